"""Malformed worklog pages: each is refused whole, at its line, with the fix in the message."""

from __future__ import annotations

import pytest

from archgen.worklog.hugo import WorklogParseError, parse_hugo


GOOD = """\
---
title: "Week 3 Worklog"
weight: 3
---

### Week 3 Objectives:

* Learn IAM.

### Tasks to be carried out this week:
| Day | Task | Start Date | End Date | Reference Materials |
| --- | --- | --- | --- | --- |
| 2 | - Create users <br> - Create groups | 01/01/2025 | 01/01/2025 | IAM docs |

### Week 3 Achievements:

* Users and groups created.
"""


def _line_of(page: str, text: str) -> int:
    return page.split("\n").index(text) + 1


def _error(page: str) -> WorklogParseError:
    with pytest.raises(WorklogParseError) as info:
        parse_hugo(page)
    return info.value


def test_good_base_page_parses() -> None:
    assert parse_hugo(GOOD).week == 3


def test_error_no_front_matter() -> None:
    error = _error(GOOD.split("---\n", 2)[2])
    assert (error.line, error.column) == (1, 1)
    assert "starts with front matter: add '---'" in error.message


def test_error_front_matter_not_closed() -> None:
    error = _error(GOOD.replace("weight: 3\n---", "weight: 3\n"))
    assert error.line == 1 and "not closed: add a '---' line" in error.message


def test_error_front_matter_bad_yaml() -> None:
    page = GOOD.replace("weight: 3", "weight: [3")
    error = _error(page)
    assert error.line == _line_of(page, "weight: [3")  # the page's line, not the YAML block's
    assert "front matter is not valid YAML" in error.message and "fix it" in error.message


def test_error_front_matter_comment() -> None:
    page = GOOD.replace("weight: 3", "# draft: true\nweight: 3")
    error = _error(page)
    assert error.line == _line_of(page, "# draft: true") and "comment in the front matter" in error.message


def test_error_front_matter_duplicate_key() -> None:
    page = GOOD.replace("weight: 3", "weight: 3\nweight: 4")
    error = _error(page)
    assert (error.line, error.column) == (_line_of(page, "weight: 4"), 1)
    assert error.message == "the key 'weight' is there twice in the front matter: keep one of them"


def test_error_no_week_number() -> None:
    page = GOOD.replace("Week 3 ", "My ").replace("Week 3", "Cloud")
    error = _error(page)
    assert error.line == _line_of(page, 'title: "My Worklog"')
    assert "no week number" in error.message and "title: \"Week 9 Worklog\"" in error.message


def test_error_row_with_an_extra_cell() -> None:
    row = "| 2 | - Create users | Mon | 01/01/2025 | 01/01/2025 | IAM docs |"
    page = GOOD.replace("| 2 | - Create users <br> - Create groups | 01/01/2025 | 01/01/2025 | IAM docs |", row)
    error = _error(page)
    assert (error.line, error.column) == (_line_of(page, row), row.index("IAM docs") + 1)
    assert "has 6 cells but the header has 5" in error.message and "'\\|'" in error.message


def test_error_row_with_a_missing_cell() -> None:
    row = "| 2 | - Create users | 01/01/2025 | IAM docs |"
    page = GOOD.replace("| 2 | - Create users <br> - Create groups | 01/01/2025 | 01/01/2025 | IAM docs |", row)
    error = _error(page)
    assert (error.line, error.column) == (_line_of(page, row), len(row) + 1)
    assert "has 4 cells but the header has 5: add the missing cells" in error.message


def test_error_unknown_column() -> None:
    header = "| Day | Task | Start Date | End Date | Notes |"
    page = GOOD.replace("| Day | Task | Start Date | End Date | Reference Materials |", header)
    error = _error(page)
    assert (error.line, error.column) == (_line_of(page, header), header.index("Notes") + 1)
    assert "unknown column 'Notes'" in error.message and "rename it" in error.message


def test_error_no_separator_row() -> None:
    page = GOOD.replace("| --- | --- | --- | --- | --- |\n", "")
    error = _error(page)
    assert error.line == _line_of(page, "| Day | Task | Start Date | End Date | Reference Materials |") + 1
    assert "must be the separator" in error.message and "'| --- | --- | --- | --- | --- |'" in error.message


def test_error_header_only_table() -> None:
    header = "| Day | Task | Start Date | End Date | Reference Materials |"
    page = GOOD.split(header)[0] + header + "\n"
    error = _error(page)
    assert error.line == _line_of(page, header) and "no separator row" in error.message


def test_error_text_in_objectives() -> None:
    page = GOOD.replace("* Learn IAM.\n", "* Learn IAM.\n\nThis week was busy.\n")
    error = _error(page)
    assert (error.line, error.column) == (_line_of(page, "This week was busy."), 1)
    assert "text outside the bullet list of 'Week 3 Objectives:'" in error.message
    assert "own ### section" in error.message


def test_error_numbered_list_in_achievements() -> None:
    page = GOOD.replace("* Users and groups created.", "1. Users and groups created.")
    error = _error(page)
    assert error.line == _line_of(page, "1. Users and groups created.")
    assert "numbered list in 'Week 3 Achievements:'" in error.message


def test_error_sub_item_without_item() -> None:
    row = "| 2 | &emsp; + Create users | 01/01/2025 | 01/01/2025 | IAM docs |"
    page = GOOD.replace("| 2 | - Create users <br> - Create groups | 01/01/2025 | 01/01/2025 | IAM docs |", row)
    error = _error(page)
    assert (error.line, error.column) == (_line_of(page, row), row.index("&emsp;") + 1)
    assert "has no item before it" in error.message


def test_error_text_after_the_table() -> None:
    page = GOOD.replace("IAM docs |\n", "IAM docs |\nMore work on Friday.\n")
    error = _error(page)
    assert error.line == _line_of(page, "More work on Friday.")
    assert "text after the task table" in error.message


def test_error_table_after_achievements() -> None:
    start = GOOD.index("### Tasks")
    end = GOOD.index("### Week 3 Achievements")
    page = GOOD[:start] + GOOD[end:] + "\n" + GOOD[start:end]
    error = _error(page)
    assert error.line == _line_of(page, "### Tasks to be carried out this week:")
    assert "comes after the achievements: move that section before them" in error.message


def test_error_toml_front_matter() -> None:
    error = _error('+++\ntitle = "Week 3"\n+++\n')
    assert error.line == 1 and "TOML" in error.message


def test_error_no_title() -> None:
    error = _error(GOOD.replace('title: "Week 3 Worklog"\n', ""))
    assert error.line == 1 and "no title: add 'title:" in error.message


def test_error_other_heading_level() -> None:
    page = GOOD.replace("### Week 3 Objectives:", "## Week 3 Objectives:")
    error = _error(page)
    assert error.line == _line_of(page, "## Week 3 Objectives:")
    assert "'### ' headings" in error.message


def test_error_message_in_str() -> None:
    assert str(WorklogParseError(4, 2, "fix it")) == "line 4, column 2: fix it"
