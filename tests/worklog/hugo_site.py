"""A whole bilingual Hugo worklog site, written for the tests: 12 weeks x 2 languages, with images.

Its layout follows the students' FCJ/AWS internship sites on GitHub (hugo-theme-learn, `content/
1-Worklog/1.N-WeekN/_index.md` and `_index.vi.md`, the folder's own `_index` pages linking the weeks,
`static/images/`), and each week carries one of the variations found on real pages: TOML front
matter, `##` headings, rows continuing a day, a table without a day column, short and long rows,
prose, rules and escaped bullets among the bullets, text around the table, a page without front
matter, CRLF line endings, shortcodes, bundle and static images, no final newline. The text is ours.
"""

from __future__ import annotations

import struct
import unicodedata
import zlib
from pathlib import Path

WORKLOG = Path("content") / "1-Worklog"
WORDS = {
    "en": {"title": "Week {n} Worklog", "objectives": "Week {n} Objectives:", "tasks": "Tasks to be carried out this week:",
           "achievements": "Week {n} Achievements:", "day": "Day", "task": "Task", "start": "Start Date",
           "end": "Completion Date", "refs": "Reference Material", "learn": "Learn", "practice": "Practice",
           "done": "Finished", "note": "Do not copy this page word for word.", "index": "Worklog",
           "knowledge": "Knowledge Gained This Week:", "challenges": "Challenges This Week:"},
    "vi": {"title": "Worklog Tuần {n}", "objectives": "Mục tiêu tuần {n}:",
           "tasks": "Các công việc cần triển khai trong tuần này:", "achievements": "Kết quả đạt được tuần {n}:",
           "day": "Thứ", "task": "Công việc", "start": "Ngày bắt đầu", "end": "Ngày hoàn thành",
           "refs": "Nguồn tài liệu", "learn": "Tìm hiểu", "practice": "Thực hành", "done": "Đã hoàn thành",
           "note": "Không sao chép nguyên văn trang này.", "index": "Nhật ký công việc",
           "knowledge": "Kiến thức đạt được tuần này:", "challenges": "Khó khăn tuần này:"},
}
SERVICES = ["IAM", "VPC", "EC2", "S3", "RDS", "Lambda", "API Gateway", "DynamoDB", "CloudFront", "Cognito",
            "CloudWatch", "CodePipeline"]


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG image of one colour (what a screenshot in a worklog would be, smaller)."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _front(n: int, w: dict[str, str], toml: bool = False, extra: str = "") -> str:
    if toml:
        return f'+++\ntitle = "{w["title"].format(n=n)}"\nweight = {n}\nchapter = false\npre = " <b> 1.{n}. </b> "\n+++\n'
    return (f'---\ntitle: "{w["title"].format(n=n)}"\ndate: "2025-09-{n:02d}"\nweight: {n}\nchapter: false\n'
            f'pre: " <b> 1.{n}. </b> "\n{extra}---\n')


def _table(n: int, w: dict[str, str], rows: list[str], day: bool = True) -> str:
    head = [w["day"]] if day else []
    header = "| " + " | ".join([*head, w["task"], w["start"], w["end"], w["refs"]]) + " |"
    return header + "\n" + "| --- " * (len(head) + 4) + "|\n" + "".join(row + "\n" for row in rows)


def _rows(n: int, w: dict[str, str]) -> list[str]:
    service = SERVICES[n - 1]
    return [f"| {2 + i} | - {w['learn']} {service} part {i + 1} <br> - {w['practice']}: {service} lab {i + 1} "
            f"| {8 + i:02d}/09/2025 | {8 + i:02d}/09/2025 | <https://docs.aws.amazon.com/> |" for i in range(3)]


def week_page(n: int, language: str) -> str:
    """Week n's page in a language: the same structure in both, one variation per week."""
    w = {key: value for key, value in WORDS[language].items()}
    service = SERVICES[n - 1]
    objectives = f"### {w['objectives'].format(n=n)}\n\n* {w['learn']} {service}.\n* {w['practice']} {service} labs.\n\n"
    tasks = f"### {w['tasks']}\n" + _table(n, w, _rows(n, w))
    achievements = (f"### {w['achievements'].format(n=n)}\n\n* {w['done']} {service}:  \n"
                    f"  * {service} lab 1.  \n  * {service} lab 2.\n")
    front = _front(n, w)
    body = objectives + tasks + "\n" + achievements
    if n == 1:  # a notice shortcode before the first section, hard line breaks
        body = "{{% notice warning %}}\n⚠️ **" + w["note"] + "**\n{{% /notice %}}\n\n\n" + body
    elif n == 2:  # bundle images with goldmark attributes, a figure, prose among the achievements
        body += (f"\nA paragraph about the {service} screenshots:\n\n![{service} console](console.png)\n"
                 '{width="900" height="600"}\n\n{{< figure src="diagram.png" caption="' + service + ' diagram" >}}\n')
    elif n == 3:  # TOML front matter, ## headings, rows that continue a day
        front = _front(n, w, toml=True)
        rows = _rows(n, w)
        rows.insert(1, f"|     | - {w['learn']} {service} again | | | |")
        body = (f"## {w['objectives'].format(n=n)}\n- {w['learn']} {service}.\n- {w['practice']}.\n\n\n\n"
                f"## {w['tasks']}\n" + _table(n, w, rows) + f"\n## {w['achievements'].format(n=n)}\n- {w['done']}.\n")
    elif n == 4:  # no day column, 4-space nesting, #### sub-headings in a comments section
        rows = ["|" + row.split("|", 2)[2] for row in _rows(n, w)]
        body = (objectives.replace("* ", "- ") + f"### {w['tasks']}\n" + _table(n, w, rows, day=False)
                + f"\n### {w['achievements'].format(n=n)}\n\n- {w['done']}:\n    - {service} one\n    - {service} two\n"
                f"\n### Comments\n\n#### {service}\n\n{service} notes.\n\n#### Next Steps\n\n- more {service}\n")
    elif n == 5:  # short and long rows, an escaped bullet, a rule and prose among the objectives
        rows = _rows(n, w)
        rows[0] = rows[0].rsplit("|", 2)[0] + "|"
        rows[1] = rows[1] + " extra |"
        body = (f"### {w['objectives'].format(n=n)}\n\n* {w['learn']} {service}.\n\n---\n\n"
                f"\\- not a bullet\n\nSome prose between bullets.\n\n* {w['practice']}.\n\n"
                f"### {w['tasks']}\n" + _table(n, w, rows) + "\n" + achievements)
    elif n == 6:  # text before and after the table, a footnote line, a # heading after it
        body = (objectives + f"### {w['tasks']}\n\nThe plan for the week:\n\n" + _table(n, w, _rows(n, w))
                + "\n[^1]: the labs are on the study-group site.\n\n# Notes after the table\n\n" + achievements)
    elif n == 7:  # no front matter, CRLF line endings
        front = ""
        body = f"## {w['title'].format(n=n)}\n\n" + body.replace("###", "####")
    elif n == 8:  # a static image, relref links, an unknown shortcode, a hostile line kept harmless
        body += (f"\n![{service} architecture](/images/1-Worklog/Week8/architecture.png)\n\n"
                 '[Week 7]({{< relref "1-Worklog/1.7-Week7/_index.md" >}}) {{< youtube abc123 >}}\n\n'
                 '<script>window.pwned = 1</script><img src=x onerror="window.pwned=2"> '
                 "[click](javascript:window.pwned=3)\n")
    elif n == 9:  # deliverables, a numbered list, a code block, a quote
        body = (objectives + tasks + f"\n### {w['achievements'].format(n=n)}\n\n* {w['done']}.\n"
                f"* Practice / Deliverables:\n  * {service} architecture diagram.\n  * {service} request flow.\n\n"
                f"1. first\n2. second\n\n```bash\naws {service.lower()} help\n```\n\n> a quote\n")
    elif n == 10:  # weekday names, extra sections between tasks and achievements
        body = (objectives + tasks.replace("| 2 |", "| Monday |") + f"\n### {w['knowledge']}\n\n* **{service}:** how.\n\n"
                f"### {w['challenges']}\n\n* Time.\n\n" + achievements)
    elif n == 11:  # a plain date, a list and a comment in the front matter, decomposed accents
        front = front.replace(f'date: "2025-09-{n:02d}"', f"date: 2025-09-{n:02d}\ntags: [\"aws\", \"iam\"]\n# a comment")
        if language == "vi":
            front = unicodedata.normalize("NFD", front)
    elif n == 12:  # + bullets, a tab, one "Tasks and Achievements" heading, no final newline
        body = (f"### {w['objectives'].format(n=n)}\n\n+ {w['learn']} {service}.\n+ {w['practice']}.\n\t+ tab child\n\n"
                "### Tasks and Achievements\n" + _table(n, w, _rows(n, w))).rstrip("\n")
    text = front + "\n" + body
    return text.replace("\n", "\r\n") if n == 7 else text


def index_page(language: str) -> str:
    w = WORDS[language]
    lines = [f'---\ntitle: "{w["index"]}"\nweight: 1\nchapter: false\npre: " <b> 1. </b> "\n---\n']
    for n in range(1, 13):
        target = (f'{{{{% relref "1-Worklog/1.{n}-Week{n}/_index.md" %}}}}' if n % 2 else f"1.{n}-week{n}/")
        lines.append(f"**{w['title'].format(n=n).split(' ', 1)[0]} {n}:** [{SERVICES[n - 1]}]({target})\n")
    return "\n".join(lines)


def write_site(root: Path) -> Path:
    """The Hugo site under `root`; returns its worklog folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text('baseURL = "/"\ndefaultContentLanguage = "en"\n[Languages]\n[Languages.en]\n'
                                      'weight = 1\n[Languages.vi]\nweight = 2\n', "utf-8")
    worklog = root / WORKLOG
    for language, suffix in (("en", ""), ("vi", ".vi")):
        worklog.mkdir(parents=True, exist_ok=True)
        (worklog / f"_index{suffix}.md").write_text(index_page(language), "utf-8", newline="")
        for n in range(1, 13):
            folder = worklog / f"1.{n}-Week{n}"
            folder.mkdir(exist_ok=True)
            (folder / f"_index{suffix}.md").write_text(week_page(n, language), "utf-8", newline="")
    day = worklog / "1.6-Week6" / "1.6.1-Day26"  # a day's page inside a week's folder, as some sites have
    day.mkdir()
    (day / "_index.md").write_text('---\ntitle: "Day 26 - Lambda layers"\nweight: 1\n---\n\n**Date:** 2025-10-06\n\n'
                                   "# Lecture Notes\n\n- Layers share code between functions.\n", "utf-8")
    (worklog / "1.2-Week2" / "console.png").write_bytes(png(120, 60, (46, 125, 50)))
    (worklog / "1.2-Week2" / "diagram.png").write_bytes(png(80, 80, (21, 101, 192)))
    static = root / "static" / "images" / "1-Worklog" / "Week8"
    static.mkdir(parents=True)
    (static / "architecture.png").write_bytes(png(160, 90, (198, 40, 40)))
    return worklog
