"""`make deploy-local`: the whole deploy, for real, against moto's server on 127.0.0.1 — no AWS account needed.

Starts the local AWS, creates the hosted zone the model's domain needs, deploys every stack
through change sets, reads each resource's key settings back through its service's API and
lists what the local AWS did not apply, prints the outputs, and stops the server.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from archgen.deploy.aws import Target
from archgen.deploy.console import Console
from archgen.deploy.manifest import DeployError
from archgen.deploy.readback import Gap
from archgen.deploy.runner import Options, Runner
from archgen.errors import ModelInvalid
from archgen.graph import SystemGraph
from archgen.validate import load_model

# moto accepts any credentials; these make sure no real ones (profile, config file) are ever read.
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                    "AWS_CONFIG_FILE": "/nonexistent/aws-config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws"}
UNSET = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL")


def deploy_locally(model: Path, console: Console, checks: bool = True) -> tuple[dict[str, dict[str, str]], list[Gap]]:
    """Deploy the model's templates on a fresh local AWS; `checks=False` leaves out deploy's gates (templates
    current and linting clean), for callers that have just checked both themselves."""
    from archgen.deploy.local.server import local_aws  # moto loads only here

    graph = SystemGraph(load_model(model))
    os.environ.update(FAKE_CREDENTIALS)
    for name in UNSET:
        os.environ.pop(name, None)
    with local_aws() as endpoint:
        console.say(f"local AWS at {endpoint}")
        runner = Runner(graph, Options(yes=True, target=Target(endpoint_url=endpoint), checks=checks), console)
        parent = graph.system.domain.split(".", 1)[1]
        runner.aws.client("route53", graph.system.region).create_hosted_zone(
            Name=parent, CallerReference="archgen-local")
        outputs = runner.deploy()
        read, gaps = runner.read_back()
        console.say(f"read back {read} settings through the services' APIs: "
                    f"{len(gaps)} the local AWS did not apply" + (":" if gaps else ""))
        for gap in gaps:
            console.say(f"  {gap.line()}")
        return outputs, gaps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("model"))
    args = parser.parse_args(argv)
    console = Console()
    start = time.perf_counter()
    try:
        outputs, _ = deploy_locally(args.model, console)
    except (DeployError, ModelInvalid) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for stack, values in sorted(outputs.items()):
        for key, value in sorted(values.items()):
            console.say(f"{stack}.{key} = {value}")
    console.say(f"deployed {len(outputs)} stacks locally in {time.perf_counter() - start:.1f} s; server stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
