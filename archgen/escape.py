"""One escaping policy for model text, applied where it leaves the model for a page or a picture.

Model text (labels, descriptions, flow messages, titles, reasons, tags, setting values) is untrusted:
models arrive in merge requests. Every renderer that puts it into Markdown, HTML or DOT goes through
these functions, and nothing else builds markup from model text. Links and URLs are only ever made
from the model's *structure* (ids, page paths), never from its text.

    clean(text)          the normalisation every other function starts with: control characters become
                         spaces; bidi controls and invisible format characters are dropped (they could
                         reorder or hide what a reviewer reads); right-to-left runs are isolated.
    markdown(text)       inline Markdown for Python-Markdown/mkdocs: HTML-escaped *and* every Markdown
                         and attr_list punctuation backslash-escaped, whitespace collapsed to one line,
                         so it renders as exactly the text, in a paragraph, heading, list or table cell.
    markdown_code(text)  an inline code span that no backtick run in the text can close.
    html(text)           text for HTML content or a quoted attribute value (site name, nav titles, banners).
    dot(text)            a DOT attribute value (label, tooltip, cluster title): never read as an HTML-like
                         label, no Graphviz escape sequence (`\\N`, `\\l`) left live.
    dot_html(text)       text inside a Graphviz HTML-like label: XML-escaped.
    link_url(text)       an output value (e.g. a deployed URL) as an `https?://` URL for a link, or None.
    ec2_description(t)   a security group's or rule's description, in the characters EC2 accepts.
    cfn_text(text, n)    a CloudFormation string property (a description): one clean line, at most n characters.
    cfn_charset(text, allowed, n)  the same, keeping only the characters a property's pattern allows
                         (a WAF description), or None when too little is left to say anything.
    cfn_literal(text)    text inside an `Fn::Sub`: every `${` written `${!`, so model text never names a
                         variable (the templates' emitter applies it to every string that holds `${`).
    tag_problem(text)    why a tag key or value cannot be carried by CloudFormation, or None.

`isolate` is applied by `clean`: text holding a right-to-left letter is wrapped in FIRST STRONG
ISOLATE ... POP DIRECTIONAL ISOLATE, so it cannot flip the order of what stands around it (the
arrows and names of a flow step). Left-to-right text is left byte-for-byte as it was.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata


__all__ = ["clean", "isolate", "markdown", "markdown_code", "html", "dot", "dot_html", "link_url",
           "ec2_description", "cfn_sub", "cfn_text", "cfn_charset", "cfn_literal", "tag_problem", "FSI", "PDI",
           "MARKDOWN_SPECIALS"]

FSI, PDI = "\u2068", "\u2069"
# Bidi embeddings, overrides, isolates and marks: model text may not steer the direction of anything.
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Invisible characters with no use in a label, that could make two labels look alike or hide text.
# ZWJ and ZWNJ (U+200D, U+200C) are kept: emoji sequences and several scripts need them.
_INVISIBLE = "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
_DROPPED = {ord(c): None for c in _BIDI_CONTROLS + _INVISIBLE}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")
# Python-Markdown's backslash escapes (attr_list's `{ onclick=... }` among them) and its tables' `|`;
# a backslash before any other character would show.
MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|"
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(MARKDOWN_SPECIALS) + "])")
_BACKTICKS = re.compile(r"`+")
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/+-]*)?$")


def _right_to_left(text: str) -> bool:
    if text.isascii():  # no ASCII character is right-to-left; most model text is ASCII
        return False
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def isolate(text: str) -> str:
    """Text with a right-to-left letter, isolated from its surroundings; other text unchanged."""
    return f"{FSI}{text}{PDI}" if _right_to_left(text) else text


def clean(text: object) -> str:
    """Model text made safe to show anywhere: no control, bidi or invisible characters; RTL isolated."""
    value = str(text)
    if value.isascii():  # every character dropped below lies outside ASCII, but the C0 controls
        return _CONTROL.sub(" ", value)
    return isolate(_CONTROL.sub(" ", value).translate(_DROPPED))


def markdown(text: object) -> str:
    """Model text as inline Markdown that renders as exactly that text (no markup, no link, no HTML)."""
    one_line = _SPACES.sub(" ", clean(text)).strip()
    escaped = _html.escape(one_line, quote=False)  # < > &: no raw HTML, no entity (Markdown quotes attributes itself)
    # `&` of the entities above is not a Markdown special; the rest are backslash-escaped
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def markdown_code(text: object) -> str:
    """Model text as one inline code span (Markdown escapes its HTML itself)."""
    value = _SPACES.sub(" ", clean(text)).strip()
    longest = max((len(run) for run in _BACKTICKS.findall(value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def html(text: object) -> str:
    """Model text for HTML content or a double- or single-quoted attribute."""
    return _html.escape(_SPACES.sub(" ", clean(text)).strip(), quote=True)


def dot(text: object) -> str:
    """Model text as a DOT attribute value: quoted by graphviz, never an HTML-like `<...>` label, and
    with backslashes doubled so Graphviz's escapes (`\\N`, `\\G`, `\\l`) stay literal."""
    from graphviz import nohtml  # here, not at the top: only drawing needs Graphviz's bindings

    value = clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return nohtml(value)


def dot_html(text: object) -> str:
    """Model text inside a Graphviz HTML-like label (its XML: no tag, no entity of the model's). `]` is
    written as a character reference too: Graphviz 2.43's label parser refuses a line of a cell that starts
    with one ("non-space string used after </TABLE>"), as a wrapped label's line may."""
    return _html.escape(clean(text), quote=True).replace("]", "&#93;")


def link_url(text: object) -> str | None:
    """A value as a plain http(s) URL fit for a link's href, or None (then show it as text only)."""
    value = str(text).strip()
    return value if _URL.match(value) else None


def cfn_sub(text: object) -> str:
    """Model text inside a CloudFormation `Fn::Sub` (a mapping template): every `${` it writes stays literal
    (`${!`), so only the variables the kind adds are substituted."""
    return clean(text).replace("${", "${!")


# EC2 takes security group and rule descriptions in a narrow character set only.
_EC2_UNSAFE = re.compile(r"[^A-Za-z0-9. _\-:/()#,@\[\]+=&;{}!$*]")


def ec2_description(text: object, limit: int = 255) -> str:
    """Model text as an EC2 description: any character EC2 refuses becomes a space, at most `limit` long."""
    return _SPACES.sub(" ", _EC2_UNSAFE.sub(" ", clean(text))).strip()[:limit]


ELLIPSIS = "\u2026"
# CloudFormation's tag pattern (`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`, cfn-lint E3031): letters, separators,
# numbers and these; no emoji, no symbol, no control character.
_TAG_PUNCTUATION = set("_.:/=+-@")
_TAG_CATEGORIES = ("L", "Z", "N")


def cfn_text(text: object, max_length: int | None = None) -> str:
    """Model text as one clean line for a CloudFormation string property, cut at `max_length` characters."""
    value = _SPACES.sub(" ", clean(text)).strip()
    if max_length is not None and len(value) > max_length:
        value = value[:max_length - 1].rstrip() + ELLIPSIS
    return value


def cfn_charset(text: object, allowed: str, max_length: int, minimum: int = 3) -> str | None:
    """Model text with every character outside the regex class `allowed` made a space, then `cfn_text`;
    None when fewer than `minimum` characters are left (leave the property out)."""
    kept = re.sub(f"[^{allowed}]", " ", _SPACES.sub(" ", clean(text)))
    value = _SPACES.sub(" ", kept).strip()
    if len(value) > max_length:
        value = value[:max_length].rstrip()
    return value if len(value) >= minimum else None


def cfn_literal(text: str) -> str:
    """Text as an `Fn::Sub` string that renders as exactly that text: `${` is Sub's `${!` escape."""
    return text.replace("${", "${!")


def tag_problem(text: str) -> str | None:
    """What keeps `text` out of a CloudFormation tag (key or value), or None when it fits."""
    bad = sorted({char for char in text if char not in _TAG_PUNCTUATION
                  and not unicodedata.category(char).startswith(_TAG_CATEGORIES)})
    if bad:
        shown = " ".join(repr(char) for char in bad[:5])
        return (f"CloudFormation tags allow only letters, digits, spaces and _ . : / = + - @; "
                f"{shown} cannot be carried: remove them")
    if text.lower().startswith("aws:"):
        return "the 'aws:' prefix is reserved for AWS's own tags: choose another"
    return None
