"""The Worklog pages: an index, and one page per week in the order of its Hugo page.

Everything the week holds is shown: objectives, every task item and sub-item with its
dates and references, achievements, the extra sections, and the deliverables linked to
the diagrams of the views they name.
"""

from __future__ import annotations

from archgen.docs import site
from archgen.docs.markdown import bullet, heading, join_lines, link, table
from archgen.docs.site import Page
from archgen.graph import SystemGraph
from archgen.worklog.model import Bullet, Deliverable, DeliverablesSlot, Section, Task, TaskItem, Week, column_role

KNOWN = ("objectives", "tasks", "achievements")


def worklog_pages(graph: SystemGraph) -> list[Page]:
    weeks = sorted(graph.model.weeks, key=lambda w: w.week)
    return [_index(weeks), *(_week_page(graph, week) for week in weeks)]


def _index(weeks: list[Week]) -> Page:
    path = site.WORKLOG
    rows = [[f"[Week {w.week}]({link(path, site.week_page(w.week))})", w.title, _period(w),
             str(len(w.objectives)), str(len(w.tasks)), str(len(w.deliverables))] for w in weeks]
    blocks = [heading(1, "Worklog"),
              ["What was done, week by week. Each week lives in `model/worklog/week-NN.yaml`; "
               "`python generate.py import-worklog PAGE.md` reads Hugo worklog pages into it, and "
               "`python generate.py export-worklog` writes them back.", ""]]
    if rows:
        blocks.append(table(["Week", "Title", "Dates", "Objectives", "Tasks", "Deliverables"], rows))
    else:
        blocks.append(["No weeks yet: add `model/worklog/week-NN.yaml` or import a page.", ""])
    return Page(path, "Worklog", join_lines(blocks))


def _period(week: Week) -> str:
    dates = [d for task in week.tasks for d in (task.start, task.end) if d]
    if not dates:
        return "—"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"


def _week_page(graph: SystemGraph, week: Week) -> Page:
    path = site.week_page(week.week)
    blocks = [heading(1, week.title)]
    if week.intro:
        blocks.append([week.intro, ""])
    for anchor in ("start", *KNOWN):
        if anchor != "start" and getattr(week, f"{anchor}_heading") is not None:
            blocks.append(_known(graph, path, week, anchor))
        blocks += [_section(section) for section in week.sections if section.after == anchor]
    blocks.append(_gallery(graph, path, week))
    return Page(path, f"Week {week.week}", join_lines(blocks))


def _title(text: str) -> str:
    return text.strip().rstrip(":").strip() or text


def _known(graph: SystemGraph, path: str, week: Week, kind: str) -> list[str]:
    lines = heading(2, _title(getattr(week, f"{kind}_heading")))
    if kind == "tasks":
        return lines + _task_table(week)
    if kind == "objectives":
        return lines + bullets(week.objectives) + [""]
    for item in week.achievements:
        if isinstance(item, DeliverablesSlot):
            lines += bullet(item.deliverables, 0)
            for deliverable in week.deliverables:
                lines += _deliverable(graph, path, deliverable, 1)
        else:
            lines += bullets([item])
    return lines + [""]


def bullets(items: list[str | Bullet], depth: int = 0) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, str):
            lines += bullet(item, depth)
        else:
            lines += bullet(item.text, depth) + bullets(item.children, depth + 1)
    return lines


def _deliverable(graph: SystemGraph, path: str, deliverable: Deliverable, depth: int) -> list[str]:
    views = [graph.views[v] for v in deliverable.views if v in graph.views]
    links = ", ".join(f"[{v.title}]({link(path, site.DIAGRAMS, v.id)})" for v in views)
    text = deliverable.text + (f" (diagram: {links})" if links else "")
    return bullet(text, depth) + bullets(deliverable.children, depth + 1)


def _task_table(week: Week) -> list[str]:
    headers = week.table.columns
    roles = [column_role(header) for header in headers]
    return table(headers, [[_task_cell(task, role) for role in roles] for task in week.tasks])


def _task_cell(task: Task, role: str | None) -> str:
    if role == "day":
        return task.day
    if role == "task":
        return _item_list(task.items)
    if role in ("start", "end"):
        return getattr(task, role) or ""
    if role == "references":
        return "<br>".join(task.references)
    return ""


def _item_list(items: list[str | TaskItem]) -> str:
    """The cell's items as an HTML list: inline markdown inside still renders, block markdown cannot."""
    if len(items) == 1 and isinstance(items[0], str):
        return items[0]
    entries = []
    for item in items:
        if isinstance(item, str):
            entries.append(f"<li>{item}</li>")
        else:
            subs = "".join(f"<li>{sub}</li>" for sub in item.sub_items)
            entries.append(f"<li>{item.text}" + (f"<ul>{subs}</ul>" if subs else "") + "</li>")
    return f"<ul>{''.join(entries)}</ul>" if entries else ""


def _section(section: Section) -> list[str]:
    lines = heading(2, _title(section.heading))
    if section.items:
        return lines + bullets(section.items) + [""]
    return lines + [section.body or "", ""]


def _gallery(graph: SystemGraph, path: str, week: Week) -> list[str]:
    """The diagrams the week delivered, so a reviewer sees them without leaving the page."""
    shown = [(d, graph.views[v]) for d in week.deliverables for v in d.views if v in graph.views]
    if not shown:
        return []
    lines = heading(2, "Diagrams delivered")
    for deliverable, view in shown:
        lines += [f"**{view.title}**: {deliverable.text}", "", site.image_markdown(path, view), ""]
    return lines
