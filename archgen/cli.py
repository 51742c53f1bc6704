"""The command layer: parse arguments, call the pipeline, say what happened. Nothing else lives here."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from archgen.errors import ModelInvalid, ToolMissing, counted
from archgen.pipeline import RunResult, run

EXIT_OK, EXIT_STALE, EXIT_INVALID = 0, 1, 2
DEFAULT_MODEL = Path("model")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ModelInvalid as invalid:
        for error in invalid.errors:
            print(error, file=sys.stderr)
        count = len(invalid.errors)
        print(f"{count} error{'s' if count != 1 else ''}: nothing was written", file=sys.stderr)
        return EXIT_INVALID
    except ToolMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted: every file written so far is complete (writes are atomic)", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="generate.py", description=(
        "Generate diagrams, docs and CloudFormation from one system model."))
    _common_options(parser, defaults=True)
    parser.set_defaults(handler=_generate)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, handler, text in _COMMANDS:
        sub = commands.add_parser(name, help=text, description=text)
        _common_options(sub, defaults=False)  # `generate.py validate --model X` works too
        _ARGUMENTS.get(name, lambda _: None)(sub)
        sub.set_defaults(handler=handler)
    return parser


def _common_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    keep = {} if defaults else {"default": argparse.SUPPRESS}
    parser.add_argument("--model", type=Path, help="model folder or its system.yaml (default: model); "
                        "outputs go beside it", **({"default": DEFAULT_MODEL} if defaults else keep))
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any output is stale",
                        **keep)
    parser.add_argument("--quiet", "-q", action="store_true", help="print errors only", **keep)


def _say(args: argparse.Namespace, text: str) -> None:
    if not args.quiet:
        print(text)


def _warn(warnings: list[object]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _generate(args: argparse.Namespace, only: set[str] | None = None) -> int:
    result = run(args.model, check=args.check, only=only)
    _warn(result.warnings)
    if args.check:
        return _report_check(args, result)
    assert result.report is not None
    report = result.report
    for path in report.written:
        _say(args, f"wrote      {path}")
    for path in report.removed:
        _say(args, f"removed    {path}")
    for path in report.kept:
        print(f"warning: {path} is no longer generated but was edited by hand: left in place", file=sys.stderr)
    _say(args, f"{len(report.written)} written, {len(report.unchanged)} unchanged, "
               f"{len(report.removed)} removed ({result.timings.summary()})")
    return EXIT_OK


def _report_check(args: argparse.Namespace, result: RunResult) -> int:
    for problem in result.stale:
        print(problem)
    if result.stale:
        print(f"{len(result.stale)} output(s) out of date: run 'python generate.py'")
        return EXIT_STALE
    _say(args, f"all outputs up to date ({result.timings.summary()})")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from archgen.validate import load_model

    model = load_model(args.model)
    _warn(model.warnings)
    _say(args, f"{args.model}: valid ({counted(len(model.components), 'component')}, "
               f"{counted(len(model.relations), 'relation')}, {counted(len(model.flows), 'flow')}, {_views(model)}, "
               f"{counted(len(model.weeks), 'worklog week')})")
    return EXIT_OK


def _views(model: Any) -> str:
    from archgen.graph import DEFAULT_VIEW

    return counted(len(model.views), "view") if model.views else f"no views: '{DEFAULT_VIEW}' is drawn by default"


def _audit(args: argparse.Namespace) -> int:
    from archgen.audit import run_audit
    from archgen.audit.report import render

    audit = run_audit(args.model)
    print(render(audit, quiet=args.quiet), end="")
    return EXIT_OK if audit.passed else EXIT_STALE


def _schema(args: argparse.Namespace) -> int:
    return _generate(args, only={"schema"})


def _synth(args: argparse.Namespace) -> int:
    return _generate(args, only={"templates"})


def _import_worklog(args: argparse.Namespace) -> int:
    from archgen.validate import WORKLOG_DIR, model_paths
    from archgen.worklog.store import WorklogImportError, import_worklog

    model_dir, _ = model_paths(args.model)
    try:
        changes = import_worklog(args.pages, model_dir / WORKLOG_DIR, replace=args.replace, check=args.check)
    except WorklogImportError as failed:
        _warn(failed.warnings)
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        print(f"{len(failed.problems)} problem(s): nothing was imported", file=sys.stderr)
        return EXIT_INVALID
    _warn(changes.warnings)
    for difference in changes.replaced:
        _say(args, difference.rstrip("\n"))
    return _report_files(args, changes, "imported", "run 'python generate.py' to update the site")


def _export_worklog(args: argparse.Namespace) -> int:
    from archgen.validate import load_model
    from archgen.worklog.store import WorklogImportError, export_worklog

    model = load_model(args.model)
    out = args.out if args.out is not None else Path(model.root) / DEFAULT_EXPORT
    try:
        changes = export_worklog(model.worklog, out, check=args.check)
    except WorklogImportError as failed:
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    return _report_files(args, changes, "exported", None)


def _report_files(args: argparse.Namespace, changes: Any, verb: str, after: str | None) -> int:
    """What was written; with --check, what would be (exit 1 when anything would change)."""
    if args.check:
        for path in changes.changed:
            print(f"would write {path}")
        for path in changes.removed:
            print(f"would remove {path}")
        stale = len(changes.changed) + len(changes.removed)
        print(f"{stale} file(s) would change" if stale else "nothing would change")
        return EXIT_STALE if stale else EXIT_OK
    for path in changes.changed:
        _say(args, f"{verb:<10} {path}")
    for path in changes.removed:
        _say(args, f"removed    {path}")
    _say(args, f"{len(changes.changed)} written, {len(changes.unchanged)} unchanged"
               + (f"; {after}" if after and changes.changed else ""))
    return EXIT_OK


DEFAULT_EXPORT = Path("export") / "worklog"  # beside the model folder, like every output
def _deploy_command(name: str) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        from archgen.deploy import commands  # boto3 loads only for the commands that use it

        return int(getattr(commands, name)(args))
    return handler


def _deploy_options(execute: bool) -> Callable[[argparse.ArgumentParser], object]:
    def add(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--stack", action="append", metavar="NAME", help="only this stack (repeatable)")
        parser.add_argument("--env", metavar="NAME", help="another environment of the model "
                            "(system.environments): its templates in deploy/NAME/, its own names and domain")
        parser.add_argument("--region", help="put the system's stacks in this region instead of the model's")
        parser.add_argument("--profile", help="the AWS profile to use")
        parser.add_argument("--endpoint-url", help="any AWS-compatible endpoint, e.g. a local moto server")
        if execute:
            parser.add_argument("--yes", "-y", action="store_true", help="do not ask before changing stacks "
                                "(nor before deleting a stack a failed deploy left unusable)")
            parser.add_argument("--skip-checks", action="store_true", help="deploy the templates as they are: "
                                "without checking they are the model's current output and lint clean")
            parser.add_argument("--no-execute", action="store_true",
                                help="create the change sets and leave them for review")
    return add


_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], object]] = {
    "diff": _deploy_options(execute=False),
    "deploy": _deploy_options(execute=True),
    "destroy": _deploy_options(execute=True),
    "import-worklog": lambda sub: (
        sub.add_argument("pages", nargs="+", type=Path, metavar="PAGE.md|FOLDER",
                         help="Hugo worklog pages, or a worklog folder (content/1-Worklog) whole"),
        sub.add_argument("--replace", action="store_true",
                         help="replace weeks the model already has (their differences are shown)")),
    "export-worklog": lambda sub: sub.add_argument("--out", type=Path, default=None, help=(
        "folder for the week-NN.md pages (default: export/worklog beside the model folder)")),
}
_COMMANDS: list[tuple[str, Callable[[argparse.Namespace], int], str]] = [
    ("generate", _generate, "generate every output (the default)"),
    ("validate", _validate, "check the model and print what it holds; write nothing"),
    ("audit", _audit, "check the outputs on disk against the model: every relation drawn, realised and "
                      "documented, no orphans; write nothing"),
    ("schema", _schema, "write the JSON Schema of the model files"),
    ("synth", _synth, "write the CloudFormation templates and deploy manifest (deploy/) only"),
    ("import-worklog", _import_worklog, "read Hugo worklog pages or a whole worklog folder, every "
                                        "language and image, into model/worklog/ (all or nothing)"),
    ("export-worklog", _export_worklog, "write the model's worklog back as Hugo pages, each under its "
                                        "Hugo name and language"),
    ("diff", _deploy_command("diff"), "show what a deploy would change (change sets, never executed)"),
    ("deploy", _deploy_command("deploy"), "deploy every stack in order through change sets"),
    ("destroy", _deploy_command("destroy"), "delete the stacks in reverse order"),
]
