"""Reading what `import-worklog` is given: page files, or a Hugo site's worklog folder whole.

A worklog folder (`content/1-Worklog/`) holds the folder's own page (`_index.md`, `_index.vi.md`)
and one folder per week (`1.9-Week9/_index.md`, `_index.vi.md`, and the images beside them). Every
page keeps its Hugo name (its path inside the folder) so export writes it back there; its language
is its name's suffix (`.vi.md`), else the site's default language (`defaultContentLanguage` in the
Hugo config, else English). Images come from beside the page or from the site's `static/` folder.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from archgen.worklog.errors import WorklogParseError
from archgen.worklog.hugo import ParsedPage, parse_page
from archgen.worklog.images import PAGES_DIR, image_refs, is_external, model_path, read_inside
from archgen.worklog.model import DEFAULT_LANGUAGE

INDEX_PAGE = re.compile(r"^_index(?:\.(?P<lang>[a-z]{2}(?:-[a-z]{2})?))?\.md$")
_LANGUAGE_SUFFIX = re.compile(r"\.(?P<lang>[a-z]{2}(?:-[a-z]{2})?)\.md$")
_CONFIGS = ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml", "hugo.yml", "config.yml")


@dataclass
class ImportedPage:
    source: Path
    name: str            # its Hugo name inside the worklog folder
    text: str
    parsed: ParsedPage


@dataclass
class Imported:
    pages: list[ImportedPage] = field(default_factory=list)
    index_pages: dict[str, str] = field(default_factory=dict)   # Hugo name -> text
    sub_pages: dict[str, str] = field(default_factory=dict)     # pages inside a week's folder (its days)
    images: dict[str, bytes] = field(default_factory=dict)      # model/worklog-relative path -> bytes
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_sources(paths: list[Path]) -> Imported:
    found = Imported()
    for path in paths:
        if path.is_dir():
            _read_folder(path, found)
        elif path.is_file():
            root = path.parent.parent if path.name.startswith(("_index", "index")) else path.parent
            _read_page(path, root, path.relative_to(root).as_posix(), found)
        else:
            found.problems.append(f"{path}: no such file or folder")
    _check_duplicates(found)
    return found


def _read_folder(root: Path, found: Imported) -> None:
    pages = sorted(p for p in root.rglob("*.md") if not any(part.startswith(".") for part in
                                                                p.relative_to(root).parts))
    if not pages:
        found.problems.append(f"{root}: no .md pages in this folder: give the worklog folder "
                              "(content/1-Worklog) or its pages")
    names = [path.relative_to(root).as_posix() for path in pages]
    week_folders = {name.rsplit("/", 1)[0] for name in names if name.count("/") == 1 and INDEX_PAGE.match(name.split("/")[1])}
    for path, name in zip(pages, names):
        if any(name.startswith(folder + "/") and name.count("/") > 1 for folder in week_folders):
            text = _text(path, found)  # a page inside a week's folder (a day of it): kept as written
            if text is not None:
                found.sub_pages[name] = text
                _bring_images(text, name, path, root, found)
            continue
        _read_page(path, root, name, found)


def _read_page(path: Path, root: Path, name: str, found: Imported) -> None:
    text = _text(path, found)
    if text is None:
        return
    if INDEX_PAGE.match(name):  # the worklog folder's own page: kept as written, shown on the index
        found.index_pages[name] = text
        _bring_images(text, name, path, root, found)
        return
    try:
        parsed = parse_page(text, name, _language(path, name))
    except WorklogParseError as error:
        found.problems.append(f"{path}:{error.line}:{error.column}: {error.message}")
        return
    found.warnings += [f"{path}:{warning.line}: {warning.message}" for warning in parsed.warnings]
    found.pages.append(ImportedPage(path, name, text, parsed))
    _bring_images(text, name, path, root, found)


def _text(path: Path, found: Imported) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        found.problems.append(f"{path}:1:1: the page is not UTF-8 text, so it cannot be a worklog week: "
                              "save it as UTF-8")
    except OSError as exc:
        found.problems.append(f"{path}:1:1: cannot read the page: {exc.strerror}")
    return None


def _language(path: Path, name: str) -> str:
    suffix = _LANGUAGE_SUFFIX.search(name)
    return suffix["lang"] if suffix else site_language(path)


def site_language(path: Path) -> str:
    """The Hugo site's `defaultContentLanguage`, from the config of the site the page is in."""
    for folder in list(path.resolve().parents)[:6]:
        for name in _CONFIGS:
            config = folder / name
            if config.is_file():
                return _default_language(config)
    return DEFAULT_LANGUAGE


def _default_language(config: Path) -> str:
    try:
        text = config.read_text("utf-8")
        data = tomllib.loads(text) if config.suffix == ".toml" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, yaml.YAMLError):
        return DEFAULT_LANGUAGE
    language = data.get("defaultContentLanguage") if isinstance(data, dict) else None
    return language.lower() if isinstance(language, str) and re.match(r"^[a-zA-Z]{2}$", language) \
        else DEFAULT_LANGUAGE


def _site_static(root: Path) -> Path | None:
    """The Hugo site's static/ folder: beside the `content/` folder the worklog folder is in."""
    for folder in [root.resolve(), *root.resolve().parents]:
        if folder.name == "content":
            return folder.parent / "static"
    return None


def _bring_images(text: str, name: str, path: Path, root: Path, found: Imported) -> None:
    for ref in image_refs(text):
        if is_external(ref.src):
            continue  # shown as a link on the site: nothing is fetched from the internet
        target = model_path(ref.src, name)
        if target is None:
            found.warnings.append(f"{path}:{ref.line}: image '{ref.src}' is outside the worklog folder: "
                                  "not brought in; the site shows its text instead")
            continue
        folder, relative = target.split("/", 1)
        base = root if folder == PAGES_DIR else _site_static(root)
        if base is None:
            found.warnings.append(f"{path}:{ref.line}: image '{ref.src}' is in the site's static/ folder, "
                                  "but this folder is not inside a Hugo site's content/: import the worklog "
                                  "folder from within its site")
            continue
        data, why = read_inside(base, relative)
        if data is None:
            found.warnings.append(f"{path}:{ref.line}: image '{ref.src}' {why}; the site shows its text instead")
        else:
            found.images[target] = data


def _check_duplicates(found: Imported) -> None:
    first: dict[tuple[int, str], Path] = {}
    for page in found.pages:
        key = (page.parsed.week.week, page.parsed.week.language)
        if key in first:
            found.problems.append(f"{page.source}:1:1: week {key[0]} ({key[1]}) is also in {first[key]}: "
                                  "import one page per week and language")
        first.setdefault(key, page.source)
