"""The diff, deploy and destroy commands: options in, runner called, outcome said."""

from __future__ import annotations

import argparse
import sys
from typing import Callable


from archgen.deploy.aws import AWS_ERRORS, Target, aws_error
from archgen.deploy.console import Console
from archgen.deploy.manifest import DeployError
from archgen.deploy.runner import Options, Runner
from archgen.environments import variant
from archgen.graph import SystemGraph
from archgen.validate import load_model

EXIT_FAILED = 1


def runner(args: argparse.Namespace, *, execute: bool = True) -> Runner:
    graph = SystemGraph(load_model(args.model))
    if getattr(args, "env", None):
        try:
            graph = variant(graph, args.env)
        except KeyError as unknown:
            raise DeployError(str(unknown.args[0])) from None
    options = Options(stacks=args.stack, yes=getattr(args, "yes", False),
                      execute=execute and not getattr(args, "no_execute", False),
                      target=Target(profile=args.profile, endpoint_url=args.endpoint_url, region=args.region),
                      checks=not getattr(args, "skip_checks", False), model=args.model)
    return Runner(graph, options, Console(quiet=args.quiet))


def deploy(args: argparse.Namespace) -> int:
    return _guarded(lambda: _deploy(args))


def _deploy(args: argparse.Namespace) -> None:
    outputs = runner(args).deploy()
    console = Console(quiet=args.quiet)
    for stack, values in sorted(outputs.items()):
        for key, value in sorted(values.items()):
            console.say(f"{stack}.{key} = {value}")


def diff(args: argparse.Namespace) -> int:
    def work() -> None:
        from archgen.deploy.diffview import write_diff

        run = runner(args, execute=False)
        plan = run.diff()
        for path in write_diff(run.graph, plan):
            Console(quiet=args.quiet).say(f"wrote      {path}")
    return _guarded(work)


def destroy(args: argparse.Namespace) -> int:
    def work() -> None:
        console = Console(quiet=args.quiet)
        deleted, kept = runner(args).destroy()
        console.say(f"deleted: {', '.join(deleted) or 'nothing'}")
        if kept:
            console.say(f"kept ({len(kept)}, DeletionPolicy Retain; the next deploy adopts them):")
            for resource in kept:
                console.say(f"  {resource.line()}")
        else:
            console.say("kept: nothing")
    return _guarded(work)


def _guarded(work: Callable[[], object]) -> int:
    """Every failure is one clear message and exit 1: a DeployError says what to do; an AWS error
    outside any stack (credentials, the endpoint) names the call."""
    try:
        work()
    except DeployError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except AWS_ERRORS as error:
        print(f"error: {aws_error(error)}", file=sys.stderr)
        return EXIT_FAILED
    return 0
