"""The `archgen` mkdocs plugin (named under `plugins:` in the generated mkdocs.yml): the site is regenerated
on every build. It is an installed plugin (entry point in pyproject.toml) rather than a `hooks:` file, so
the generated mkdocs.yml works in any project folder, wherever archgen itself is installed.

`mkdocs serve` watches the model folder (`watch:` in mkdocs.yml); each build runs the whole pipeline
first. What the pipeline writes (docs/, mkdocs.yml) is not watched, so a save is one build and one
reload; folders of docs/ the generator does not own (hand-written pages) and the last deploy's outputs
still are. An invalid model is printed as `file:line:col: message`; `build` stops with an error, and
`serve` keeps the last good pages with a banner on each that lists every error, until the model is fixed.
The pages get the outputs of this machine's last deploy at build time, never in docs/.

mkdocs creates the plugin once per process: the model is loaded on each build, never at import.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from archgen import escape
from archgen.deploy.state import OUTPUTS_FILE, read_outputs
from archgen.docs import deployed
from archgen.errors import ModelInvalid
from archgen.pipeline import run
from archgen.write import Manifest

log = logging.getLogger("mkdocs.plugins.archgen")  # under "mkdocs": printed, and counted by --strict
REFRESHED = ("site_name", "site_description", "site_url", "nav")  # what may change with the model
BANNER_ID = "archgen-model-errors"
_state: dict[str, Any] = {"serving": False, "errors": []}


class ArchgenPlugin(BasePlugin):  # type: ignore[type-arg]
    """Each mkdocs event goes to the function of the same name below."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        on_startup(command, dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        return on_config(config)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return on_page_markdown(markdown, page, config, files)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return on_page_content(html)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        return on_serve(server, config, builder)


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _root(config)
    model = root / config.extra.get("archgen", {}).get("model", "model")
    try:
        result = run(model)
    except ModelInvalid as invalid:
        messages = [str(error) for error in invalid.errors]
        for message in messages:
            log.error(message)
        if not _state["serving"]:
            raise PluginError(f"the model is invalid ({len(messages)} errors above): nothing was generated")
        log.error("the model is invalid: still serving the last good site, with the errors on every page")
        _state["errors"] = messages
        return config
    _state["errors"] = []
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
        if key in fresh and not (key == "site_url" and _state["serving"]):  # serve sets its own
            config[key] = fresh[key]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Markers for the last deploy's outputs get this machine's values, with the deploy's date."""
    if "<!-- archgen: deployed" not in markdown:
        return markdown
    root = _root(config)
    return deployed.fill(markdown, read_outputs(root), deploy_date(root), OUTPUTS_FILE)


def deploy_date(root: Path) -> str | None:
    """When the last deploy saved its outputs: its own `deployed_at` if it records one, else the file's time."""
    path = root / OUTPUTS_FILE
    try:
        recorded = json.loads(path.read_text("utf-8")).get("deployed_at")
        stamp = datetime.fromisoformat(str(recorded)) if recorded else datetime.fromtimestamp(
            path.stat().st_mtime, timezone.utc)
    except (OSError, ValueError, AttributeError):
        return None
    return stamp.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def on_page_content(html: str) -> str:
    """While the model is invalid (serve only), every page opens with the errors, each at its file:line."""
    errors = _state["errors"]
    if not errors:
        return html
    items = "".join(f"<li><code>{escape.html(error)}</code></li>" for error in errors)
    banner = (f'<div id="{BANNER_ID}" class="admonition failure"><p class="admonition-title">The model is '
              f"invalid: this page is the last good one ({len(errors)} error{'s' if len(errors) != 1 else ''})"
              f"</p><ul>{items}</ul><p>Fix the model and save: the site follows.</p></div>")
    return banner + html


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Watch what a person edits, not what the pipeline writes: a save is then one build, one reload."""
    root = _root(config)
    server.unwatch(config.docs_dir)
    server.unwatch(config.config_file_path)
    for folder in _hand_written_folders(root, Path(config.docs_dir)):
        server.watch(str(folder))
    outputs = root / OUTPUTS_FILE
    if outputs.is_file():  # a deploy saves its outputs there: show them without a restart
        server.watch(str(outputs))
    return server


def _hand_written_folders(root: Path, docs: Path) -> list[Path]:
    """The folders directly under docs/ that hold no file the generator wrote (its manifest lists those)."""
    if not docs.is_dir():
        return []
    owned = {Path(path).parts[1] for path in Manifest.read(root).paths(None)
             if len(Path(path).parts) > 2 and (root / Path(path).parts[0]).resolve() == docs.resolve()}
    return sorted(folder for folder in docs.iterdir() if folder.is_dir() and folder.name not in owned)
