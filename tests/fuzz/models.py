"""Random valid models, built from the kind registry: hypothesis strategies and a repair loop.

Nothing here names a kind: the components are drawn from `registry()`, their settings from each kind's
pydantic settings model (its JSON Schema), started from the kind's golden fixture when it has one; the
relations from what the kinds offer and accept (`meanings_between`, the sides' required fields); flows
are walks along the relations; every free-text field holds hostile text. A drawn model that does not
validate is repaired from its own errors (a setting dropped, a rule waived with a reason where it may be, a
relation, flow or component left out) until it does, so new kinds are fuzzed as soon as they are registered.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from archgen.errors import ModelInvalid
from archgen.kinds import registry
from archgen.links import meanings_between
from archgen.schema import LAYERS
from archgen.rules import rules
from archgen.validate import load_model

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "templates" / "kinds"
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1", "us-west-2")
# Hostile text: HTML, JS URLs, Markdown, Jinja, DOT, `${}`, bidi and zero-width characters, emoji, YAML words.
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "[x](javascript:alert(1))",
           "{{ 7*7 }} {% raw %}", "${AWS::Region} ${!x} ${Foo.Arn}", "*b* _i_ `c` | # { onclick=x }",
           "\u202eevil\u202c \u200bzw", "שלום עולם", "مرحبا 🚀", "👩‍💻 ✓ \\N \\l \\G", "ON", "off", "yes", "~",
           '<x>] evil [label="PWNED" URL="javascript:alert(document.domain)"] y [tooltip=<z>', "a -> b: c",
           "</td></tr></table> &lt;b&gt; &amp; \" ' %s", "<!-- c --> <https://evil.example>", "line\nbreak"]
_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs", "Co", "Cn"))


@st.composite
def text(draw: st.DrawFn, max_size: int, one_line: bool = False) -> str:
    """Hostile text that still has something visible (a leading letter) and fits `max_size`."""
    piece = draw(st.one_of(st.sampled_from(HOSTILE), st.text(_ALPHABET, min_size=1, max_size=20)))
    if draw(st.booleans()):
        piece += " " + draw(st.sampled_from(HOSTILE))
    value = ("T " + piece)[:max_size]
    if one_line:
        value = re.sub(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", " ", value)
    return value


def _fixture_settings() -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(FIXTURES.glob("*/system.yaml")):
        for component in (yaml.safe_load(path.read_text("utf-8")).get("components") or {}).values():
            if isinstance(component, dict) and component.get("settings"):
                found.setdefault(component["kind"], []).append(component["settings"])
    return found


FIXTURE_SETTINGS = _fixture_settings()


def _settings_schema(kind: Any) -> dict[str, Any] | None:
    field = kind.component.model_fields.get("settings")
    annotation = getattr(field, "annotation", None)
    return annotation.model_json_schema() if hasattr(annotation, "model_json_schema") else None


@st.composite
def value_of(draw: st.DrawFn, schema: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> Any:
    """A value for a JSON Schema node (as pydantic writes them); it may still fail a check no schema says."""
    if "$ref" in schema:
        return draw(value_of(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, depth))
    if "anyOf" in schema:
        return draw(value_of(draw(st.sampled_from(schema["anyOf"])), defs, depth))
    if "enum" in schema:
        return draw(st.sampled_from(schema["enum"]))
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "null":
        return None
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "integer":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1)
        high = schema.get("maximum", schema.get("exclusiveMaximum", low + 1001) - 1)
        return draw(st.integers(low, high))
    if kind == "number":
        return draw(st.floats(schema.get("minimum", 0), schema.get("maximum", 1000), allow_nan=False))
    if kind == "string":
        low, high = schema.get("minLength", 1), min(schema.get("maxLength", 40), 60)
        if "pattern" in schema:
            return draw(st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: low <= len(s) <= high))
        if schema.get("format") == "email":
            return "ops@example.com"
        return draw(text(high, one_line=True)).ljust(low, "x")
    if kind == "array":
        items = schema.get("items", {"type": "string"})
        low, high = schema.get("minItems", 0), min(schema.get("maxItems", 3), 3)
        values = draw(st.lists(value_of(items, defs, depth + 1), min_size=low, max_size=max(low, high)))
        return [v for i, v in enumerate(values) if repr(v) not in map(repr, values[:i])]  # no repeats
    if kind == "object" or "properties" in schema:
        if depth > 3:
            return {}
        result = {}
        for name, sub in schema.get("properties", {}).items():
            if name in schema.get("required", ()) or draw(st.integers(0, 3)) == 0:
                result[name] = draw(value_of(sub, defs, depth + 1))
        return result
    return None


@st.composite
def settings_of(draw: st.DrawFn, kind: Any) -> dict[str, Any] | None:
    schema = _settings_schema(kind)
    if schema is None:
        return None
    base = copy.deepcopy(draw(st.sampled_from(FIXTURE_SETTINGS[kind.name]))) if kind.name in FIXTURE_SETTINGS else {}
    for name, sub in schema.get("properties", {}).items():
        if (name in schema.get("required", ()) and name not in base) or draw(st.integers(0, 4)) == 0:
            base[name] = draw(value_of(sub, schema.get("$defs", {})))
    return base or None


def raw_model() -> st.SearchStrategy[dict[str, Any]]:
    """A model drawn from scratch, or a kind's golden fixture (a whole small system) made hostile: scratch
    models reach odd combinations, fixtures reach deep wiring that random relations rarely complete (a
    database in its VPC behind its proxy, with its logs)."""
    return st.one_of(scratch_model(), fixture_model())


FIXTURE_MODELS = sorted(path.parent for path in FIXTURES.glob("*/system.yaml"))
TEXT_FIELDS = {"label": 40, "description": 300, "title": 300}


@st.composite
def fixture_model(draw: st.DrawFn) -> dict[str, Any]:
    """A golden fixture's model: hostile text in every free-text field, some settings redrawn, some relations
    left out (repair drops what they leave invalid), its other files copied (`_from`)."""
    folder = draw(st.sampled_from(FIXTURE_MODELS))
    data = yaml.safe_load((folder / "system.yaml").read_text("utf-8"))
    data.setdefault("flows", {})
    data.setdefault("views", {})
    data.setdefault("exceptions", [])
    kinds = registry()
    for part in [data["system"], *data["components"].values(), *data["flows"].values(), *data["views"].values()]:
        for field, size in TEXT_FIELDS.items():
            if field in part and draw(st.integers(0, 3)) > 0:
                part[field] = draw(text(size, one_line=field != "description"))
    for component in data["components"].values():
        schema = _settings_schema(kinds[component["kind"]]) if component.get("kind") in kinds.names else None
        if schema and schema.get("properties") and draw(st.integers(0, 3)) == 0:
            name = draw(st.sampled_from(sorted(schema["properties"])))
            component.setdefault("settings", {})[name] = draw(value_of(schema["properties"][name],
                                                                       schema.get("$defs", {})))
    for flow in data["flows"].values():
        flow["steps"] = [step.split(":", 1)[0] + ": " + draw(text(200, one_line=True)) for step in flow["steps"]]
    relations = data.get("relations") or []
    for relation in relations:
        relation["label"] = draw(text(40, one_line=True))
    if relations and draw(st.booleans()):
        relations.pop(draw(st.integers(0, len(relations) - 1)))
    data["relations"] = relations
    data["_from"] = str(folder)
    return data


@st.composite
def scratch_model(draw: st.DrawFn, max_components: int = 7) -> dict[str, Any]:
    """A model as plain data, before repair: components, relations, flows, views, exceptions."""
    kinds = registry()
    names = draw(st.lists(st.sampled_from(kinds.names), min_size=1, max_size=max_components))
    components: dict[str, Any] = {}
    for index, name in enumerate(names):
        kind = kinds[name]
        component: dict[str, Any] = {"kind": name, "label": draw(text(40, one_line=True)),
                                     "description": draw(text(300))}
        settings = draw(settings_of(kind))
        if settings:
            component["settings"] = settings
        components[f"{name.split('.')[-1].replace('_', '-')}-{index}"] = component
    relations = draw(_relations(components, kinds))
    flows = draw(_flows(relations))
    views: dict[str, Any] = {"architecture": {"title": draw(text(300, one_line=True)), "description": draw(text(300)),
                                              "layers": list(LAYERS)}}
    for flow_id in flows:
        views[f"{flow_id}-view"] = {"title": draw(text(300, one_line=True)), "description": draw(text(300)),
                                   "flow": flow_id}
    exceptions = [{"kind": name, "control": check, "reason": _reason(draw)}
                  for name in sorted(set(names)) for check in sorted(kinds[name].waivers)]
    for component_id, component in components.items():
        controls = sorted(kinds[component["kind"]].controls)
        if controls and draw(st.integers(0, 3)) == 0:  # a security default switched off, with its reason
            exceptions.append({"component": component_id, "control": draw(st.sampled_from(controls)),
                               "reason": _reason(draw)})
    return {"system": {"name": "fuzz", "title": draw(text(300, one_line=True)), "description": draw(text(2000)),
                       "region": draw(st.sampled_from(REGIONS)), "environment": "dev", "domain": "fuzz.example.com",
                       "tags": draw(st.dictionaries(st.sampled_from(["project", "owner", "team"]),
                                                    st.text(st.characters(categories=("L", "N", "Zs")), max_size=20),
                                                    max_size=2))},
            "components": components, "relations": relations, "flows": flows, "views": views,
            "exceptions": exceptions}


def _reason(draw: st.DrawFn) -> str:
    return ("Reason: " + draw(text(400))).ljust(12, ".")


@st.composite
def _relations(draw: st.DrawFn, components: dict[str, Any], kinds: Any) -> list[dict[str, Any]]:
    pairs = [(a, b, meanings_between(kinds, components[a]["kind"], components[b]["kind"]))
             for a in components for b in components if a != b]
    allowed = [(a, b, meanings) for a, b, meanings in pairs if meanings]
    chosen = draw(st.lists(st.sampled_from(allowed), unique_by=lambda p: (p[0], p[1]),
                           min_size=min(len(allowed), 2), max_size=12)) if allowed else []
    relations = []
    for number, (source, target, meanings) in enumerate(chosen):
        meaning = draw(st.sampled_from(meanings))
        relation: dict[str, Any] = {"from": source, "to": target, "label": draw(text(40, one_line=True))}
        if len(meanings) > 1:
            relation["meaning"] = meaning
        out = next(s for s in kinds[components[source]["kind"]].offers
                   if s.meaning == meaning and s.admits(components[target]["kind"]))
        into = kinds[components[target]["kind"]].accepted(meaning, components[source]["kind"])
        for field in sorted(set(out.requires) | set(into.requires if into else ())):
            relation[field] = _required(draw, field, number, components, source)
        relations.append(relation)
    served: dict[str, list[str]] = {}
    for relation in relations:
        served.setdefault(relation["from"], []).extend(relation.get("routes") or [])
    for relation in relations:
        if relation.get("protects") == "served":
            relation["protects"] = served.get(relation["from"]) or ["GET /none"]
    return relations


def _required(draw: st.DrawFn, field: str, number: int, components: dict[str, Any], source: str) -> Any:
    if field == "routes":
        return draw(st.lists(st.sampled_from([f"GET /r{number}", f"POST /r{number}", f"GET /r{number}/{{id}}",
                                              f"DELETE /r{number}/{{id}}"]), min_size=1, max_size=3, unique=True))
    if field == "protects":
        return "served"  # every route the source serves: filled in once all relations are drawn
    if field == "path":
        return f"/p{number}/*"
    if field == "access":
        return draw(st.sampled_from(["read", "write", "read-write"]))
    if field == "prefix":
        return f"in{number}/"
    if field == "suffix":
        return draw(st.sampled_from([".png", ".jpg", ".json"]))
    if field == "filter":
        return {"type": [f"t{number}"]}
    if field == "via":
        functions = [c for c, v in components.items() if v["kind"] == "lambda.function"]
        return draw(st.sampled_from(functions)) if functions else "none"
    if field == "grant":
        return {"actions": ["ssm:GetParameter"]}
    return None


@st.composite
def _flows(draw: st.DrawFn, relations: list[dict[str, Any]]) -> dict[str, Any]:
    if not relations:
        return {}
    flows = {}
    for number in range(draw(st.integers(0, 2))):
        relation = draw(st.sampled_from(relations))
        here, steps = relation["from"], []
        for _ in range(draw(st.integers(1, 5))):
            options = [r["to"] for r in relations if r["from"] == here] + [r["from"] for r in relations if r["to"] == here]
            if not options:
                break
            there = draw(st.sampled_from(options))
            steps.append(f"{here} -> {there}: {draw(text(200, one_line=True))}")
            here = there
        if steps:
            flows[f"flow-{number}"] = {"title": draw(text(300, one_line=True)), "description": draw(text(300)),
                                       "steps": steps}
    return flows


# --- from drawn data to a valid project -------------------------------------------------------------
_STEP = re.compile(r"^(\w+)((?:\[\d+\]|\.[^.\[]+)*)$")
ROUNDS = 10
# The rules an exception may waive; a component failing another rule is left out (what AWS would refuse).
WAIVABLE = frozenset(rule.id for rule in rules() if rule.may_be_waived)


def write_project(root: Path, data: dict[str, Any]) -> Path:
    """The model as `root/model/system.yaml`, with the code folders its components name."""
    model = root / "model"
    model.mkdir(parents=True, exist_ok=True)
    origin = data.get("_from")
    if origin is not None:  # a fixture's code, workflow and schema files
        skipped = shutil.ignore_patterns("*.yaml", ".generated.json")  # the model is written below
        shutil.copytree(origin, model, dirs_exist_ok=True, ignore=skipped)
    written = {key: value for key, value in data.items() if key != "_from"}
    (model / "system.yaml").write_text(yaml.safe_dump(written, allow_unicode=True, sort_keys=False), "utf-8")
    kinds = registry()
    for component_id, raw in data["components"].items():
        kind = kinds.get(raw.get("kind"))
        try:
            component = kind.component.model_validate(raw) if kind else None
        except Exception:  # noqa: BLE001 (validation reports it; repair drops or fixes it)
            continue
        if component is None:
            continue
        component._id = component_id
        for _, relative in kind.model_files(component):
            folder = model / relative
            if folder.resolve().is_relative_to(model.resolve()):
                folder.mkdir(parents=True, exist_ok=True)
                handler_files = getattr(component.settings, "handler_files", None)
                if callable(handler_files) and not any((folder / f).is_file() for f in handler_files()):
                    target = folder / handler_files()[0]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text("def handler(event, context):\n    return {}\n")
    return model


def parse_path(path: str) -> list[str | int]:
    """`relations[3].routes[0]` -> ['relations', 3, 'routes', 0] (a component id may hold dashes)."""
    parts: list[str | int] = []
    for token in re.findall(r"\[(\d+)\]|([^.\[\]]+)", path):
        parts.append(int(token[0]) if token[0] else token[1])
    return parts


def repair(data: dict[str, Any], errors: list[Any]) -> bool:
    """Change `data` so that each error goes away; False when an error has nothing to repair."""
    drop_relations: set[int] = set()
    drop_components: set[str] = set()
    changed = False
    for error in errors:
        parts, rule = parse_path(error.path), re.match(r"^([EWI]\d{3}) ", error.message)
        if not parts:
            return False
        head = parts[0]
        unkept = re.search(r"cannot keep its control '([a-z-]+)'", error.message) if rule and rule[1] == "E109" else None
        if unkept and head == "components" and len(parts) == 2:  # a control the design cannot keep: off, with why
            data["exceptions"].append({"component": parts[1], "control": unkept[1],
                                       "reason": "Fuzzed model: this control cannot be kept as the model is."})
            changed = True
        elif rule and head == "components" and len(parts) == 2 and rule[1] in WAIVABLE:
            data["exceptions"].append({"component": parts[1], "control": rule[1],
                                       "reason": "Fuzzed model: this rule is waived to reach generation."})
            changed = True
        elif head == "components" and len(parts) >= 4 and parts[2] == "settings" and \
                isinstance(data["components"].get(parts[1], {}).get("settings"), dict) and \
                parts[3] in data["components"][parts[1]]["settings"] and "missing" not in error.message:
            del data["components"][parts[1]]["settings"][parts[3]]
            changed = True
        elif head == "components" and len(parts) >= 2:
            drop_components.add(str(parts[1]))
        elif head == "relations" and len(parts) >= 2 and isinstance(parts[1], int):
            drop_relations.add(parts[1])
        elif head == "flows" and len(parts) >= 2:
            data["flows"].pop(parts[1], None)
            changed = True
        elif head == "views" and len(parts) >= 2:
            data["views"].pop(parts[1], None)
            changed = True
        elif head == "exceptions" and len(parts) >= 2 and isinstance(parts[1], int):
            data["exceptions"][parts[1]] = None
            changed = True
        elif head == "system":
            data["system"]["tags"] = {}
            changed = True
        else:
            return False
    data["exceptions"] = [e for e in data["exceptions"] if e is not None]
    if drop_components:
        for component_id in drop_components:
            data["components"].pop(component_id, None)
        data["relations"] = [r for r in data["relations"] if r["from"] not in drop_components
                             and r["to"] not in drop_components and r.get("via") not in drop_components]
        data["exceptions"] = [e for e in data["exceptions"] if e.get("component") not in drop_components]
    if drop_relations:
        data["relations"] = [r for i, r in enumerate(data["relations"]) if i not in drop_relations]
    if drop_components or drop_relations:
        pairs = {(r["from"], r["to"]) for r in data["relations"]}
        pairs |= {(b, a) for a, b in pairs}
        data["flows"] = {flow_id: flow for flow_id, flow in data["flows"].items()  # those still along relations
                         if all(tuple(part.strip() for part in step.split(":", 1)[0].split("->")) in pairs
                                for step in flow["steps"])}
        data["views"] = {k: v for k, v in data["views"].items() if v.get("flow") in (None, *data["flows"])}
        changed = True
    if not data["components"]:
        return False
    return changed


def valid_project(root: Path, data: dict[str, Any]) -> tuple[Path, list[str]] | None:
    """Repair `data` until it validates; the project folder and the errors repaired on the way, or None."""
    seen: list[str] = []
    for _ in range(ROUNDS):
        model = write_project(root, data)
        try:
            load_model(model)
            return model, seen
        except ModelInvalid as invalid:
            seen += [re.sub(r"'[^']*'", "'.'", e.message)[:90] for e in invalid.errors]
            if not repair(data, invalid.errors):
                return None
    return None
