"""The local AWS endpoint: moto's server on 127.0.0.1 with the adapters installed.

    with local_aws() as endpoint:      # a free port; fresh, empty accounts
        boto3.client("cloudformation", endpoint_url=endpoint, ...)

`python -m archgen.deploy.local.server [--port N]` runs it in the foreground and prints its URL.
CloudFront, CLOUDFRONT-scope web ACLs and CloudFront's certificates belong in us-east-1, the rest
in the system's region: one endpoint serves every region, as the request's signature names it.
"""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from moto.core.base_backend import BackendDict
from moto.server import ThreadedMotoServer

from archgen.deploy.local import install
from archgen.deploy.local._codestar_api import CodeStarConnectionsApi
from archgen.deploy.local._amplify_backend import reset_amplify
from archgen.deploy.local._codestar_backend import reset_connections

HOST = "127.0.0.1"


@contextmanager
def _quiet_request_log(quiet: bool) -> Iterator[None]:
    """werkzeug logs every request at INFO; a test run wants only the errors."""
    log = logging.getLogger("werkzeug")
    level = log.level
    if quiet:
        log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


@contextmanager
def local_aws(port: int | None = None, quiet: bool = True) -> Iterator[str]:
    """Start the local AWS on 127.0.0.1 (a free port when `port` is None) and yield its URL.

    Every service starts empty: moto's state lives in this process and is reset here, so use one
    at a time per process (each pytest-xdist worker is a process of its own). The server stops on
    exit.
    """
    install()
    BackendDict.reset()
    reset_connections()
    reset_amplify()
    server = ThreadedMotoServer(ip_address=HOST, port=port or 0, verbose=False)
    with _quiet_request_log(quiet):
        server.start()
        # moto's server has no CodeStar Connections: answer those requests before moto sees them.
        server._server.app = CodeStarConnectionsApi(server._server.app)  # type: ignore[union-attr]
        host, bound_port = server.get_host_and_port()
        try:
            yield f"http://{host}:{bound_port}"
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m archgen.deploy.local.server",
                                     description="Run the local AWS (moto + adapters) until Ctrl-C.")
    parser.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    options = parser.parse_args(argv)
    with local_aws(options.port, quiet=not options.verbose) as endpoint:
        print(endpoint, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
