"""A local AWS for deploy tests and `make deploy-local`: moto's server, with CloudFormation
adapters for the resource types moto's CloudFormation skips (one module per type).

Nothing happens on import. `install()` registers the adapters in moto's CloudFormation type map
and gives its stacks CloudFormation's failure path (see `_lifecycle`); `server.local_aws()` calls
it and starts the server.
"""

from __future__ import annotations

import importlib
import pkgutil

from moto.cloudformation import parsing

from archgen.deploy.local._adapter import Adapter
from archgen.deploy.local._bucket_settings import install_bucket_settings
from archgen.deploy.local._change_details import install_change_details
from archgen.deploy.local._continue_rollback import install_continue_rollback
from archgen.deploy.local._database_fixes import install_database_fixes
from archgen.deploy.local._import import install_import
from archgen.deploy.local._lifecycle import install_lifecycle
from archgen.deploy.local._mock_methods import install_mock_methods
from archgen.deploy.local._native_fixes import install_native_fixes
from archgen.deploy.local._service_settings import install_service_settings
from archgen.deploy.local._stream_fixes import install_stream_fixes

# Modules that are neither an adapter nor a private helper.
_NOT_ADAPTERS = frozenset({"server"})


def _discover() -> tuple[type[Adapter], ...]:
    """Every adapter: the one `Adapter` subclass of each public module here, found by walking the folder
    (as the kind registry finds kinds), so adding a type is adding its module and never editing a list."""
    found: list[type[Adapter]] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name in _NOT_ADAPTERS:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found += [value for value in vars(module).values() if isinstance(value, type)
                  and issubclass(value, Adapter) and value is not Adapter and value.__module__ == module.__name__]
    return tuple(sorted(found, key=lambda adapter: adapter.TYPE))


ADAPTERS: tuple[type[Adapter], ...] = _discover()


def install() -> None:
    """Register every adapter with moto's CloudFormation, patch its stack lifecycle, mend the types it
    creates badly (`_native_fixes`, `_database_fixes`, `_stream_fixes`), keep the settings its services
    drop (`_bucket_settings`, `_service_settings`), and add what its change sets lack: property details
    (`_change_details`), IMPORT (`_import`) and continue-update-rollback (`_continue_rollback`).

    Idempotent: it sets the same entries each time. moto caches its type map (lru_cache), so the
    entries written here last as long as the process.
    """
    types, names = parsing.get_model_map(), parsing.get_name_type_map()
    for adapter in ADAPTERS:
        types[adapter.TYPE] = adapter  # type: ignore[assignment]
        names[adapter.TYPE] = adapter.NAME_PROPERTY
    install_lifecycle()
    install_native_fixes()
    install_database_fixes()
    install_stream_fixes()
    install_change_details()
    install_import()
    install_continue_rollback()
    install_bucket_settings()
    install_service_settings()  # after the bucket settings: it wraps their bucket methods
    install_mock_methods()
