"""The words worklog pages are written in, English and Vietnamese, as the real pages use them.

Recognition reads text in Unicode NFC form (a page typed with combining accents still says "Tuần"),
and never changes the text it keeps.
"""

from __future__ import annotations

import re
import unicodedata

# "Week 9", "Week_9", "Week-09", "Tuần 12", "tuan 3" (no accents), "W09" is too ambiguous to take.
WEEK_NUMBER = re.compile(r"(?<![a-z])(?:week|tuần|tuan)[\s_#.:-]*0*(\d{1,2})(?!\d)", re.I)

# Section headings: what a heading must contain to be that section, in either language.
OBJECTIVES = re.compile(r"objective|goal|mục tiêu|muc tieu", re.I)
TASKS = re.compile(r"\btasks?\b|work done|activit|schedule|công việc|nhiệm vụ|cong viec|nhiem vu", re.I)
ACHIEVEMENTS = re.compile(r"achiev|accomplish|result|outcome|kết quả|thành tựu|thành quả|thành tích|đạt được|"
                          r"ket qua|thanh tuu|thanh qua|thanh tich", re.I)

# The achievements bullet whose sub-bullets are the week's deliverables.
DELIVERABLES = re.compile(r"^[*_\s]*(?:(?:practi[cs]e|thực hành)\s*(?:/|&|and|và)\s*)?"
                          r"(?:deliverables?|sản phẩm(?: bàn giao)?|kết quả bàn giao)[*_\s]*:?[*_\s]*$", re.I)

# Task-table headers -> column role. A day header is the whole cell ("Day", "Thứ", "Ngày"), so that
# "Start Date" / "Ngày bắt đầu" read as start columns; references are tried before task, so
# "Reference Materials" / "Tài liệu tham khảo" never read as a task column.
COLUMN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(r"^(days?|dates?|weekdays?|day of (the )?week|thứ|ngày|buổi)$", re.I)),
    ("start", re.compile(r"\b(start|begin)|bắt đầu", re.I)),
    ("end", re.compile(r"\b(end|completion|completed|complete|finish|finished|due)\b|hoàn thành|kết thúc", re.I)),
    ("references", re.compile(r"\b(refs?|references?|resources?|materials?|sources?|links?|docs?)\b|"
                              r"tài liệu|tham khảo|nguồn", re.I)),
    ("task", re.compile(r"\b(tasks?|work|activit(y|ies)|contents?|description|to ?do)\b|công việc|"
                        r"nhiệm vụ|nội dung|hoạt động", re.I)),
)

LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt", "ja": "日本語", "fr": "Français", "ko": "한국어",
                  "zh": "中文", "de": "Deutsch", "es": "Español"}
# What the site calls things, per language (the site's own words, not the student's).
SITE_WORDS = {
    "en": {"worklog": "Worklog", "week": "Week", "objectives": "Objectives", "tasks": "Tasks",
           "deliverables": "Deliverables", "dates": "Dates", "title": "Title",
           "diagrams": "Diagrams delivered", "diagram": "diagram", "no_weeks": "No weeks yet."},
    "vi": {"worklog": "Nhật ký công việc", "week": "Tuần", "objectives": "Mục tiêu", "tasks": "Công việc",
           "deliverables": "Sản phẩm", "dates": "Thời gian", "title": "Tiêu đề",
           "diagrams": "Sơ đồ đã bàn giao", "diagram": "sơ đồ", "no_weeks": "Chưa có tuần nào."},
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def words(language: str) -> dict[str, str]:
    return SITE_WORDS.get(language, SITE_WORDS["en"])


def language_name(language: str) -> str:
    return LANGUAGE_NAMES.get(language, language)


def week_number(text: str) -> int | None:
    match = WEEK_NUMBER.search(nfc(text))
    return int(match[1]) if match else None


def column_role(header: str) -> str | None:
    text = nfc(header.strip()).strip("*_ ")
    for role, pattern in COLUMN_ROLES:
        if pattern.search(text):
            return role
    return None
