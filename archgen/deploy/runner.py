"""diff, deploy and destroy: every stack of the manifest, in order, each in its own region, through change sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from archgen.deploy import changes, events
from archgen.deploy.aws import Aws, Target
from archgen.deploy.console import Console
from archgen.deploy.inputs import Inputs
from archgen.deploy.manifest import DeployError, Manifest, StackSpec, read_manifest
from archgen.deploy.state import read_outputs, write_outputs
from archgen.graph import SystemGraph


@dataclass(frozen=True)
class Options:
    stacks: list[str] | None = None
    yes: bool = False
    execute: bool = True
    target: Target = Target()


@dataclass
class Plan:
    """What a diff found, per stack, for the report and the picture."""

    change_sets: list[changes.ChangeSet] = field(default_factory=list)


class StackFailed(DeployError):
    def __init__(self, failure: events.Failure) -> None:
        super().__init__(failure.report())
        self.failure = failure


class Runner:
    def __init__(self, graph: SystemGraph, options: Options, console: Console) -> None:
        self.graph = graph
        self.root = Path(graph.model.root)
        self.options = options
        self.console = console
        self.aws = Aws(options.target)
        self.manifest: Manifest = read_manifest(self.root)
        self.outputs: dict[str, dict[str, str]] = read_outputs(self.root)
        self.inputs = Inputs(self.aws, self.graph, self.manifest, self.region)

    def region(self, spec: StackSpec) -> str:
        """The stack's region: --region moves the system's stacks; those AWS pins elsewhere stay."""
        if self.options.target.region and spec.region == self.graph.system.region:
            return self.options.target.region
        return spec.region

    # ---- deploy ----------------------------------------------------------------------------------

    def deploy(self) -> dict[str, dict[str, str]]:
        for spec in self.manifest.select(self.options.stacks):
            # Without execution, later stacks cannot have earlier outputs: they show what they will take.
            change_set = self._change_set(spec, placeholders=not self.options.execute)
            self.console.change_set(change_set)
            if change_set.empty:
                self._delete_change_set(spec, change_set)
                self.outputs[spec.name] = self._read_outputs(spec)
                continue
            if not self.options.execute:
                self.console.say(f"{spec.name}: change set {change_set.name} left for review (--no-execute)")
                continue
            if not self.options.yes and not self.console.confirm(f"deploy {spec.name} ({self.region(spec)})?"):
                raise DeployError(f"stopped before {spec.name}: nothing executed for it (--yes answers for you)")
            self._execute(spec, change_set)
            self.outputs[spec.name] = self._read_outputs(spec)
            write_outputs(self.root, self.outputs)
        write_outputs(self.root, self.outputs)
        return self.outputs

    def _execute(self, spec: StackSpec, change_set: changes.ChangeSet) -> None:
        cfn = self._cfn(spec)
        before = events.event_ids(cfn, spec.stack_name)
        cfn.execute_change_set(ChangeSetName=change_set.id, StackName=spec.stack_name)
        action = change_set.kind
        with self.console.progress(spec.name) as progress:
            status, seen = events.follow(cfn, spec.name, spec.stack_name, progress.event, since=before)
        if not events.succeeded(status, action):
            raise StackFailed(events.first_failure(spec.name, spec.stack_name, seen, status))
        self.console.say(f"{spec.name}: {status}")

    # ---- diff ------------------------------------------------------------------------------------

    def diff(self) -> Plan:
        plan = Plan()
        for spec in self.manifest.select(self.options.stacks):
            change_set = self._change_set(spec, placeholders=True)
            self.console.change_set(change_set)
            plan.change_sets.append(change_set)
            self._delete_change_set(spec, change_set)
        return plan

    # ---- destroy ---------------------------------------------------------------------------------

    def destroy(self) -> list[str]:
        deleted = []
        for spec in reversed(self.manifest.select(self.options.stacks)):
            cfn = self._cfn(spec)
            if not changes.stack_exists(cfn, spec.stack_name):
                self.console.say(f"{spec.name}: not deployed")
                continue
            if not self.options.yes and not self.console.confirm(f"delete stack {spec.stack_name}?"):
                raise DeployError(f"stopped before deleting {spec.name} (--yes answers for you)")
            before = events.event_ids(cfn, spec.stack_name)
            cfn.delete_stack(StackName=spec.stack_name)
            with self.console.progress(spec.name) as progress:
                status, seen = events.follow(cfn, spec.name, spec.stack_name, progress.event, since=before)
            if status != "DELETE_COMPLETE":
                raise StackFailed(events.first_failure(spec.name, spec.stack_name, seen, status))
            self.console.say(f"{spec.name}: deleted {len({e.logical_id for e in seen}) - 1} resources")
            deleted.append(spec.name)
            self.outputs.pop(spec.name, None)
        write_outputs(self.root, self.outputs)
        return deleted

    # ---- shared ----------------------------------------------------------------------------------

    def _cfn(self, spec: StackSpec) -> Any:
        return self.aws.client("cloudformation", self.region(spec))

    def _change_set(self, spec: StackSpec, placeholders: bool) -> changes.ChangeSet:
        cfn = self._cfn(spec)
        template = self.inputs.template(spec)
        parameters = [{"ParameterKey": name, "ParameterValue": self._parameter(spec, name, placeholders)}
                      for name in sorted(spec.parameters)]
        tags = [{"Key": key, "Value": value} for key, value in sorted(self.graph.system.tags.items())]
        try:
            return changes.create(cfn, spec.name, spec.stack_name, template, parameters, tags)
        except (ClientError, BotoCoreError) as exc:
            raise DeployError(f"stack {spec.name}: {exc}") from None

    def _parameter(self, spec: StackSpec, name: str, placeholders: bool) -> str:
        source = spec.parameters[name]
        if source.stack is None:
            return self.inputs.value(spec, name, source)
        value = self.outputs.get(source.stack, {}).get(str(source.output))
        if value is None:
            producer = next(s for s in self.manifest.stacks if s.name == source.stack)
            value = self._read_outputs(producer).get(str(source.output))
        if value is None and placeholders:
            return f"(output {source.output} of stack {source.stack}, once deployed)"
        if value is None:
            raise DeployError(f"stack {spec.name} needs output {source.output} of stack {source.stack}, which is "
                              f"not deployed: deploy it first (or drop --stack)")
        return value

    def _read_outputs(self, spec: StackSpec) -> dict[str, str]:
        cfn = self._cfn(spec)
        try:
            stack = cfn.describe_stacks(StackName=spec.stack_name)["Stacks"][0]
        except ClientError:
            return {}
        return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}

    def _delete_change_set(self, spec: StackSpec, change_set: changes.ChangeSet) -> None:
        """A diff leaves nothing behind: its change set goes, and so does the empty stack a CREATE made."""
        if not change_set.id:
            return
        cfn = self._cfn(spec)
        try:
            cfn.delete_change_set(ChangeSetName=change_set.id, StackName=spec.stack_name)
            if change_set.kind == "CREATE" and events.stack_status(cfn, spec.stack_name) == "REVIEW_IN_PROGRESS":
                cfn.delete_stack(StackName=spec.stack_name)
        except ClientError:
            pass
