"""The `archgen` mkdocs plugin (named under `plugins:` in the generated mkdocs.yml): the site is regenerated
on every build. It is an installed plugin (entry point in pyproject.toml) rather than a `hooks:` file, so
the generated mkdocs.yml works in any project folder, wherever archgen itself is installed.

`mkdocs serve` watches the model folder (`watch:` in mkdocs.yml); each build runs the whole
pipeline first, which rewrites only the outputs whose bytes changed, so an edit to the model
shows in the browser and writing docs/ causes at most one more (idle) rebuild, never a loop.
An invalid model is printed as `file:line:col: message`; `serve` then keeps serving the last
good site (the pages on disk are left as they were), while `build` stops with an error.
The Deployment page gets the outputs of this machine's last deploy at build time, never in docs/.

mkdocs creates the plugin once per process: the model is loaded on each build, never at import.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from archgen.deploy.state import OUTPUTS_FILE, read_outputs
from archgen.docs.deployment import LAST_DEPLOY_MARKER, last_deploy
from archgen.docs.site import DEPLOYMENT
from archgen.errors import ModelInvalid
from archgen.pipeline import run

log = logging.getLogger("mkdocs.plugins.archgen")  # under "mkdocs": printed, and counted by --strict
REFRESHED = ("site_name", "site_description", "nav")  # what may change with the model, within one build
_mode = {"serving": False}


class ArchgenPlugin(BasePlugin):  # type: ignore[type-arg]
    """Each mkdocs event goes to the function of the same name below."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        on_startup(command, dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        return on_config(config)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return on_page_markdown(markdown, page, config, files)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        return on_serve(server, config, builder)


def on_startup(command: str, dirty: bool) -> None:
    _mode["serving"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    model = root / config.extra.get("archgen", {}).get("model", "model")
    try:
        result = run(model)
    except ModelInvalid as invalid:
        for error in invalid.errors:
            log.error(str(error))
        if not _mode["serving"]:
            raise PluginError(f"the model is invalid ({len(invalid.errors)} errors above): nothing was generated")
        log.error("the model is invalid: still serving the last good site; fix the model and save")
        return config
    assert result.report is not None
    if result.report.written or result.report.removed:
        log.info(f"regenerated from the model: {len(result.report.written)} written, "
                 f"{len(result.report.removed)} removed ({result.timings.summary()})")
    _refresh(config, Path(config.config_file_path))
    return config


def _refresh(config: MkDocsConfig, config_file: Path) -> None:
    """Take the freshly generated navigation and titles into this build (mkdocs read the file before)."""
    fresh: dict[str, Any] = yaml.safe_load(config_file.read_text("utf-8")) or {}
    for key in REFRESHED:
        if key in fresh:
            config[key] = fresh[key]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The Deployment page gets the outputs of the last deploy on this machine, if any."""
    if page.file.src_uri != DEPLOYMENT or LAST_DEPLOY_MARKER not in markdown:
        return markdown
    root = Path(config.config_file_path).resolve().parent
    return markdown.replace(LAST_DEPLOY_MARKER, last_deploy(read_outputs(root), OUTPUTS_FILE, markdown))


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """A deploy saves its outputs under deploy/: show them without a restart."""
    deploy = Path(config.config_file_path).resolve().parent / Path(OUTPUTS_FILE).parent
    if deploy.is_dir():
        server.watch(str(deploy))
    return server
