"""Import and export through files: a whole bilingual worklog folder in one command and back unchanged;
--check writes nothing; a week the model has is replaced only with --replace; nothing leaves its folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from archgen.worklog.model import Worklog
from archgen.worklog.store import (SCHEMA_COMMENT, WorklogImportError, export_worklog, import_worklog,
                                   week_from_data, week_to_yaml)
from archgen.validate.worklog import load_worklog
from tests.worklog.hugo_site import write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "hugo")


def load(worklog_dir: Path) -> Worklog:
    errors: list[object] = []
    worklog = load_worklog(worklog_dir, None, errors)  # type: ignore[arg-type]
    assert not errors, errors
    return worklog


def test_a_whole_bilingual_worklog_comes_in_and_goes_back_byte_for_byte(site: Path, tmp_path: Path) -> None:
    worklog_dir = tmp_path / "model" / "worklog"
    changes = import_worklog([site], worklog_dir)
    names = sorted(p.name for p in worklog_dir.glob("*.yaml"))
    assert names == sorted([f"week-{n:02d}.yaml" for n in range(1, 13)] + [f"week-{n:02d}.vi.yaml" for n in range(1, 13)])
    assert (worklog_dir / "pages" / "1.2-Week2" / "console.png").is_file()
    assert (worklog_dir / "static" / "images" / "1-Worklog" / "Week8" / "architecture.png").is_file()
    assert any("1.5-Week5/_index.md:24:" in warning for warning in changes.warnings)  # a short row, by its line
    worklog = load(worklog_dir)
    assert worklog.languages() == ["en", "vi"] and len(worklog.weeks) == 24
    assert list(worklog.sub_pages) == ["1.6-Week6/1.6.1-Day26/_index.md"]  # a day's page: kept as written
    out = tmp_path / "export"
    export_worklog(worklog, out)
    assert snapshot(out) == snapshot(site)  # pages, the folder's own pages, the bundle images


def test_check_writes_nothing_and_says_what_would_change(site: Path, tmp_path: Path) -> None:
    worklog_dir = tmp_path / "worklog"
    changes = import_worklog([site], worklog_dir, check=True)
    assert changes.changed and not worklog_dir.exists()
    import_worklog([site], worklog_dir)
    assert import_worklog([site], worklog_dir, check=True).changed == []
    out = tmp_path / "export"
    assert export_worklog(load(worklog_dir), out, check=True).changed and not out.exists()
    export_worklog(load(worklog_dir), out)
    (out / "1.1-Week1" / "_index.md").write_text("edited", "utf-8")
    again = export_worklog(load(worklog_dir), out, check=True)
    assert again.changed == [out / "1.1-Week1" / "_index.md"]
    assert (out / "1.1-Week1" / "_index.md").read_text("utf-8") == "edited"


def test_a_week_the_model_has_is_replaced_only_with_replace_and_the_difference_is_shown(site: Path,
                                                                                        tmp_path: Path) -> None:
    worklog_dir = tmp_path / "worklog"
    import_worklog([site], worklog_dir)
    before = snapshot(worklog_dir)
    page = site / "1.4-Week4" / "_index.md"
    page.write_text(page.read_text("utf-8").replace("- Learn S3.", "- Learn S3 and Glacier."), "utf-8")
    with pytest.raises(WorklogImportError) as refused:
        import_worklog([site], worklog_dir)
    (problem,) = refused.value.problems
    assert "week 4 (en) is already in" in problem and "--replace" in problem
    assert "-- Learn S3.\n" in problem and "+- Learn S3 and Glacier.\n" in problem
    assert snapshot(worklog_dir) == before
    changes = import_worklog([site], worklog_dir, replace=True)
    assert {p.name for p in changes.changed} == {"week-04.yaml", "_index.md"} and changes.replaced
    assert "Learn S3 and Glacier." in (worklog_dir / "week-04.yaml").read_text("utf-8")


def test_replacing_a_week_keeps_the_views_its_deliverables_link(tmp_path: Path) -> None:
    worklog_dir = tmp_path / "worklog"
    page = tmp_path / "week-09.md"
    page.write_text('---\ntitle: "Week 9"\n---\n\n### Week 9 Achievements:\n\n* Deliverables:\n  * The diagram.\n', "utf-8")
    import_worklog([page], worklog_dir)
    yaml_file = worklog_dir / "week-09.yaml"
    week = week_from_data(yaml.safe_load(yaml_file.read_text("utf-8")))
    week.deliverables[0].views = ["architecture"]  # what a student adds by hand: the page cannot say it
    yaml_file.write_text(week_to_yaml(week), "utf-8")
    assert week_from_data(yaml.safe_load(yaml_file.read_text("utf-8"))).deliverables[0].views == ["architecture"]
    import_worklog([page], worklog_dir, replace=True)
    assert week_from_data(yaml.safe_load(yaml_file.read_text("utf-8"))).deliverables[0].views == ["architecture"]


def test_nothing_is_written_when_one_page_cannot_be_a_week(site: Path, tmp_path: Path) -> None:
    (site / "1.5-Week5" / "_index.md").write_text('---\ntitle: "Notes"\n---\nno number anywhere\n', "utf-8")
    (site / "1.5-Week5").rename(site / "notes")
    (site / "1.6-Week6" / "_index.vi.md").write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(WorklogImportError) as refused:
        import_worklog([site], tmp_path / "worklog")
    assert any("notes/_index.md:2:1: no week number" in p for p in refused.value.problems)
    assert any("_index.vi.md:1:1: the page is not UTF-8" in p for p in refused.value.problems)
    assert not (tmp_path / "worklog").exists()


def test_two_pages_of_one_week_and_language_are_refused(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text('---\ntitle: "Week 3"\n---\n', "utf-8")
    with pytest.raises(WorklogImportError, match=r"week 3 \(en\) is also in"):
        import_worklog([tmp_path / "a.md", tmp_path / "b.md"], tmp_path / "worklog")


def test_images_never_come_from_outside_and_must_be_images(site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n secret")
    os.symlink(secret, site / "1.3-Week3" / "link.png")
    (site / "1.3-Week3" / "fake.png").write_text("<script>alert(1)</script>", "utf-8")
    (site / "1.3-Week3" / "pic.svg").write_text("<svg onload='alert(1)'/>", "utf-8")
    page = site / "1.3-Week3" / "_index.md"
    page.write_text(page.read_text("utf-8") + "\n![a](link.png) ![b](fake.png) ![c](pic.svg) ![d](../../../secret.png)\n",
                    "utf-8")
    changes = import_worklog([site], tmp_path / "worklog")
    assert not list((tmp_path / "worklog" / "pages" / "1.3-Week3").glob("*.png"))
    assert not list((tmp_path / "worklog" / "pages" / "1.3-Week3").glob("*.svg"))
    said = "\n".join(changes.warnings)
    assert "'link.png' is outside the folder" in said and "'fake.png' is not a PNG" in said
    assert "'pic.svg' is not a PNG" in said and "'../../../secret.png' is outside the worklog folder" in said


@pytest.mark.parametrize(("linked", "refusal"), [("model/worklog/pages", "leads outside"),
                                                 ("model/worklog", "leads outside the model folder")])
def test_a_symlink_in_the_model_never_takes_a_write_outside(site: Path, tmp_path: Path, linked: str,
                                                            refusal: str) -> None:
    """A link inside the worklog folder, or the worklog folder itself a link out of the model folder."""
    worklog_dir = tmp_path / "model" / "worklog"
    (tmp_path / linked).parent.mkdir(parents=True, exist_ok=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, tmp_path / linked)
    with pytest.raises(WorklogImportError, match=refusal):
        import_worklog([site], worklog_dir)
    assert not list(elsewhere.iterdir()) and not list(worklog_dir.glob("*.yaml"))


def test_yaml_is_readable(site: Path, tmp_path: Path) -> None:
    import_worklog([site], tmp_path / "worklog")
    text = (tmp_path / "worklog" / "week-01.vi.yaml").read_text("utf-8")
    assert text.startswith(SCHEMA_COMMENT + "\nweek: 1\nlanguage: vi\npage: 1.1-Week1/_index.vi.md\n")
    assert "Mục tiêu tuần 1:" in text and "\\u" not in text
    week = week_from_data(yaml.safe_load(text))
    assert week_to_yaml(week) == text


def test_images_named_with_url_escapes_or_pointy_brackets_come_in(site: Path, tmp_path: Path) -> None:
    """`my%20shot.png` is the file `my shot.png` (Windows screenshots), as is `<my shot.png>`."""
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    (site / "1.3-Week3" / "my shot.png").write_bytes(png)
    (site / "1.3-Week3" / "other pic.png").write_bytes(png)
    page = site / "1.3-Week3" / "_index.md"
    page.write_text(page.read_text("utf-8") + "\n![a](my%20shot.png) ![b](<other pic.png>)\n", "utf-8")
    changes = import_worklog([site], tmp_path / "worklog")
    folder = tmp_path / "worklog" / "pages" / "1.3-Week3"
    assert (folder / "my shot.png").read_bytes() == png and (folder / "other pic.png").read_bytes() == png
    assert not [w for w in changes.warnings if "shot" in w or "pic" in w]


def test_export_writes_into_a_symlinked_hugo_folder(site: Path, tmp_path: Path,
                                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    """The user's own content folder may be a link (a site kept elsewhere): export follows it."""
    import_worklog([site], tmp_path / "worklog")
    real = tmp_path_factory.mktemp("elsewhere") / "content"
    real.mkdir()
    os.symlink(real, tmp_path / "content")
    export_worklog(load(tmp_path / "worklog"), tmp_path / "content")
    assert list(real.rglob("_index.md"))


def test_an_image_named_in_other_capitals_is_named_in_the_warning(site: Path, tmp_path: Path) -> None:
    """`shot.jpg` on the page, `Shot.JPG` on disk: it opened on Windows, and breaks where Hugo builds (Linux)."""
    (site / "1.3-Week3" / "Shot.JPG").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 16)
    page = site / "1.3-Week3" / "_index.md"
    page.write_text(page.read_text("utf-8") + "\n![a](shot.jpg) ![b](missing.png)\n", "utf-8")
    changes = import_worklog([site], tmp_path / "worklog")
    said = "\n".join(changes.warnings)
    assert "image 'shot.jpg' is not there (the folder has 'Shot.JPG': write the name with the same capitals)" in said
    assert "image 'missing.png' is not there; the site shows its text instead" in said
    assert not list((tmp_path / "worklog" / "pages" / "1.3-Week3").glob("*.JPG"))
