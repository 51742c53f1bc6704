"""`generate.py import-worklog` and `export-worklog`, end to end: pages in, model and site out, and back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from archgen.validate import load_model
from archgen.worklog.hugo import parse_hugo
from tests.conftest import REPO, SAMPLES

GENERATE = [sys.executable, str(REPO / "generate.py")]


def generate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GENERATE, "--model", str(project / "model"), *args],
                          capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_imported_page_reaches_the_model_and_the_site(project: Path) -> None:
    sample = SAMPLES / "week-10-weekday-names.md"
    done = generate(project, "import-worklog", str(sample))
    assert done.returncode == 0, done.stderr
    expected = parse_hugo(sample.read_text("utf-8"))
    weeks = {week.week: week for week in load_model(project / "model").weeks}
    assert weeks[expected.week] == expected
    assert generate(project, "-q").returncode == 0
    page = (project / "docs" / "worklog" / f"week-{expected.week:02d}.md").read_text("utf-8")
    assert all(" ".join(str(o).split()) in " ".join(page.split()) for o in expected.objectives)
    assert f"worklog/week-{expected.week:02d}.md" in (project / "mkdocs.yml").read_text("utf-8")


def test_a_page_it_cannot_read_is_an_error_at_its_line_and_nothing_is_written(project: Path,
                                                                               tmp_path: Path) -> None:
    good = SAMPLES / "week-10-day-ranges.md"
    bad = tmp_path / "week-11.md"
    lines = good.read_text("utf-8").replace("Week 10", "Week 11").splitlines()
    table_row = next(i for i, line in enumerate(lines) if line.startswith("| 2 "))
    lines[table_row] = lines[table_row].rsplit("|", 2)[0] + "|"  # a row one cell short
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    before = snapshot(project / "model")
    done = generate(project, "import-worklog", str(good), str(bad))
    assert done.returncode == 2
    assert f"{bad}:{table_row + 1}:" in done.stderr, done.stderr
    assert "nothing was imported" in done.stderr
    assert snapshot(project / "model") == before


def test_exported_pages_import_back_to_the_same_weeks(project: Path, tmp_path: Path) -> None:
    weeks = load_model(project / "model").weeks
    assert weeks
    out = tmp_path / "hugo"
    done = generate(project, "export-worklog", "--out", str(out))
    assert done.returncode == 0, done.stderr
    for week in weeks:
        assert parse_hugo((out / f"week-{week.week:02d}.md").read_text("utf-8")) == week
    default = generate(project, "export-worklog")
    assert default.returncode == 0, default.stderr
    assert snapshot(project / "export" / "worklog") == snapshot(out)


def test_export_of_an_invalid_model_names_the_error_and_writes_nothing(project: Path, tmp_path: Path) -> None:
    system = project / "model" / "system.yaml"
    system.write_text(system.read_text("utf-8").replace("kind: s3.bucket", "kind: s3.buckit"), "utf-8")
    done = generate(project, "export-worklog", "--out", str(tmp_path / "hugo"))
    assert done.returncode == 2
    assert "system.yaml:" in done.stderr and "s3.buckit" in done.stderr
    assert not (tmp_path / "hugo").exists()
