"""Registration and the server: explicit, idempotent, one module per type, a free loopback port."""

from __future__ import annotations

import importlib
import pkgutil
import socket
import subprocess
import sys
from pathlib import Path

from moto.core.common_models import CloudFormationModel

import archgen.deploy.local as local
from archgen.deploy.local._adapter import Adapter
from archgen.deploy.local.server import local_aws

REPO = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_importing_registers_nothing_install_registers_every_adapter() -> None:
    code = ("import archgen.deploy.local as local\n"
            "from moto.cloudformation.parsing import get_model_map\n"
            "before = {a.TYPE for a in local.ADAPTERS} & set(get_model_map())\n"
            "local.install(); local.install()\n"
            "after = all(get_model_map()[a.TYPE] is a for a in local.ADAPTERS)\n"
            "print(len(before), after)")
    assert _run(code) == "0 True"


def test_install_is_idempotent_in_this_process() -> None:
    local.install()
    first = {name: getattr(owner, name) for owner, name, _ in local._lifecycle.REPLACEMENTS}
    local.install()
    assert first == {name: getattr(owner, name) for owner, name, _ in local._lifecycle.REPLACEMENTS}


def test_no_adapter_shadows_a_type_moto_creates_itself() -> None:
    """When a moto upgrade learns one of these types, this fails: drop the adapter then."""
    native = {model.cloudformation_type() for model in CloudFormationModel.__subclasses__()}
    assert native.isdisjoint(adapter.TYPE for adapter in local.ADAPTERS)


def test_each_public_module_is_one_adapter_and_all_are_registered() -> None:
    modules = [name for _, name, _ in pkgutil.iter_modules(local.__path__)
               if not name.startswith("_") and name != "server"]
    adapters = []
    for name in modules:
        module = importlib.import_module(f"archgen.deploy.local.{name}")
        [adapter] = [value for value in vars(module).values()
                     if isinstance(value, type) and issubclass(value, Adapter) and value is not Adapter
                     and value.__module__ == module.__name__]
        adapters.append(adapter)
    assert sorted(adapters, key=lambda each: each.TYPE) == sorted(local.ADAPTERS, key=lambda each: each.TYPE)
    assert len({adapter.TYPE for adapter in adapters}) == len(adapters)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_local_aws_listens_on_a_free_loopback_port_until_exit() -> None:
    with local_aws() as endpoint:
        host, port = endpoint.removeprefix("http://").split(":")
        assert host == "127.0.0.1" and _listening(int(port))
    assert not _listening(int(port))


def test_server_module_prints_its_url_in_the_foreground() -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "archgen.deploy.local.server", "--port", str(port)],
                              cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == f"http://127.0.0.1:{port}"
        assert _listening(port)
    finally:
        server.terminate()
        server.wait(timeout=10)

