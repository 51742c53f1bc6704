"""The markdown helpers: what Python-Markdown needs to keep a cell a cell and a list item an item."""

from __future__ import annotations

import markdown

from archgen.docs.markdown import bullet, cell, join_lines, link, table


def html(lines: list[str]) -> str:
    return markdown.markdown("\n".join(lines), extensions=["tables"])


def test_a_cell_keeps_its_pipes_and_line_breaks_inside() -> None:
    text = "a | b `x|y` c\nd"
    assert cell(text) == r"a \| b `x|y` c<br>d"
    rendered = html(table(["Head", "Other"], [[text, "z"]]))
    assert "<td>a | b <code>x|y</code> c<br>d</td>" in rendered and "<td>z</td>" in rendered


def test_a_multi_line_bullet_stays_one_item_with_its_children() -> None:
    lines = bullet("first line\nsecond line", 0) + bullet("child", 1)
    rendered = html(lines)
    assert rendered.count("<li>") == 2
    assert " ".join(rendered.split()).startswith("<ul> <li>first line second line<ul> <li>child</li>")


def test_links_are_relative_between_pages() -> None:
    assert link("architecture/layers/edge.md", "reference/kinds.md", "s3-bucket") == "../../reference/kinds.md#s3-bucket"
    assert link("index.md", "worklog/week-09.md") == "worklog/week-09.md"
    assert link("architecture/flows.md", "architecture/flows.md", "request") == "flows.md#request"


def test_join_lines_leaves_no_runs_of_blank_lines() -> None:
    assert join_lines([["# T", "", ""], ["", "text  ", ""], []]) == "# T\n\ntext\n"
