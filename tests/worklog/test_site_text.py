"""Worklog text as the site shows it: Hugo's attribute lines dropped, code kept exactly as written."""

from __future__ import annotations

import html

from archgen.worklog.site_text import block_html


def _shown(text: str) -> str:
    return html.unescape(block_html(text, lambda url: url, lambda url: None))


def test_attribute_lines_are_not_text() -> None:
    shown = _shown('![Diagram](d.png)\n{width="900" height="600"}\n\n## Setup {#setup}\n\nDone {.lead}\n')
    assert "width=" not in shown and "{#setup}" not in shown and ">Setup<" in shown
    assert "Done {.lead}" in shown  # mid-line braces are text


def test_a_json_line_is_kept_in_code_and_in_prose() -> None:
    """A one-line JSON log or IAM statement looked like an attribute list and vanished from the page."""
    shown = _shown('Log line:\n\n```json\n{"level":"WARN","msg":"SQL_INJECTION"}\n{.class}\n```\n\n'
                   '{"Effect": "Allow"}\n\n~~~~\n{#id}\n~~~~\n')
    assert '{"level":"WARN","msg":"SQL_INJECTION"}' in shown and "{.class}" in shown
    assert '{"Effect": "Allow"}' in shown and "{#id}" in shown


def test_embedded_videos_and_gists_become_links() -> None:
    """Hugo embeds them; the site shows a link rather than nothing."""
    shown = block_html('Demo: {{< youtube dQw4w9WgXcQ >}} {{< youtube id="w7Ft2ymGmfc" >}} '
                       '{{< vimeo 146022717 >}} {{< gist spf13 7896402 >}} {{< youtube "../x?y=1" >}}',
                       lambda url: url, lambda url: None)
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in shown
    assert 'href="https://www.youtube.com/watch?v=w7Ft2ymGmfc"' in shown
    assert 'href="https://vimeo.com/146022717"' in shown and 'href="https://gist.github.com/spf13/7896402"' in shown
    assert 'watch?v=xy1"' in shown and "../" not in shown  # only an id's characters reach the URL
