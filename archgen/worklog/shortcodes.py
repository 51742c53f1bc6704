"""Hugo shortcodes in worklog text, turned into what they show, before the text is rendered for the site.

- `{{% notice TYPE %}}...{{% /notice %}}` (hugo-theme-learn) becomes an admonition of that type;
- `{{< figure src="..." caption="..." >}}` an image with its caption;
- `{{< ref "path" >}}` / `relref` the link target `hugo-ref:path`, which the site resolves to its page;
- `{{< highlight LANG >}}...{{< /highlight >}}` a code block; `{{% expand "title" %}}` a details block;
- any other one its inner text (a paired one) or nothing (a lone one), never the raw `{{< ... >}}`.
An escaped one (`{{</* name */>}}`) shows as the text of the shortcode, as in Hugo.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"\{\{(?P<open>[<%])\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>(?:[^}\"']|\"[^\"]*\"|'[^']*')*?)"
                  r"\s*(?P<end>[>%])\}\}")
_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)
_ARG = re.compile(r"(?:(?P<key>\w+)\s*=\s*)?(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"']+))")
ADMONITION_TYPES = {"note": "note", "info": "info", "tip": "tip", "warning": "warning", "danger": "danger",
                    "error": "failure", "caution": "warning", "important": "important"}
_TITLES = {"note": "Note", "info": "Info", "tip": "Tip", "warning": "Warning", "danger": "Danger",
           "failure": "Error", "important": "Important"}
_MAX_DEPTH = 8


def expand(text: str, depth: int = 0) -> str:
    """The text with every shortcode replaced by markdown or (sanitised later) HTML."""
    escaped: list[str] = []

    def keep_escaped(match: re.Match[str]) -> str:
        escaped.append("{{" + match[1] + match[2] + match[3] + "}}")
        return f"\0{len(escaped) - 1}\0"

    text = _ESCAPED.sub(keep_escaped, text)
    out, position = [], 0
    for match in _TAG.finditer(text):
        if match.start() < position:
            continue
        out.append(text[position:match.start()])
        position = match.end()
        if match["close"]:
            continue  # a closing tag without its opening one: nothing to show
        end = _closing(text, match)
        inner = text[match.end():end.start()] if end else None
        out.append(_replace(match["name"].lower(), _args(match["args"]), inner, depth))
        if end:
            position = end.end()
    out.append(text[position:])
    result = "".join(out)
    return re.sub(r"\0(\d+)\0", lambda m: html.escape(escaped[int(m[1])]), result)


def _closing(text: str, opening: re.Match[str]) -> re.Match[str] | None:
    """The matching `{{< /name >}}`, counting nested shortcodes of the same name."""
    name = opening["name"].lower()
    level = 1
    for match in _TAG.finditer(text, opening.end()):
        if match["name"].lower() != name:
            continue
        level += -1 if match["close"] else 1
        if level == 0:
            return match
    return None


def _args(text: str) -> tuple[list[str], dict[str, str]]:
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG.finditer(text):
        value = match["dq"] if match["dq"] is not None else match["sq"] if match["sq"] is not None else match["bare"]
        if match["key"]:
            named[match["key"].lower()] = value
        else:
            positional.append(value)
    return positional, named


def _replace(name: str, args: tuple[list[str], dict[str, str]], inner: str | None, depth: int) -> str:
    positional, named = args
    body = expand(inner, depth + 1) if inner is not None and depth < _MAX_DEPTH else (inner or "")
    if name == "notice":
        kind = ADMONITION_TYPES.get((positional or ["note"])[0].lower(), "note")
        title = positional[1] if len(positional) > 1 else named.get("title", _TITLES[kind])
        return (f'\n\n<div class="admonition {kind}">\n<p class="admonition-title">{html.escape(title)}</p>\n\n'
                f"{body.strip()}\n\n</div>\n\n")
    if name in ("ref", "relref"):
        target = positional[0] if positional else named.get("path", "")
        return "hugo-ref:" + target.replace(" ", "%20").replace(")", "%29")
    if name == "figure":
        return _figure(named)
    if name in ("highlight", "code"):
        language = re.sub(r"[^\w+-]", "", positional[0]) if positional else ""
        return f"\n\n```{language}\n{(inner or '').strip(chr(10))}\n```\n\n"
    if name in _EMBEDS:  # a video or gist Hugo embeds: the site links to it instead
        return _embed_link(name, positional, named)
    if name == "expand":
        title = html.escape(positional[0] if positional else "Expand")
        return f"\n\n<details>\n<summary>{title}</summary>\n\n{body.strip()}\n\n</details>\n\n"
    return body


# Hugo's embedding shortcodes: (link text, URL pattern, how many positional ids it takes)
_EMBEDS = {"youtube": ("YouTube video", "https://www.youtube.com/watch?v={0}", 1),
           "vimeo": ("Vimeo video", "https://vimeo.com/{0}", 1),
           "gist": ("GitHub gist", "https://gist.github.com/{0}/{1}", 2)}


def _embed_link(name: str, positional: list[str], named: dict[str, str]) -> str:
    text, pattern, count = _EMBEDS[name]
    ids = (positional or [named.get("id", "")])[:count]
    ids = [re.sub(r"[^\w-]", "", value) for value in ids]  # ids only: nothing else reaches the URL
    if len(ids) < count or not all(ids):
        return ""
    return f"[{text}]({pattern.format(*ids)})"


def _figure(named: dict[str, str]) -> str:
    src = named.get("src", "")
    alt = named.get("alt") or named.get("title") or named.get("caption") or ""
    caption = named.get("caption") or named.get("title") or ""
    image = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
    figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f"\n\n<figure>{image}{figcaption}</figure>\n\n"
