"""Hugo worklog pages -> Week -> pages: the samples, two synthetic pages, and malformed ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from archgen.worklog.hugo import parse_hugo, to_hugo
from archgen.worklog.model import Bullet, DeliverablesSlot, TaskItem, Week, item_children, item_text
from archgen.worklog.store import week_from_data, week_to_yaml

SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "worklogs"
SAMPLE_NAMES = ["week-09-seed.md", "week-10-day-ranges.md", "week-10-devops-no-dates.md",
                "week-10-weekday-names.md"]

# Windows line endings, `&emsp; +` sub-items, a "Tue - Wed" day, links in references,
# a "Work Done" header, 4-space nested bullets, a deliverable with sub-bullets, and a raw
# extra section (a paragraph and a second table) after the achievements.
PAGE_WINDOWS = "\r\n".join([
    "---",
    'title: "Week 11 Worklog"',
    "date: 2025-11-21",
    "weight: 11",
    "chapter: false",
    'pre: " <b> 1.11. </b> "',
    'tags: ["aws", "serverless"]',
    "---",
    "",
    "### Week 11 Objectives:",
    "",
    "- Build the items API with Lambda and DynamoDB.",
    "- Add CI checks to the pipeline.",
    "",
    "### Tasks to be carried out this week:",
    "",
    "| Day | Work Done | Start Date | End Date | References |",
    "| --- | --- | --- | --- | --- |",
    "| Mon | - Create the `items` table <br> &emsp; + partition key `pk` <br> &emsp; + on-demand billing"
    " <br> - Write the handler | 17/11/2025 | 17/11/2025 | [DynamoDB guide](https://docs.aws.amazon.com/"
    "dynamodb/) <br> [Boto3 docs](https://boto3.amazonaws.com/) |",
    "| Tue - Wed | - Wire API Gateway to Lambda<br/>- Test with `curl` | 18/11/2025 | 19/11/2025 | - |",
    "| Thu | - Review the week | 20/11/2025 |  |  |",
    "",
    "### Week 11 Achievements:",
    "",
    "- API ready:",
    "    - GET /items returns the list.",
    "    - POST /items stores an item.",
    "- Deliverables:",
    "    - Request flow diagram for the items API.",
    "    - CI pipeline design.",
    "        - lint stage",
    "        - test stage",
    "",
    "### Notes",
    "",
    "A paragraph the student wrote,",
    "on two lines.",
    "",
    "| Service | Cost |",
    "| --- | --- |",
    "| Lambda | $0 |",
    "",
])

# No week number in the title (the heading has it), an intro paragraph, a continuation line,
# plain items without dashes, an escaped pipe, alignment colons, no achievements, and a
# section that is not a plain list (a code block and a numbered list).
PAGE_NO_ACHIEVEMENTS = """\
---
title: "Cloud Journey - Monitoring"
weight: 12
chapter: false
---

A short note before the first section.

### Week 12 Goals:

* Learn **CloudWatch** alarms.
  Continue with [SNS](https://aws.amazon.com/sns/) notifications.
* Practice:
  - create an alarm
  - route it to email

### Tasks Implemented This Week:
| Day | Tasks | Reference |
|:---:|-------|-----------|
| Monday | Create an alarm \\| test it | <https://docs.aws.amazon.com/cloudwatch/> |
| Tuesday | Route alarms to SNS <br> Check the email | |

### Plans For Next Week:

```bash
aws cloudwatch describe-alarms
```

1. Finish the dashboard.
"""

SYNTHETIC = {"windows": PAGE_WINDOWS, "no-achievements": PAGE_NO_ACHIEVEMENTS}


def _sample_text(name: str) -> str:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample pages folder {SAMPLES.resolve()} is absent (it lives in shared/, beside the repo)")
    return (SAMPLES / name).read_text(encoding="utf-8")


@pytest.fixture(params=SAMPLE_NAMES)
def sample(request: pytest.FixtureRequest) -> str:
    return _sample_text(request.param)


@pytest.fixture(params=[*SAMPLE_NAMES, *SYNTHETIC])
def page(request: pytest.FixtureRequest) -> str:
    return SYNTHETIC.get(request.param) or _sample_text(request.param)


# ---- counting the source independently of the parser ----------------------------------

def _sections(text: str) -> dict[str, list[str]]:
    """Heading -> its lines, read with plain string operations."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.split("\n"):
        if line.startswith("### "):
            current = sections.setdefault(line[4:].strip(), [])
        else:
            current.append(line)
    return sections


def _section(text: str, word: str) -> tuple[str, list[str]]:
    return next((h, lines) for h, lines in _sections(text).items() if word in h.lower())


def _table_rows(text: str) -> list[list[str]]:
    rows = [line.strip().strip("|").split("|") for line in text.split("\n") if line.startswith("|")]
    return [[cell.strip() for cell in row] for row in rows]


def _walk(items: list) -> Iterator[str]:
    for item in items:
        yield item_text(item) if not isinstance(item, DeliverablesSlot) else item.deliverables
        yield from _walk(item_children(item) if not isinstance(item, DeliverablesSlot) else [])


def _achievement_texts(week: Week) -> list[str]:
    texts = list(_walk(week.achievements))
    for deliverable in week.deliverables:
        texts.append(deliverable.text)
        texts.extend(_walk(deliverable.children))
    return texts


def _task_item_texts(week: Week) -> list[str]:
    texts: list[str] = []
    for task in week.tasks:
        for item in task.items:
            texts.append(item_text(item))
            texts.extend(item.sub_items if isinstance(item, TaskItem) else [])
    return texts


def test_sample_objectives_all_there(sample: str) -> None:
    heading, lines = _section(sample, "objectives")
    bullets = [line[2:].strip() for line in lines if line[:2] in ("* ", "- ")]
    week = parse_hugo(sample)
    assert week.objectives_heading == heading
    assert [item_text(item) for item in week.objectives] == bullets


def test_sample_task_table_all_there(sample: str) -> None:
    header, _separator, *rows = _table_rows(sample)
    week = parse_hugo(sample)
    assert week.table.columns == header
    assert len(week.tasks) == len(rows)
    task_column = next(i for i, name in enumerate(header) if name.lower().startswith("task"))
    pieces = [re.sub(r"^- ", "", piece.strip()) for row in rows for piece in row[task_column].split("<br>")]
    assert _task_item_texts(week) == [piece for piece in pieces if piece]
    assert [task.day for task in week.tasks] == [row[0] for row in rows]
    references = [row[-1] for row in rows if row[-1] not in ("", "-")]
    assert [ref for task in week.tasks for ref in task.references] == references


def test_sample_dates_kept_as_written(sample: str) -> None:
    header, _separator, *rows = _table_rows(sample)
    week = parse_hugo(sample)
    if "Start Date" not in header:
        assert all(task.start is None and task.end is None for task in week.tasks)
        return
    start = header.index("Start Date")
    assert [(t.start, t.end) for t in week.tasks] == [(row[start], row[start + 1]) for row in rows]


def test_sample_achievements_all_there(sample: str) -> None:
    heading, lines = _section(sample, "achievements")
    bullets = [re.sub(r"^\s*[*-] ", "", line).strip() for line in lines if re.match(r"^\s*[*-] ", line)]
    week = parse_hugo(sample)
    assert week.achievements_heading == heading
    assert _achievement_texts(week) == bullets


def test_sample_extra_sections_kept_in_place(sample: str) -> None:
    known = ("objectives", "tasks", "achievements")
    extra = [h for h in _sections(sample) if not any(k in h.lower() for k in known) and h]
    week = parse_hugo(sample)
    assert [section.heading for section in week.sections] == extra
    assert all(section.after == "tasks" for section in week.sections)


def _normalised(text: str) -> list[str]:
    """The page up to what export may change: cell padding, `<br>` spacing, blank lines, quotes."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.rstrip()
        if line.startswith("|"):
            line = re.sub(r"\s*<br\s*/?>\s*", "<br>", re.sub(r"\s*\|\s*", "|", line))
            line = re.sub(r"\|:?-+:?(?=\|)", "|---", line)
        lines.append(re.sub(r'^(date): "(.*)"$', r"\1: \2", line))
    return [line for line in lines if line]


def test_sample_export_is_the_source_up_to_layout(sample: str) -> None:
    assert _normalised(to_hugo(parse_hugo(sample))) == _normalised(sample)


def test_round_trip_and_determinism(page: str) -> None:
    week = parse_hugo(page)
    exported = to_hugo(week)
    assert parse_hugo(exported) == week
    assert to_hugo(week) == exported
    assert to_hugo(parse_hugo(exported)) == exported


def test_yaml_round_trip(page: str) -> None:
    week = parse_hugo(page)
    text = week_to_yaml(week)
    assert week_from_data(yaml.safe_load(text)) == week
    assert week_to_yaml(week) == text
    assert "&id" not in text and "*id" not in text


# ---- what each sample and synthetic page holds ------------------------------------------

def test_seed_deliverables_become_a_slot() -> None:
    week = parse_hugo(_sample_text("week-09-seed.md"))
    assert (week.week, week.title) == (9, "Week 9 Worklog")
    assert list(week.front_matter) == ["date", "weight", "chapter", "pre"]
    assert week.front_matter["date"] == "2025-11-07" and week.front_matter["pre"] == " <b> 1.9. </b> "
    assert week.achievements[2] == DeliverablesSlot(deliverables="Practice / Deliverables:")
    assert len(week.deliverables) == 5 and all(d.views == [] for d in week.deliverables)
    assert week.deliverables[0].text == "Full system architecture diagram (BE – FE – Auth – Edge)."
    assert week.tasks[0].items == ["Learn Serverless architecture",
                                   "API Gateway, Lambda, DynamoDB & integration mechanisms"]


def test_day_ranges_keep_headers_and_plain_items() -> None:
    week = parse_hugo(_sample_text("week-10-day-ranges.md"))
    assert week.table.columns == ["Day", "Task", "Start Date", "Completion Date", "Reference Material"]
    assert [task.day for task in week.tasks][:3] == ["2", "2 - 3", "4 - 5"]
    assert week.table.item_dashes is False
    assert week.front_matter["date"] == "2024-01-01"  # the text, not a date object
    assert week.tasks[1].end == "06/16/2026"  # mm/dd/yyyy stays as written
    assert week.tasks[0].references == ["`infrastructure/lib/stacks/auth-stack.ts`"]


def test_devops_table_without_dates_stays_without() -> None:
    week = parse_hugo(_sample_text("week-10-devops-no-dates.md"))
    assert week.table.columns == ["Day", "Task", "Reference"]
    assert week.table.empty_cell == "-" and week.tasks[-1].references == []
    assert "date" not in week.front_matter and week.bullet == "-"
    assert week.tasks[0].items[0] == "**IaC:** Write Terraform code for VPC, SG, and IAM resources."
    assert "Start Date" not in to_hugo(week)


def test_weekday_page_keeps_its_extra_sections() -> None:
    week = parse_hugo(_sample_text("week-10-weekday-names.md"))
    assert [task.day for task in week.tasks] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert week.tasks[1].references == ["<https://000085.awsstudygroup.com/>"]
    assert week.tasks_heading == "Tasks Implemented This Week:"
    knowledge, challenges = week.sections
    assert knowledge.heading == "Knowledge Gained This Week:" and len(knowledge.items) == 5
    assert challenges.items == ["Not yet used to reading Lambda logs on CloudWatch to troubleshoot errors."]
    exported = to_hugo(week)
    assert exported.index("### Challenges") < exported.index("### Week 10 Achievements")


def test_windows_page() -> None:
    week = parse_hugo(PAGE_WINDOWS)
    assert week.week == 11 and week.front_matter["tags"] == ["aws", "serverless"]
    assert week.table.columns[1] == "Work Done"
    monday, tue_wed, thursday = week.tasks
    assert monday.items == [TaskItem(text="Create the `items` table",
                                     sub_items=["partition key `pk`", "on-demand billing"]),
                            "Write the handler"]
    assert monday.references == ["[DynamoDB guide](https://docs.aws.amazon.com/dynamodb/)",
                                 "[Boto3 docs](https://boto3.amazonaws.com/)"]
    assert tue_wed.day == "Tue - Wed" and tue_wed.items == ["Wire API Gateway to Lambda", "Test with `curl`"]
    assert thursday.end is None and thursday.references == []
    assert week.achievements[0] == Bullet(text="API ready:", children=["GET /items returns the list.",
                                                                       "POST /items stores an item."])
    assert week.deliverables[1].children == ["lint stage", "test stage"]
    notes = week.sections[0]
    assert (notes.heading, notes.after) == ("Notes", "achievements")
    assert notes.body == ("A paragraph the student wrote,\non two lines.\n\n"
                          "| Service | Cost |\n| --- | --- |\n| Lambda | $0 |")
    assert "\r" not in to_hugo(week)


def test_page_without_achievements() -> None:
    week = parse_hugo(PAGE_NO_ACHIEVEMENTS)
    assert week.week == 12 and week.title == "Cloud Journey - Monitoring"
    assert week.intro == "A short note before the first section."
    assert week.objectives_heading == "Week 12 Goals:"
    assert week.objectives == [
        "Learn **CloudWatch** alarms.\nContinue with [SNS](https://aws.amazon.com/sns/) notifications.",
        Bullet(text="Practice:", children=["create an alarm", "route it to email"])]
    assert week.tasks[0].items == ["Create an alarm \\| test it"]
    assert week.tasks[1].items == ["Route alarms to SNS", "Check the email"]
    assert week.table.item_dashes is False
    assert week.achievements_heading is None and week.achievements == []
    plans = week.sections[0]
    assert plans.after == "tasks" and plans.body is not None and "1. Finish the dashboard." in plans.body
    assert "Achievements" not in to_hugo(week)
