"""diff, deploy and destroy: every stack of the manifest, in order, each in its own region, through change sets.

Safe to run again after any failure: each stack is first brought to a status a change set can
start from (`repair`), a stack about to be created first adopts what an earlier destroy kept
(`adopt`), and every AWS error ends the run as one line naming the stack (`_about`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from botocore.exceptions import ClientError

from archgen.deploy import adopt, changes, events, gates, readback, repair
from archgen.deploy.aws import AWS_ERRORS, Aws, Target, aws_error
from archgen.deploy.console import Console
from archgen.deploy.inputs import Inputs
from archgen.deploy.manifest import DeployError, Manifest, StackSpec, read_manifest
from archgen.deploy.retained import Kept, kept_by
from archgen.deploy.state import read_outputs, read_retained, write_outputs
from archgen.deploy.states import ABSENT, Way, way_forward
from archgen.environments import deploy_dir
from archgen.graph import SystemGraph


@dataclass(frozen=True)
class Options:
    stacks: list[str] | None = None
    yes: bool = False
    execute: bool = True
    target: Target = Target()
    checks: bool = True          # refuse stale or unlinted templates before touching AWS
    model: Path | None = None    # the model folder the templates come from (for the staleness check)


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
        self.folder = deploy_dir(graph)  # deploy/, or deploy/<environment>/ for another environment
        self.manifest: Manifest = read_manifest(self.root, self.folder)
        self.outputs: dict[str, dict[str, str]] = read_outputs(self.root, self.folder)
        self.retained = read_retained(self.root, self.folder)
        self.inputs = Inputs(self.aws, self.graph, self.manifest, self.region)

    def region(self, spec: StackSpec) -> str:
        """The stack's region: --region moves the system's stacks; those AWS pins elsewhere stay."""
        if self.options.target.region and spec.region == self.graph.system.region:
            return self.options.target.region
        return spec.region

    # ---- deploy ----------------------------------------------------------------------------------

    def deploy(self) -> dict[str, dict[str, str]]:
        specs = self.manifest.select(self.options.stacks)
        self._gates(specs)
        for spec in specs:
            with self._about(spec):
                self._deploy_stack(spec)
        self._save()
        return self.outputs

    def _gates(self, specs: list[StackSpec]) -> None:
        gates.check_code(self.root, specs)  # not skippable: without the code the deploy stops half way
        if self.options.checks:
            gates.check_outputs_current(self.options.model or self.root / "model")
            gates.check_lint(self.root, specs)

    def _deploy_stack(self, spec: StackSpec) -> None:
        cfn = self._cfn(spec)
        if not self.options.execute:  # review only: change nothing, not even a broken stack
            status = repair.settle(cfn, spec.name, spec.stack_name, self.console)
            self._review(spec, status)
            return
        status = repair.prepare(cfn, spec.name, spec.stack_name, self.console, self.options.yes)
        if status == ABSENT:
            status = self._adopt(spec) or status
        change_set = self._change_set(spec, "CREATE" if status == ABSENT else "UPDATE", placeholders=False)
        self.console.change_set(change_set)
        if change_set.empty:
            self._delete_change_set(spec, change_set)
        else:
            self._confirm(f"deploy {spec.name} ({self.region(spec)})?", spec)
            self._execute(spec, change_set)
        self.outputs[spec.name] = self._read_outputs(spec)
        self.retained.pop(spec.name, None)  # what it kept is the stack's again
        self._save()

    def _review(self, spec: StackSpec, status: str) -> None:
        way = way_forward(status)
        if way not in (Way.CREATE, Way.UPDATE):
            self.console.say(f"{spec.name}: {status}: deploy will {way.value} it first; no change set made")
            return
        # Without execution, later stacks cannot have earlier outputs: they show what they will take.
        change_set = self._change_set(spec, "CREATE" if way is Way.CREATE else "UPDATE", placeholders=True)
        self.console.change_set(change_set)
        if change_set.empty:
            self._delete_change_set(spec, change_set)
        else:
            self.console.say(f"{spec.name}: change set {change_set.name} left for review (--no-execute)")

    def _adopt(self, spec: StackSpec) -> str | None:
        """Import the retained resources that still exist; the stack's status after, or None."""
        template = self._template(spec)
        found = adopt.to_import(template, self.retained.get(spec.name, {}), self._pseudo(spec),
                                lambda service: self.aws.client(service, self.region(spec)))
        if not found:
            return None
        names = ", ".join(f"{r['LogicalResourceId']} ({'/'.join(r['ResourceIdentifier'].values())})" for r in found)
        self.console.say(f"{spec.name}: adopting what an earlier destroy kept: {names}")
        body = adopt.import_template(template, {r["LogicalResourceId"] for r in found})
        change_set = self._change_set(spec, "IMPORT", placeholders=False, to_import=found,
                                      body={"TemplateBody": json.dumps(body, sort_keys=True)})
        self.console.change_set(change_set)
        self._confirm(f"import into {spec.name} ({self.region(spec)})?", spec)
        self._execute(spec, change_set)
        return "IMPORT_COMPLETE"

    def _confirm(self, question: str, spec: StackSpec) -> None:
        if not self.options.yes and not self.console.confirm(question):
            raise DeployError(f"stopped before {spec.name}: nothing executed for it (--yes answers for you)")

    def _execute(self, spec: StackSpec, change_set: changes.ChangeSet) -> None:
        cfn = self._cfn(spec)
        before = events.event_ids(cfn, spec.stack_name)
        cfn.execute_change_set(ChangeSetName=change_set.id, StackName=spec.stack_name)
        with self.console.progress(spec.name) as progress:
            status, seen = events.follow(cfn, spec.name, spec.stack_name, progress.event, since=before)
        if not events.succeeded(status, change_set.kind):
            raise StackFailed(events.first_failure(spec.name, spec.stack_name, seen, status))
        self.console.say(f"{spec.name}: {status}")

    # ---- diff ------------------------------------------------------------------------------------

    def diff(self) -> Plan:
        plan = Plan()
        for spec in self.manifest.select(self.options.stacks):
            with self._about(spec):
                status = repair.settle(self._cfn(spec), spec.name, spec.stack_name, self.console)
                way = way_forward(status)
                if way not in (Way.CREATE, Way.UPDATE):
                    self.console.say(f"{spec.name}: {status}: deploy will {way.value} it first")
                    continue
                change_set = self._change_set(spec, "CREATE" if way is Way.CREATE else "UPDATE", placeholders=True)
                self.console.change_set(change_set)
                plan.change_sets.append(change_set)
                self._delete_change_set(spec, change_set)
        return plan

    # ---- destroy ---------------------------------------------------------------------------------

    def destroy(self) -> tuple[list[str], list[Kept]]:
        """Delete the stacks in reverse order; what was deleted, and the retained resources left behind."""
        deleted: list[str] = []
        kept: list[Kept] = []
        for spec in reversed(self.manifest.select(self.options.stacks)):
            with self._about(spec):
                cfn = self._cfn(spec)
                if repair.settle(cfn, spec.name, spec.stack_name, self.console) == ABSENT:
                    self.console.say(f"{spec.name}: not deployed")
                    continue
                if not self.options.yes and not self.console.confirm(f"delete stack {spec.stack_name}?"):
                    raise DeployError(f"stopped before deleting {spec.name} (--yes answers for you)")
                summaries = self._paged(cfn, "list_stack_resources", "StackResourceSummaries", spec.stack_name)
                stack_kept = kept_by(spec.name, self._template(spec), summaries)
                seen = repair.delete(cfn, spec.name, spec.stack_name, self.console)
                self.console.say(f"{spec.name}: deleted {len({e.logical_id for e in seen} - {spec.stack_name})} "
                                 f"resources, kept {len(stack_kept)}")
                deleted.append(spec.name)
                kept += stack_kept
                self.outputs.pop(spec.name, None)
                self.retained[spec.name] = {k.logical_id: {"type": k.resource_type, "physical_id": k.physical_id}
                                            for k in stack_kept}
                self._save()
        return deleted, kept

    # ---- read-back -------------------------------------------------------------------------------

    def read_back(self) -> tuple[int, list[readback.Gap]]:
        """Each deployed resource's key settings, asked of its own service: (settings read, gaps)."""
        total, gaps = 0, []
        for spec in self.manifest.select(self.options.stacks):
            with self._about(spec):
                cfn = self._cfn(spec)
                if events.stack_status(cfn, spec.stack_name) == ABSENT:
                    continue
                summaries = self._paged(cfn, "list_stack_resources", "StackResourceSummaries", spec.stack_name)
                read, found = readback.read_back(spec.name, self._template(spec), summaries,
                                                 lambda service, r=self.region(spec): self.aws.client(service, r))
                total += read
                gaps += found
        return total, gaps

    # ---- shared ----------------------------------------------------------------------------------

    @contextmanager
    def _about(self, spec: StackSpec) -> Iterator[None]:
        """Any AWS error while working on a stack: one line naming the stack and the call, never a traceback."""
        try:
            yield
        except AWS_ERRORS as exc:
            self._save()
            raise DeployError(f"stack {spec.name} ({spec.stack_name}, {self.region(spec)}): "
                              f"{aws_error(exc, self.aws.last_call)}; later stacks were not started: run the "
                              "same command again once it is fixed") from None

    def _save(self) -> None:
        write_outputs(self.root, self.outputs, self.retained, self.folder)

    def _cfn(self, spec: StackSpec) -> Any:
        return self.aws.client("cloudformation", self.region(spec))

    def _template(self, spec: StackSpec) -> dict[str, Any]:
        try:
            return dict(yaml.safe_load((self.root / spec.template).read_text("utf-8")) or {})
        except (OSError, yaml.YAMLError) as exc:
            raise DeployError(f"{spec.template}: {exc}") from None

    def _pseudo(self, spec: StackSpec) -> dict[str, str]:
        region = self.region(spec)
        partition = "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov") else "aws"
        return {"AWS::AccountId": self.aws.account(region), "AWS::Region": region, "AWS::Partition": partition,
                "AWS::StackName": spec.stack_name}

    def _change_set(self, spec: StackSpec, kind: str, placeholders: bool, to_import: list[dict[str, Any]] | None = None,
                    body: dict[str, str] | None = None) -> changes.ChangeSet:
        template = body or self.inputs.template(spec)
        if "TemplateURL" in template:
            self.console.say(f"{spec.name}: template over {changes.MAX_BODY:,} bytes: uploaded, passed as "
                             f"TemplateURL {template['TemplateURL']}")
        parameters = [{"ParameterKey": name, "ParameterValue": self._parameter(spec, name, placeholders)}
                      for name in sorted(spec.parameters)]
        tags = [{"Key": key, "Value": value} for key, value in sorted(self.graph.system.tags.items())]
        return changes.create(self._cfn(spec), spec.name, spec.stack_name, template, parameters, tags, kind, to_import)

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

    @staticmethod
    def _paged(cfn: Any, operation: str, key: str, stack_name: str) -> list[dict[str, Any]]:
        pages = cfn.get_paginator(operation).paginate(StackName=stack_name)
        return [item for page in pages for item in page.get(key, [])]

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
