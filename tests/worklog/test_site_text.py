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
