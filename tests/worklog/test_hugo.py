"""Hugo worklog pages -> Week -> pages: byte for byte when unedited, a local diff when edited."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from archgen.worklog.hugo import parse_hugo, parse_page, to_hugo
from archgen.worklog.model import Bullet, DeliverablesSlot, Markdown, Task, TaskItem
from archgen.worklog.store import week_from_data, week_to_yaml
from tests.conftest import SAMPLES
from tests.worklog.hugo_site import week_page

SAMPLE_NAMES = ["week-09-seed.md", "week-10-day-ranges.md", "week-10-devops-no-dates.md",
                "week-10-weekday-names.md"]
FIXTURE_PAGES = {f"fixture-{n}-{lang}": week_page(n, lang) for n in range(1, 13) for lang in ("en", "vi")}


def sample_text(name: str) -> str:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample pages folder {SAMPLES} is absent (it lives in shared/, beside the repo)")
    return (SAMPLES / name).read_bytes().decode("utf-8")


@pytest.fixture(params=[*SAMPLE_NAMES, *FIXTURE_PAGES])
def page(request: pytest.FixtureRequest) -> str:
    return FIXTURE_PAGES.get(request.param) or sample_text(request.param)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_an_unedited_page_exports_to_its_own_bytes(page: str) -> None:
    week = parse_hugo(page)
    assert to_hugo(week, page) == page


def test_the_yaml_holds_the_same_week(page: str) -> None:
    week = parse_hugo(page)
    text = week_to_yaml(week)
    assert week_from_data(yaml.safe_load(text)) == week
    assert "&id" not in text and "*id" not in text


def test_a_week_written_anew_reads_back_as_the_same_week(page: str) -> None:
    week = parse_hugo(page)
    fresh = to_hugo(week)
    assert parse_hugo(fresh) == week
    assert to_hugo(parse_hugo(fresh)) == fresh


# ---- the silent changes of the issue, each on a page written here -------------------------------

PAGE = """---
title: "Week 10 Worklog"
date: 2026-06-22
weight: 10
---

### Week 10 Objectives:

* Review the project.  
  Then fix what is left.
* Add monitoring:
    - CloudWatch alarms
    - X-Ray traces

### Tasks to be carried out this week:
| Day | Task | Start Date | End Date | References |
| --- | --- | --- | --- | --- |
| Mon | Plain cell text | 22/06/2026 | 22/06/2026 | |
| Tue | - Dashed item <br> - Second item | 23/06/2026 | 23/06/2026 | <https://docs.aws.amazon.com/> |

### Week 10 Achievements:

* Reviewed it all.
"""


def test_an_unquoted_date_stays_unquoted_even_when_changed() -> None:
    week = parse_hugo(PAGE)
    assert to_hugo(week, PAGE) == PAGE
    week.front_matter["date"] = "2026-06-23"
    assert changed_lines(PAGE, to_hugo(week, PAGE)) == ["-date: 2026-06-22\n", "+date: 2026-06-23\n"]


def test_nested_bullets_keep_their_marker_and_indent() -> None:
    week = parse_hugo(PAGE)
    assert week.objectives[1] == Bullet(text="Add monitoring:", children=["CloudWatch alarms", "X-Ray traces"])
    week.objectives[1].children.append("Budgets")  # type: ignore[union-attr]
    assert changed_lines(PAGE, to_hugo(week, PAGE)) == ["+    - Budgets\n"]


def test_a_hard_line_break_is_kept_in_the_model_and_on_the_page() -> None:
    week = parse_hugo(PAGE)
    assert week.objectives[0] == "Review the project.\\\nThen fix what is left."
    week.objectives[0] = "Review the whole project.\\\nThen fix what is left."
    assert changed_lines(PAGE, to_hugo(week, PAGE)) == ["-* Review the project.  \n",
                                                        "+* Review the whole project.  \n"]


def test_a_plain_cell_gains_no_dash_and_an_edit_changes_that_cell_only() -> None:
    week = parse_hugo(PAGE)
    assert week.tasks[0].items == ["Plain cell text"] and week.tasks[1].items == ["Dashed item", "Second item"]
    week.tasks[0].end = "24/06/2026"
    assert changed_lines(PAGE, to_hugo(week, PAGE)) == [
        "-| Mon | Plain cell text | 22/06/2026 | 22/06/2026 | |\n",
        "+| Mon | Plain cell text | 22/06/2026 | 24/06/2026 | |\n"]


def test_edits_stay_local() -> None:
    week = parse_hugo(PAGE)
    week.achievements.append("Wrote the clean-up guide.")
    week.tasks.append(Task(day="Wed", items=["New row"], start="24/06/2026"))
    del week.objectives[0]
    assert changed_lines(PAGE, to_hugo(week, PAGE)) == [
        "-* Review the project.  \n", "-  Then fix what is left.\n",
        "+| Wed | - New row | 24/06/2026 |  |  |\n", "+* Wrote the clean-up guide.\n"]


def test_a_toml_page_is_edited_in_toml() -> None:
    page = week_page(3, "en")
    week = parse_hugo(page)
    week.front_matter["weight"] = 30
    week.title = "Week 3: EC2"
    assert changed_lines(page, to_hugo(week, page)) == ['-title = "Week 3 Worklog"\n', "-weight = 3\n",
                                                        '+title = "Week 3: EC2"\n', "+weight = 30\n"]


def test_crlf_pages_stay_crlf_when_edited() -> None:
    page = week_page(7, "en")
    week = parse_hugo(page)
    week.objectives.append("One more.")
    out = to_hugo(week, page)
    assert "\r\n* One more.\r\n" in out and out.count("\n") == out.count("\r\n")


def test_front_matter_comments_and_order_come_back() -> None:
    page = week_page(11, "en")
    week = parse_hugo(page)
    assert week.front_matter["tags"] == ["aws", "iam"]
    week.front_matter["weight"] = 99
    assert changed_lines(page, to_hugo(week, page)) == ["-weight: 11\n", "+weight: 99\n"]


# ---- what the pages hold ------------------------------------------------------------------------

def test_seed_deliverables_become_a_slot() -> None:
    week = parse_hugo(sample_text("week-09-seed.md"))
    assert (week.week, week.title) == (9, "Week 9 Worklog")
    assert week.front_matter == {"date": "2025-11-07", "weight": 9, "chapter": False, "pre": " <b> 1.9. </b> "}
    assert week.achievements[2] == DeliverablesSlot(deliverables="Practice / Deliverables:")
    assert [d.text for d in week.deliverables][0] == "Full system architecture diagram (BE – FE – Auth – Edge)."


def test_vietnamese_pages_are_weeks_with_their_sections() -> None:
    week = parse_hugo(week_page(1, "vi"), "1.1-Week1/_index.vi.md", "vi")
    assert (week.week, week.language, week.title) == (1, "vi", "Worklog Tuần 1")
    assert week.objectives_heading == "Mục tiêu tuần 1:" and len(week.objectives) == 2
    assert week.tasks_heading == "Các công việc cần triển khai trong tuần này:" and len(week.tasks) == 3
    assert week.achievements_heading == "Kết quả đạt được tuần 1:"
    assert week.table.roles() == ["day", "task", "start", "end", "references"]
    assert week.intro is not None and "notice warning" in week.intro


def test_decomposed_accents_still_say_tuan() -> None:
    week = parse_hugo(week_page(11, "vi"))
    assert week.week == 11 and week.objectives_heading is not None


def test_weekday_page_keeps_its_extra_sections() -> None:
    week = parse_hugo(sample_text("week-10-weekday-names.md"))
    knowledge, challenges = week.sections
    assert (knowledge.heading, knowledge.after, len(knowledge.items)) == ("Knowledge Gained This Week:", "tasks", 5)
    assert challenges.items == ["Not yet used to reading Lambda logs on CloudWatch to troubleshoot errors."]


def test_sub_items_and_continued_days() -> None:
    page = week_page(3, "en")
    week = parse_hugo(page)
    assert [task.day for task in week.tasks] == ["2", "", "3", "4"]
    windows = "| Mon | - Create the table <br> &emsp; + partition key <br> - Write the handler | | | |"
    table = f"### Tasks\n| Day | Task | Start Date | End Date | References |\n| --- | --- | --- | --- | --- |\n{windows}\n"
    parsed = parse_hugo("---\ntitle: Week 2\n---\n" + table)
    assert parsed.tasks[0].items == [TaskItem(text="Create the table", sub_items=["partition key"]),
                                     "Write the handler"]


def test_markdown_among_bullets_stays_where_it_stood() -> None:
    parsed = parse_page(week_page(5, "en"))
    objectives = parsed.week.objectives
    assert objectives[0] == "Learn RDS."
    assert objectives[1:4] == [Markdown(markdown="---"), Markdown(markdown="\\- not a bullet"),
                               Markdown(markdown="Some prose between bullets.")]
    assert objectives[4] == "Practice."
    assert [w.line for w in parsed.warnings][:3] == [13, 15, 17]


def test_blank_lines_before_the_front_matter_are_read_as_hugo_reads_them() -> None:
    """Hugo skips them; the importer took the page for one without front matter and showed its
    `title:` line as a heading on the site."""
    page = '\n\n---\ntitle: "Week 1 Worklog"\nweight: 1\n---\n### Week 1 Objectives:\n* one\n'
    parsed = parse_page(page, "1.1-Week1/_index.md")
    assert parsed.week.title == "Week 1 Worklog" and parsed.week.front_matter == {"weight": 1}
    assert not parsed.warnings
    assert to_hugo(parsed.week, page) == page


@pytest.mark.parametrize("heading", ["Thành quả Tuần 2:", "Thành tích tuần 2:", "Kết quả tuần 2:"])
def test_vietnamese_achievements_headings_real_pages_use(heading: str) -> None:
    page = f'---\ntitle: "Tuần 2"\n---\n### Mục tiêu tuần 2:\n* một\n\n### {heading}\n* xong\n'
    week = parse_page(page, "1.2-Week2/_index.vi.md", "vi").week
    assert week.achievements == ["xong"] and week.achievements_heading == heading


def test_a_title_copied_from_another_week_is_warned_of() -> None:
    page = '---\ntitle: "Week 12 Worklog"\nweight: 7\n---\n### Week 7 Objectives:\n* one\n'
    parsed = parse_page(page, "1.7-Week7/_index.md")
    assert parsed.week.week == 12
    assert [w.message for w in parsed.warnings] == [
        "the title says week 12 but a heading says week 7: read as week 12; correct the one that is wrong"]
    assert not parse_page(page.replace("Week 12", "Week 7"), "1.7-Week7/_index.md").warnings
