"""Links: a relation with its meaning resolved and both sides' declarations found.

A relation names its meaning (`meaning:`), or its data access (`access:`), or leaves it to the
pair when the two kinds share exactly one meaning. Everything downstream (diagrams, docs,
templates, audit) reads the link, never the kinds' declarations again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from archgen.errors import a_or_an, one_of, suggest
from archgen.grants import Grant, from_model, from_profile, profile
from archgen.meanings import ACCESS_MEANINGS, MEANINGS, Meaning

if TYPE_CHECKING:
    from archgen.kinds import Kind, Registry
    from archgen.kinds._base import Side
    from archgen.schema import ComponentBase, Relation


@dataclass(frozen=True)
class Link:
    relation: Relation
    meaning: Meaning
    source: ComponentBase
    target: ComponentBase
    out: Side   # the source kind's declaration
    into: Side  # the target kind's declaration
    grant: Grant | None
    source_kind: Kind
    target_kind: Kind
    via: ComponentBase | None = None  # the component acting for the relation (`via:`), e.g. an upload's signer
    via_kind: Kind | None = None

    @property
    def key(self) -> str:
        return self.relation.key

    @property
    def index(self) -> int:
        return self.relation.index

    @property
    def wired(self) -> bool:
        """Whether the relation becomes CloudFormation (wiring or a grant)."""
        return (self.source_kind.wires_for(self, self.out) or self.target_kind.wires_for(self, self.into)
                or self.grant is not None or self.wired_via)

    @property
    def wired_via(self) -> bool:
        """Whether the component acting for the relation (`via`) renders something for it."""
        return self.via_kind is not None and self.via_kind.wires_via(self)

    @property
    def reads_manifest(self) -> bool:
        return self.out.reads_manifest or self.into.reads_manifest

    def becomes(self) -> str:
        """What the relation becomes, in a sentence: both sides' parts and the grant."""
        parts = [text for text in (self.source_kind.side_text(self, self.out),
                                   self.target_kind.side_text(self, self.into)) if text]
        if self.grant is not None:
            parts.append(grant_text(self.grant, self.target.id, self.via.id if self.via is not None else None,
                                    source=self.source.id))
        return "; ".join(parts) or f"{self.source.id} {self.meaning.phrase} {self.target.id}"


def grant_text(grant: Grant, target: str, via: str | None = None, source: str | None = None) -> str:
    where = {"role": "its role", "queue-policy": "the queue's policy", "topic-policy": "the topic's policy",
             "lambda-permission": "a Lambda permission"}[grant.type]
    if grant.holder == "via" and via is not None:
        where = f"the role of {via}"
    if grant.type == "role" and grant.holder == "target" and source is not None:
        # the target's role acts on the source (a function reading a stream): say whose role, on what
        where, target = f"the role of {target}", source
    origin = {"sam": "SAM connector profile", "kind": "no SAM profile: the kind's own grant",
              "model": "no SAM profile: the grant written on the relation"}[grant.origin]
    narrowed = ", narrowed to the calls the code makes" if grant.narrowed else ""
    return f"{', '.join(grant.actions)} on {target} ({where}; {origin}{narrowed})"


def meanings_between(registry: Registry, source_kind: str, target_kind: str) -> list[str]:
    """The meanings a relation between components of these kinds may have, in the source's order."""
    source, target = registry[source_kind], registry[target_kind]
    return [side.meaning for side in source.offers
            if side.admits(target_kind) and target.accepted(side.meaning, source_kind) is not None]


class Unresolved(ValueError):
    """The relation's meaning cannot be found: the message says what the pair allows."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def resolve(registry: Registry, relation: Relation, source: ComponentBase, target: ComponentBase) -> str:
    """The relation's meaning, or Unresolved naming the meanings the pair allows."""
    allowed = meanings_between(registry, source.kind, target.kind)
    pair = f"{article(source.kind)} {source.kind} ('{source.id}') and {article(target.kind)} {target.kind} ('{target.id}')"
    if not allowed:
        raise Unresolved(f"{pair} cannot relate{_the_other_way(registry, source, target, None)}: "
                         f"{_what_they_do(registry, source.kind, target.kind)}", "to")
    if relation.access and not relation.meaning and not set(allowed) & set(ACCESS_MEANINGS):
        raise Unresolved(f"'access' has no meaning between {pair}, which may only be {one_of(allowed)}: remove it"
                         f"{_the_other_way(registry, source, target, relation.access)}", "access")
    wanted = relation.meaning or relation.access
    if wanted is not None:
        if wanted not in allowed:
            field = "meaning" if relation.meaning else "access"
            raise Unresolved(f"'{wanted}' is not a meaning between {pair}{suggest(wanted, allowed)}: it may be "
                             f"{one_of(allowed)}{_the_other_way(registry, source, target, wanted)}", field)
        if relation.meaning and relation.access and relation.access != relation.meaning:
            raise Unresolved(f"access '{relation.access}' contradicts meaning '{relation.meaning}': "
                             "give one of them", "access")
        return wanted
    implicit = [m for m in allowed if not MEANINGS[m].explicit]  # `on-failure` is only ever said by name
    if len(implicit) == 1:
        return implicit[0]
    fitting = [m for m in implicit if _fields_fit(registry, relation, source, target, m)]
    if len(fitting) == 1:  # the fields say which (an API's `routes` invoke a function, its `protects` ask it)
        return fitting[0]
    data = [m for m in allowed if m in ACCESS_MEANINGS]
    others = [m for m in implicit if m not in ACCESS_MEANINGS]
    if data and len(others) == 1:  # data access is said with `access:`, never implied (users -> bucket: upload)
        return others[0]
    how = ("add 'access: read', 'write' or 'read-write'" if data == allowed
           else f"add 'meaning:' with one of {', '.join(allowed)}")
    raise Unresolved(f"the relation between {pair} could mean {one_of(allowed)}: {how}", "to")


def _fields_fit(registry: Registry, relation: Relation, source: ComponentBase, target: ComponentBase,
                meaning: str) -> bool:
    """Whether the relation has every field the two sides of `meaning` require (some require none: no fit)."""
    out, into = registry[source.kind].offered(meaning, target.kind), registry[target.kind].accepted(meaning, source.kind)
    required = set(out.requires if out else ()) | set(into.requires if into else ())
    return bool(required) and all(getattr(relation, name) is not None for name in required)


def _the_other_way(registry: Registry, source: ComponentBase, target: ComponentBase, wanted: str | None) -> str:
    """`; from 'fn' to 'table' it may be 'read'`: when the relation is written the wrong way round."""
    back = meanings_between(registry, target.kind, source.kind)
    if wanted is not None:
        back = [meaning for meaning in back if meaning == wanted]
    if not back:
        return ""
    return f" (or swap 'from' and 'to': from '{target.id}' to '{source.id}' it may be {one_of(back)})"


def _what_they_do(registry: Registry, source_kind: str, target_kind: str) -> str:
    source = registry[source_kind]
    targets = sorted({kind.name for kind in registry for side in source.offers
                      if side.admits(kind.name) and kind.accepted(side.meaning, source_kind)})
    a = article(source_kind)
    return f"{a} {source_kind} may relate to {one_of(targets)}" if targets else f"{a} {source_kind} starts no relations"


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def build(registry: Registry, relation: Relation, source: ComponentBase, target: ComponentBase,
          via: ComponentBase | None = None) -> Link:
    """The link of a validated relation (`via`: the component its `via:` names, when it has one)."""
    name = resolve(registry, relation, source, target)
    source_kind, target_kind = registry[source.kind], registry[target.kind]
    out = source_kind.offered(name, target.kind)
    into = target_kind.accepted(name, source.kind)
    assert out is not None and into is not None  # resolve() found both
    via_kind = registry[via.kind] if via is not None else None
    grant = find_grant(source_kind, target_kind, MEANINGS[name], out, into)
    if grant is None and via_kind is not None and via_kind.grants_as is not None:
        grant = via_grant(via_kind.grants_as, target_kind, MEANINGS[name])
    for side in (out, into):
        if grant is not None and side.narrow:  # the profile's statements, only those calls (not the code's)
            grant = replace(grant.narrow(list(side.narrow)), narrowed=())
    if relation.grant is not None and grant is None:
        grant = from_model(relation.grant.actions, relation.grant.resources)
    if grant is not None and relation.actions:
        grant = grant.narrow(relation.actions)
    return Link(relation, MEANINGS[name], source, target, out, into, grant, source_kind, target_kind, via, via_kind)


def find_grant(source_kind: Kind, target_kind: Kind, meaning: Meaning, out: Side, into: Side) -> Grant | None:
    """SAM's profile for the pair, else the grant a side writes because no profile exists."""
    found = profile(source_kind.cfn_type, target_kind.cfn_type)
    if found is not None:
        grant = from_profile(found, meaning.categories)
        if grant is not None:
            return grant
    for side in (into, out):
        if side.grant:
            return Grant("role", side.grant_holder, (), side.grant, "kind")
    return None


def via_grant(role_type: str, target_kind: Kind, meaning: Meaning) -> Grant | None:
    """The grant of a relation acted for by a component whose role takes SAM's profiles of `role_type` (an
    identity pool's role, as a function's): those statements, on the acting component's role."""
    found = profile(role_type, target_kind.cfn_type)
    grant = from_profile(found, meaning.categories) if found is not None else None
    if grant is None or grant.type != "role":
        return None
    return replace(grant, holder="via")


def field_problems(link: Link, present: set[str]) -> list[tuple[str, str]]:
    """(field, message) for each relation field the two sides need and miss, or do not read."""
    requires = set(link.out.requires) | set(link.into.requires)
    readable = requires | set(link.out.allows) | set(link.into.allows)
    if link.meaning.name in ACCESS_MEANINGS:
        readable.add("access")
    what = f"{a_or_an(repr(link.meaning.name))} relation to {a_or_an(link.target.kind)}"
    problems = [(name, f"is required for {what}") for name in sorted(requires - present)]
    problems += [(name, f"has no meaning on {what}: remove it") for name in sorted(present - readable)]
    return problems
