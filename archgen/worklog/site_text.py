"""Worklog text (untrusted markdown from students' pages) -> safe HTML for the site.

The text is rendered the way Hugo renders it (CommonMark and GFM tables, by markdown-it-py, after
its shortcodes are expanded), then cleaned by an allowlist sanitiser (nh3, the Ammonia library):
no script, no event handler, no style, no `javascript:` or `data:` URL survives. A last pass
writes the HTML out again on one line with every link and image resolved by the site:

- a link goes to the web (http, https, mailto), to another week's page, or to an image of the
  model; any other target keeps its text and loses the link;
- an image shows only when it is one of the model's worklog images (copied into the site), an
  image on the web becomes a link to it, and anything else shows its alt text;
- every character markdown would read (`* _ [ ] ( ) { } | ...`) is written as an HTML entity, so the
  site's own markdown pass (mkdocs) cannot turn the text into a link, an attribute list or a table.
"""

from __future__ import annotations

import html
import itertools
import re
from html.parser import HTMLParser
from typing import Callable

import nh3
from markdown_it import MarkdownIt

from archgen.worklog._text import fenced_spans
from archgen.worklog.layout import Line
from archgen.worklog.shortcodes import ADMONITION_TYPES, expand

Resolve = Callable[[str], str | None]  # a URL as written -> the URL on the site, or None to drop it

_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "del",
         "code", "pre", "kbd", "sub", "sup", "mark", "blockquote", "ul", "ol", "li", "a", "img", "table",
         "thead", "tbody", "tr", "th", "td", "div", "span", "figure", "figcaption", "details", "summary"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
               "div": {"class"}, "p": {"class"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
_CLASSES = {"admonition", "admonition-title", *ADMONITION_TYPES.values()}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# what the sanitiser lets through to the resolver: the web, and Hugo's ref/relref targets
_SCHEMES = {"http", "https", "mailto", "hugo-ref"}
_VOID = {"br", "hr", "img"}
# what mkdocs' markdown would read in inline text (links, emphasis, code, attribute lists, tables, HTML)
_MARKDOWN_SPECIALS = re.compile(r"[\\`*_{}\[\]!|~<>&]")
_NUMBER = re.compile(r"^\d{1,4}$")


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


_MD = _markdown()


# An attribute list opens with `.class`, `#id` or `name=` (`{width="900"}`); `{"level": "WARN"}` is JSON.
_ATTRIBUTE_LINE = re.compile(r"^[ \t]*\{:?[ \t]*(?:[.#][\w-]|[A-Za-z_][\w-]*[ \t]*=)[^{}\n]*\}[ \t]*$", re.M)
_HEADING_ATTRIBUTES = re.compile(r"^(#{1,6}[ \t].*?)[ \t]+\{[#.][^{}\n]*\}[ \t]*$", re.M)


def _without_attributes(text: str) -> str:
    """Goldmark's attribute lines (`{width="900"}` under an image, `## Title {#id}`) are not text in Hugo;
    inside a fenced code block every line is the code's."""
    lines = text.splitlines(keepends=True)
    fenced = fenced_spans([Line(0, line.rstrip("\r\n"), "") for line in lines])
    groups = itertools.groupby(zip(lines, fenced), key=lambda pair: pair[1])
    return "".join("".join(line for line, _ in group) if code else _prose_without_attributes(
        "".join(line for line, _ in group)) for code, group in groups)


def _prose_without_attributes(text: str) -> str:
    return _HEADING_ATTRIBUTES.sub(r"\1", _ATTRIBUTE_LINE.sub("", text))


def block_html(text: str, link: Resolve, image: Resolve) -> str:
    """A markdown block as one line of safe HTML, wrapped in a div (a raw HTML block for mkdocs)."""
    rendered = _MD.render(_without_attributes(expand(text)))
    return f'<div class="worklog-text">{_clean(rendered, link, image)}</div>'


def inline_html(text: str, link: Resolve, image: Resolve) -> str:
    """One line of markdown (a table cell, a list item) as safe inline HTML."""
    return _clean(_MD.renderInline(expand(text).strip()), link, image)


def plain_text(text: str) -> str:
    """Text shown as is (a heading, a title): every markdown and HTML character as an entity."""
    return _entities(" ".join(text.split()))


def _entities(text: str) -> str:
    return _MARKDOWN_SPECIALS.sub(lambda match: f"&#{ord(match.group())};", text)


def _clean(rendered: str, link: Resolve, image: Resolve) -> str:
    cleaned = nh3.clean(rendered, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                        strip_comments=True)
    writer = _Writer(link, image)
    writer.feed(cleaned)
    writer.close()
    return "".join(writer.out).strip()


class _Writer(HTMLParser):
    """Writes sanitised HTML back: links and images resolved, text as entities, all on one line."""

    def __init__(self, link: Resolve, image: Resolve) -> None:
        super().__init__(convert_charrefs=True)
        self.link, self.image = link, image
        self.out: list[str] = []
        self.dropped: list[str] = []  # tags whose link was dropped: their closing tag goes too
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a":
            target = self._target(values.get("href", ""), self.link)
            if target is None:
                self.dropped.append(tag)
                return
            values = {"href": target, **({"title": values["title"]} if "title" in values else {})}
        elif tag == "img":
            self._image(values)
            return
        if tag == "pre":
            self.pre += 1
        self.out.append(f"<{tag}{self._attributes(tag, values)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag == "a" and self.dropped:
            self.dropped.pop()
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        text = _entities(data)
        self.out.append(text.replace("\n", "&#10;") if self.pre else re.sub(r"\s*\n\s*", " ", text))

    def _target(self, url: str, resolve: Resolve) -> str | None:
        if url.startswith("#") and re.match(r"^#[\w-]+$", url):
            return url
        return resolve(url)

    def _image(self, values: dict[str, str]) -> None:
        src, alt = values.get("src", ""), values.get("alt", "")
        target = self._target(src, self.image)
        if target is not None:
            kept = {"src": target, "alt": alt, **{k: values[k] for k in ("width", "height", "title")
                                                  if k in values and (k == "title" or _NUMBER.match(values[k]))}}
            self.out.append(f"<img{self._attributes('img', kept)}>")
        elif src.lower().startswith(("http://", "https://")):
            self.out.append(f'<a href="{_attribute(src)}">{_entities(alt or src)}</a>')
        else:
            self.out.append(_entities(alt))

    def _attributes(self, tag: str, values: dict[str, str]) -> str:
        kept = []
        for name, value in values.items():
            if name not in _ATTRIBUTES.get(tag, set()):
                continue
            if name == "class":
                value = " ".join(word for word in value.split() if word in _CLASSES)
                if not value:
                    continue
            if name in ("align",) and value not in ("left", "right", "center"):
                continue
            kept.append(f' {name}="{_attribute(value)}"')
        return "".join(kept)


def _attribute(value: str) -> str:
    return html.escape(value, quote=True)  # a tag is passed through whole by markdown: HTML escaping is enough


def safe_url(url: str) -> bool:
    return url.lower().startswith(_SAFE_SCHEMES)
