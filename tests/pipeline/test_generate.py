"""`python generate.py`: deterministic bytes, writes only what changed, removes only its own files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.cli import main
from archgen.write import MANIFEST


def outputs(root: Path) -> dict[str, bytes]:
    """Every generated file under the project, by relative path (the model itself excluded)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "model" not in p.relative_to(root).parts[:1]}


def drop_monitoring_view(root: Path) -> None:
    """Edit the model so that it no longer has its last view, `monitoring`."""
    system = root / "model" / "system.yaml"
    text = system.read_text()
    start, end = text.index("  monitoring:\n    title"), text.index("\nexceptions:")
    system.write_text(text[:start] + text[end:])


def generate(root: Path, *args: str) -> int:
    return main(["--quiet", "--model", str(root / "model"), *args])


def test_same_model_in_two_folders_gives_identical_bytes(project: Path, tmp_path_factory: pytest.TempPathFactory,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path_factory.mktemp("elsewhere") / "deeper" / "project"
    shutil.copytree(project / "model", other / "model")
    monkeypatch.chdir(project)
    assert generate(project) == 0
    monkeypatch.chdir(other)
    assert generate(other) == 0
    first, second = outputs(project), outputs(other)
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []
    assert any(path.startswith("diagrams/") for path in first)


def test_second_run_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate(project) == 0
    mtimes = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()}
    assert main(["--model", str(project / "model")]) == 0
    assert "0 written" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()} == mtimes


def test_a_generate_after_synth_alone_makes_every_output(project: Path) -> None:
    """synth records the templates alone in the manifest: that must not pass for every output made."""
    assert generate(project, "synth") == 0
    assert not (project / "diagrams").exists()
    assert generate(project) == 0
    assert (project / "diagrams" / "architecture.png").is_file() and (project / "mkdocs.yml").is_file()
    assert (project / "docs" / "index.md").is_file()
    assert generate(project, "--check") == 0


def test_check_finds_stale_and_missing_outputs(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate(project, "--check") == 1
    assert "missing: diagrams/architecture.png" in capsys.readouterr().out
    assert generate(project) == 0
    assert generate(project, "--check") == 0
    (project / "diagrams" / "cicd.dot").write_text("digraph {}\n")
    (project / "diagrams" / "security.svg").unlink()
    assert generate(project, "--check") == 1
    report = capsys.readouterr().out
    assert "stale: diagrams/cicd.dot" in report and "missing: diagrams/security.svg" in report


def test_check_writes_nothing(project: Path) -> None:
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert generate(project, "--check") == 1
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_outputs_no_longer_produced_are_removed_and_other_files_kept(project: Path) -> None:
    assert generate(project) == 0
    mine = project / "diagrams" / "notes.txt"
    mine.write_text("my own notes\n")
    drop_monitoring_view(project)
    assert generate(project) == 0
    assert not (project / "diagrams" / "monitoring.png").exists()
    assert not (project / "diagrams" / "monitoring.dot").exists()
    assert mine.read_text() == "my own notes\n"
    assert (project / "diagrams" / "architecture.png").exists()


def test_a_hand_edited_output_that_is_no_longer_produced_is_kept(project: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert generate(project) == 0
    edited = project / "diagrams" / "monitoring.dot"
    edited.write_text("digraph { edited }\n")
    drop_monitoring_view(project)
    assert generate(project) == 0
    assert edited.read_text() == "digraph { edited }\n"
    assert "edited by hand" in capsys.readouterr().err


def test_committed_outputs_are_up_to_date() -> None:
    """`python generate.py --check` on the repository itself: main never holds stale outputs."""
    repo = Path(__file__).resolve().parents[2]
    assert (repo / MANIFEST).is_file()
    assert main(["--quiet", "--check", "--model", str(repo / "model")]) == 0


def test_committed_schema_matches_the_typed_model() -> None:
    from archgen.kinds import registry
    from archgen.render.schema_renderer import schema_bytes, schemas

    repo = Path(__file__).resolve().parents[2]
    for path, schema in schemas(registry()).items():
        assert (repo / "model" / path).read_bytes() == schema_bytes(schema), f"model/{path} is stale"


def test_an_unchanged_project_stops_at_the_fingerprint_and_a_damaged_one_does_not(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from archgen.pipeline import run

    assert generate(project) == 0
    quick = run(project / "model")
    assert list(quick.timings.phases) == ["fingerprint"]
    (project / "diagrams" / "cicd.png").unlink()
    repaired = run(project / "model")
    assert "render diagrams" in repaired.timings.phases
    assert repaired.report is not None and repaired.report.written == ["diagrams/cicd.png"]
    system = project / "model" / "system.yaml"
    system.write_text(system.read_text().replace("throttle_rate: 50", "throttle_rate: 40"))
    edited = run(project / "model")
    assert edited.report is not None and "deploy/backend.yaml" in edited.report.written


def test_the_fingerprint_does_not_depend_on_how_the_model_is_named(project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from archgen.fingerprint import inputs_fingerprint

    monkeypatch.chdir(project)
    assert inputs_fingerprint(Path("model")) == inputs_fingerprint(project / "model")


@pytest.mark.parametrize("folder_made", [False, True])
def test_a_folder_without_a_model_says_how_to_start(tmp_path: Path, folder_made: bool,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A new user's first run, before writing a model: the error names the file to create."""
    monkeypatch.chdir(tmp_path)
    if folder_made:
        (tmp_path / "model").mkdir()
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("model/system.yaml:1:1: no model here: create this file") and "examples/" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == (["model"] if folder_made else [])
