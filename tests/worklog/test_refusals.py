"""What the importer used to refuse now comes in whole; what it still refuses cannot be a week at all.

The five refusal classes of the first real-page trial, each on a page written here: every one now
imports, keeps what it did not understand as markdown where it stood, warns with the line, and
exports back to the same bytes.
"""

from __future__ import annotations

import pytest

from archgen.worklog.errors import WorklogParseError
from archgen.worklog.hugo import parse_page, to_hugo
from archgen.worklog.model import Markdown, count_bullets

FRONT = '---\ntitle: "Week 4 Worklog"\nweight: 4\n---\n'
TABLE = "| Day | Task | Start Date | End Date | References |\n| --- | --- | --- | --- | --- |\n"


def imported(text: str, page: str | None = None, language: str = "en"):  # type: ignore[no-untyped-def]
    parsed = parse_page(text, page, language)
    assert to_hugo(parsed.week, text) == text  # and back, byte for byte
    return parsed


def test_class_1_a_vietnamese_title_gives_the_week_number() -> None:
    for title in ("Worklog Tuần 12", "Nhật ký công việc Tuần 12", "TUẦN 12", "tuan 12"):
        page = f'---\ntitle: "{title}"\n---\n\n### Mục tiêu tuần:\n\n* Hoàn thiện web.\n'
        parsed = imported(page, "1.12-Week12/_index.vi.md", "vi")
        assert (parsed.week.week, parsed.week.language) == (12, "vi")
        assert parsed.week.objectives == ["Hoàn thiện web."]


def test_class_1_or_the_folder_name_when_the_title_has_none() -> None:
    page = '---\ntitle: "Nhật ký"\n---\n\n### Mục tiêu:\n\n* Học IAM.\n'
    assert imported(page, "1.3-Week3/_index.vi.md", "vi").week.week == 3


@pytest.mark.parametrize("block, kind", [("A paragraph the student wrote.", "a paragraph"), ("---", "a '---' rule"),
                                         ("\\- an escaped bullet", "an escaped"), ("#### Sub-heading", "a heading"),
                                         ("1. a numbered list", "a numbered list"), ("> a quote", "a quote")])
def test_class_2_anything_but_a_bullet_among_the_objectives_is_kept_where_it_stood(block: str, kind: str) -> None:
    page = FRONT + f"\n### Week 4 Objectives:\n\n* First.\n\n{block}\n\n* Second.\n"
    parsed = imported(page)
    assert parsed.week.objectives == ["First.", Markdown(markdown=block), "Second."]
    assert count_bullets(parsed.week.objectives) == 2
    (warning,) = parsed.warnings
    assert warning.line == 10 and warning.message.startswith(kind)


def test_class_3_text_before_and_after_the_task_table_is_kept() -> None:
    page = (FRONT + "\n### Tasks to be carried out this week:\n\nThe plan:\n\n" + TABLE +
            "| 2 | - Learn IAM | 01/09 | 01/09 | |\n\n[^1]: a footnote line.\n\n# A heading after it\n")
    week = imported(page).week
    assert week.tasks_before == "The plan:" and len(week.tasks) == 1
    assert week.tasks_after == "[^1]: a footnote line.\n\n# A heading after it"


def test_class_4_a_short_row_is_kept_and_its_missing_cells_are_empty() -> None:
    page = FRONT + "\n### Tasks to be carried out this week:\n" + TABLE + "| 2 | - Learn IAM | 01/09 |\n"
    parsed = imported(page)
    (task,) = parsed.week.tasks
    assert (task.day, task.items, task.start, task.end, task.references) == ("2", ["Learn IAM"], "01/09", None, [])
    assert parsed.warnings[0].line == 9 and "3 cells but the header has 5" in parsed.warnings[0].message


def test_class_4_rows_after_a_blank_line_are_text_as_in_hugo_and_the_warning_says_so() -> None:
    page = FRONT + "\n### Tasks:\n" + TABLE + "\n| 2 | - Learn IAM | 01/09 | 01/09 | |\n"
    parsed = imported(page)
    assert parsed.week.tasks == [] and parsed.week.tasks_after == "| 2 | - Learn IAM | 01/09 | 01/09 | |"
    assert "remove the blank line above line 10" in parsed.warnings[0].message


def test_class_5_a_page_without_front_matter_is_a_week() -> None:
    page = "## Week 7\n\n### Week 7 Objectives\n\n- Learn S3.\n"
    parsed = imported(page)
    assert (parsed.week.week, parsed.week.title, parsed.week.front_matter) == (7, None, None)
    assert parsed.week.objectives == ["Learn S3."] and parsed.week.intro == "## Week 7"
    assert parsed.warnings[0].line == 1 and "no front matter" in parsed.warnings[0].message


def test_sections_under_other_headings_are_read_in_both_languages() -> None:
    page = ('---\ntitle: "Week 10"\n---\n\n## Week 10 Goals\n- a\n\n## Activities Implemented During the Week\n'
            + TABLE.replace("Day", "Thứ") + "| 2 | x | | | |\n\n## Week 10 Results\n- done\n")
    week = imported(page).week
    assert (len(week.objectives), len(week.tasks), week.achievements) == (1, 1, ["done"])


# ---- what is still refused, and the message says what would make it a week -------------------

@pytest.mark.parametrize("page, line, words", [
    ("", 1, "the page is empty"),
    ("   \n\n", 1, "the page is empty"),
    ('---\ntitle: "My notes"\n---\n\n### Objectives\n\n* a\n', 2, "write it in the title"),
    ('---\ntitle: "Week 3"\n\n### Objectives\n', 1, "add a '---' line after it"),
    ('---\ntitle: "Week 3": x\n---\n', 2, "not valid YAML"),
    ('---\ntitle: "Week 3"\ntitle: "Week 4"\n---\n', 3, "there twice"),
    ('+++\ntitle = Week 3\n+++\n', 2, "not valid TOML"),
    ('---\n- a list\n---\n', 2, "'key: value' lines"),
])
def test_what_cannot_be_a_week_is_refused_with_the_fix(page: str, line: int, words: str) -> None:
    with pytest.raises(WorklogParseError) as refused:
        parse_page(page, "notes.md")
    assert refused.value.line == line and words in refused.value.message, refused.value.message
