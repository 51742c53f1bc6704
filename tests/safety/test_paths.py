"""Paths: nothing outside the model folder is read or packaged, nothing outside the owned output folders
is written or removed, whatever the model or a hand-edited `.generated.json` says (issue: symlinked code,
a forged manifest deleting `../../elsewhere/file`)."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from archgen.cli import main
from archgen.deploy.package import package
from archgen.write import MANIFEST, digest


def synth(root: Path) -> int:
    return main(["--quiet", "--model", str(root / "model"), "synth"])


def forge(root: Path, entries: list[str]) -> None:
    """Add entries to the templates renderer's part of the manifest, each with its target's true hash."""
    manifest = json.loads((root / MANIFEST).read_text())
    for entry in entries:
        target = Path(entry) if entry.startswith("/") else root / entry
        manifest["outputs"]["templates"][entry] = digest(target.read_bytes())
    manifest["inputs"] = {}  # not up to date: the run must reach the write step
    (root / MANIFEST).write_text(json.dumps(manifest))


def line_of(root: Path, text: str) -> int:
    lines = (root / "model" / "system.yaml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_forged_manifest_entry_outside_the_output_folders_is_ignored_with_a_warning(
        project: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "file").write_text("someone else's")
    (project / "notes.txt").write_text("mine")
    assert synth(project) == 0
    relative = Path("..", "..", *elsewhere.parts[-2:], "file").as_posix()
    assert (project / relative).resolve() == (elsewhere / "file").resolve()
    forge(project, [relative, str(elsewhere / "file"), "notes.txt", "model/system.yaml"])
    capsys.readouterr()
    assert synth(project) == 0
    assert (elsewhere / "file").read_text() == "someone else's"
    assert (project / "notes.txt").read_text() == "mine"
    assert (project / "model" / "system.yaml").is_file()
    err = capsys.readouterr().err
    for entry in (relative, str(elsewhere / "file"), "notes.txt", "model/system.yaml"):
        assert f"lists {entry!r}: ignored" in err
    assert relative not in json.loads((project / MANIFEST).read_text())["outputs"]["templates"]


def test_a_manifest_entry_under_a_symlinked_output_folder_is_not_removed(
        project: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "file.yaml").write_text("someone else's")
    assert synth(project) == 0
    (project / "deploy" / "linked").symlink_to(elsewhere, target_is_directory=True)
    forge(project, ["deploy/linked/file.yaml"])
    assert synth(project) == 0
    assert (elsewhere / "file.yaml").read_text() == "someone else's"
    assert "deploy/linked/file.yaml" in capsys.readouterr().err


def test_a_symlinked_output_folder_is_not_written_through(
        project: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "deploy").symlink_to(elsewhere, target_is_directory=True)
    assert synth(project) == 0
    assert list(elsewhere.iterdir()) == []
    assert "deploy/backend.yaml: not written" in capsys.readouterr().err


def test_the_generators_own_stale_outputs_are_still_removed(project: Path) -> None:
    assert synth(project) == 0
    stale = project / "deploy" / "old.yaml"
    stale.write_text("old")
    forge(project, ["deploy/old.yaml"])
    assert synth(project) == 0
    assert not stale.exists()


def test_a_function_source_folder_linked_outside_the_model_is_an_error_at_its_line(
        project: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "handler.py").write_text("def handler(event, context): pass\n")
    code = project / "model" / "functions" / "items"
    for child in code.iterdir():
        child.unlink()
    code.rmdir()
    code.symlink_to(elsewhere, target_is_directory=True)
    assert synth(project) == 2
    err = capsys.readouterr().err
    line = line_of(project, "source: functions/items")
    assert f"system.yaml:{line}:" in err and "components.items-fn.settings.source" in err
    assert "outside the model folder" in err and "Traceback" not in err
    assert not (project / "deploy").exists()


def test_a_symlink_inside_the_code_folder_leading_out_is_an_error_and_never_packaged(
        project: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path_factory.mktemp("home") / "credentials"
    secret.write_text("aws_secret_access_key = x\n")
    code = project / "model" / "functions" / "items"
    (code / "config.ini").symlink_to(secret)
    assert synth(project) == 2
    err = capsys.readouterr().err
    assert f"system.yaml:{line_of(project, 'source: functions/items')}:" in err
    assert "config.ini" in err and "symlink" in err
    with pytest.raises(FileNotFoundError, match="config.ini"):  # OutsideLink
        package(code)


def test_a_symlink_inside_the_code_folder_to_its_own_file_is_packaged(project: Path) -> None:
    code = project / "model" / "functions" / "items"
    (code / "alias.py").symlink_to(code / "handler.py")
    names = zipfile.ZipFile(BytesIO(package(code))).namelist()
    assert names == ["alias.py", "handler.py", "requirements.txt"]
    assert synth(project) == 0


SECRET = "aws_secret_access_key = wJalrXUtnFEMI-never-shown\n"


@pytest.mark.parametrize("linked", ["system.yaml", "worklog/week-10.yaml", "worklog"])
def test_a_model_file_linked_outside_the_model_is_never_read(
        project: Path, linked: str, tmp_path_factory: pytest.TempPathFactory,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A symlinked system.yaml, week file or worklog folder from a merge request could point at the
    deployer's credentials; parsing them would quote them in the errors of a public CI log."""
    elsewhere = tmp_path_factory.mktemp("home")
    (elsewhere / "credentials").write_text(SECRET)
    (elsewhere / "week-09.yaml").write_text(SECRET)
    link = project / "model" / linked
    if link.is_dir():
        for child in link.iterdir():
            child.unlink()
        link.rmdir()
        link.symlink_to(elsewhere, target_is_directory=True)
    else:
        link.unlink(missing_ok=True)
        link.symlink_to(elsewhere / "credentials")
    assert synth(project) == 2
    err = capsys.readouterr().err
    assert "leads outside the model folder" in err and "Traceback" not in err
    assert "wJalrXUtnFEMI" not in err and "aws_secret_access_key" not in err
    assert not (project / "deploy").exists()
