"""The benchmark (`make bench`): wall time, CPU time and peak memory, medians of alternating runs.

Measures `synth` alone, the default model cold and no-op, plain `dot` on the same views (the floor:
one layout per view writing the same formats, the views in parallel on the cores), `mkdocs build`, how soon
`mkdocs serve` shows an invalid model's errors in the page (scripts/bench_serve.py),
synthetic models of 10, 100, 300 and 1,000 components, and, when Node.js is there, `cdk synth` of
the default system written in CDK (bench/cdk, set up by `make bench` with `npm ci`), so the ratios
are measured in the same run. CPU time (user + system, the children included) is reported beside
wall time: on a busy machine wall time says more about the neighbours than about the program.
Every command runs with its bytecode cached (one warm-up generate first), as an installed program does.
Prints a Markdown table; `--update-readme` puts it in README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from archgen.render.diagram import ICON_ROOT  # noqa: E402
from bench_serve import TARGET_SECONDS, error_latency  # noqa: E402
from synthetic_model import write_model  # noqa: E402

PYTHON = sys.executable
CDK = REPO / "bench" / "cdk"
PHASES = re.compile(r"\(([^()]*\d+ ms[^()]*)\)\s*$")
SERVE = "mkdocs serve: a model error in the page"
TARGETS = {"default model, no-op": 0.3, SERVE: TARGET_SECONDS}
PEAK_TARGET_MB = 300


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mb: float
    detail: str = ""
    cpu: float = 0.0
    runs: int = 1


# A fresh wrapper per command: its RUSAGE_CHILDREN peak is exactly that command's peak memory, and its
# user + system time that command's CPU time, its children (Graphviz) included.
_PEAK_WRAPPER = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
                 "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
                 "print(r.ru_maxrss, r.ru_utime + r.ru_stime, file=sys.stderr); sys.exit(code)")


def timed(name: str, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measure:
    """Run `command` once: its wall time, CPU time, peak resident memory and the phases it printed."""
    start = time.perf_counter()
    result = subprocess.run([PYTHON, "-c", _PEAK_WRAPPER, *command], cwd=cwd, capture_output=True, text=True,
                            env=_environment(env))
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{name}: {' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    peak_kb, cpu = result.stderr.strip().splitlines()[-1].split()
    lines = result.stdout.strip().splitlines()
    phases = PHASES.search(lines[-1]) if lines else None
    return Measure(name, seconds, int(peak_kb) / 1024, phases.group(1) if phases else "", float(cpu))


def _environment(extra: dict[str, str] | None) -> dict[str, str]:
    """The commands run as an installed program runs: with its bytecode cached (a shell that sets
    PYTHONDONTWRITEBYTECODE would make every run compile every module again, which no user pays)."""
    environment = {**os.environ, **(extra or {})}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def warm_up(folder: Path) -> None:
    """One generate of a copy of the default model before any figure: the bytecode of every module is
    written, as after a user's first run."""
    project = folder / "warm-up"
    shutil.copytree(REPO / "model", project / "model", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(generate(project), cwd=project, capture_output=True, check=True, env=_environment(None))
    shutil.rmtree(project)


def median(runs: list[Measure]) -> Measure:
    """The median of each figure over the runs (the phases of the run of median wall time)."""
    middle = sorted(runs, key=lambda m: m.seconds)[len(runs) // 2]
    return Measure(runs[0].name, statistics.median(m.seconds for m in runs),
                   statistics.median(m.peak_mb for m in runs), middle.detail,
                   statistics.median(m.cpu for m in runs), len(runs))


def generate(project: Path, *args: str) -> list[str]:
    return [PYTHON, str(REPO / "generate.py"), "--model", str(project / "model"), *args]


def dot_floor(project: Path) -> Measure:
    """Plain Graphviz on the generator's own DOT files (every view, layers and parts included): one
    layout per view writing the formats the generator writes, in parallel on every core, biggest first."""
    folder = project / "diagrams"
    dots = sorted(folder.rglob("*.dot"), key=lambda d: (-d.stat().st_size, str(d)))
    work = Path(tempfile.mkdtemp(prefix="floor-"))
    for n, dot in enumerate(dots):
        shutil.copy(dot, work / f"{n}.dot")
    def command(n: int, dot: Path) -> list[str]:
        png = dot.with_suffix(".png").is_file()  # a part of a big view is SVG only, as the generator draws it
        return ["dot", f"-Gimagepath={ICON_ROOT}", *(["-Tpng"] if png else []), "-Tsvg", "-O", f"{n}.dot"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(lambda item: subprocess.run(command(*item), cwd=work, check=True, capture_output=True),
                      enumerate(dots)))
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(work)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Measure("plain dot on the same views (floor)", seconds, 0.0, f"{len(dots)} views", cpu)


def _fresh(project: Path) -> None:
    """The project as before its first generate: the model only."""
    for entry in project.iterdir():
        if entry.name != "model":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def default_model(folder: Path, runs: int) -> list[Measure]:
    project = folder / "default"
    shutil.copytree(REPO / "model", project / "model", ignore=shutil.ignore_patterns("__pycache__"))
    synth, cold, noop, floor, synth_noop = [], [], [], [], []
    for run in range(runs):  # alternating, so a busy spell slows every figure alike
        with (project / "model" / "system.yaml").open("a", encoding="utf-8") as model:
            model.write(f"# benchmark edit {run}\n")  # an edited model: synth really renders
        synth.append(timed("synth alone (default model)", generate(project, "synth"), project))
        synth_noop.append(timed("synth alone, nothing changed", generate(project, "synth"), project))
        _fresh(project)
        cold.append(timed("default model, cold generate", generate(project), project))
        noop.append(timed("default model, no-op", generate(project), project))
        floor.append(dot_floor(project))
    measures = [median(m) for m in (synth, synth_noop, cold, noop, floor)]
    if (project / "mkdocs.yml").is_file():
        mkdocs = str(Path(PYTHON).with_name("mkdocs"))
        measures.append(timed("mkdocs build", [mkdocs, "build", "-q", "-d", str(folder / "site")], project,
                              env={"NO_MKDOCS_2_WARNING": "1"}))
        walls, cpus = error_latency(project, mkdocs, runs)
        measures.append(Measure(SERVE, statistics.median(walls), 0.0, f"from the save; slowest {max(walls):.2f} s",
                                statistics.median(cpus), runs))
    return measures


def synthetic(folder: Path, sizes: list[int], runs: int) -> list[Measure]:
    measures = []
    for size in sizes:
        project = folder / f"synthetic-{size}"
        write_model(size, project)
        times = []
        for _ in range(runs if size < 1000 else max(1, runs)):
            _fresh(project)
            times.append(timed(f"synthetic, {size} components, every output", generate(project), project))
        measures.append(median(times))
    return measures


def cdk_synth(folder: Path, runs: int) -> Measure | None:
    """`cdk synth` of the default system in CDK, when Node.js and the app's packages (`npm ci`) are there."""
    cdk = CDK / "node_modules" / ".bin" / "cdk"
    if shutil.which("node") is None or not cdk.exists():
        return None
    out = folder / "cdk.out"
    command = [str(cdk), "synth", "--quiet", "--no-notices", "--no-version-reporting", "-o", str(out)]
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        times.append(timed("cdk synth of the default system (bench/cdk)", command, CDK,
                           env={"CDK_DISABLE_CLI_TELEMETRY": "true"}))
    versions = json.loads((CDK / "package.json").read_text("utf-8"))["dependencies"]
    found = median(times)
    found.detail = f"aws-cdk-lib {versions['aws-cdk-lib']}, aws-cdk {versions['aws-cdk']}"
    return found


def table(measures: list[Measure]) -> str:
    by = {m.name: m for m in measures}
    rows = ["| what | wall time | CPU time | peak memory | runs | notes |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for m in measures:
        memory = f"{m.peak_mb:.0f} MB" if m.peak_mb else ""
        target = f" (target ≤ {TARGETS[m.name]:.1f} s)" if m.name in TARGETS else ""
        rows.append(f"| {m.name} | {m.seconds:.2f} s | {m.cpu:.2f} s | {memory} | {m.runs} | {m.detail}{target} |")
    rows += ["", *_targets(by)]
    rows.append(f"\nMachine: {platform.platform()}, {os.cpu_count()} cores, load average "
                f"{os.getloadavg()[0]:.1f} at the end, Python {platform.python_version()}, "
                f"{subprocess.run(['dot', '-V'], capture_output=True, text=True).stderr.strip()}"
                + (f", Node.js {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}"
                   if shutil.which("node") else "") + ".")
    return "\n".join(rows)


def _ratio(a: Measure, b: Measure) -> str:
    return f"{a.seconds / b.seconds:.2f} wall, {a.cpu / b.cpu:.2f} CPU" if b.seconds and b.cpu else "n/a"


def _targets(by: dict[str, Measure]) -> list[str]:
    """Each target of issue 17 against this run's figures (wall and CPU ratios)."""
    lines = []
    cdk = by.get("cdk synth of the default system (bench/cdk)")
    synth, cold = by["synth alone (default model)"], by["default model, cold generate"]
    floor = by["plain dot on the same views (floor)"]
    big = next((m for name, m in by.items() if name.startswith("synthetic, 1000 ")), None)
    if cdk is not None:
        lines.append(f"- synth / cdk synth: {_ratio(synth, cdk)} (target ≤ 0.05)")
    else:
        lines.append("- cdk synth not measured: Node.js or bench/cdk's packages missing (`make bench` runs `npm ci`)")
    lines.append(f"- cold generate / dot floor: {_ratio(cold, floor)} (target ≤ 1.1)")
    if big is not None:
        if cdk is not None:
            lines.append(f"- 1,000 components, every output / cdk synth of the default system: {_ratio(big, cdk)} "
                         "(target < 1)")
        lines.append(f"- 1,000 components, peak memory: {big.peak_mb:.0f} MB (target ≤ {PEAK_TARGET_MB} MB)")
    return lines


def update_readme(text: str) -> None:
    readme = REPO / "README.md"
    content = readme.read_text("utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start not in content:
        raise SystemExit("README.md has no <!-- bench:start --> marker")
    before, rest = content.split(start, 1)
    after = rest.split(end, 1)[1]
    readme.write_text(f"{before}{start}\n{text}\n{end}{after}", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 300, 1000])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure (medians are reported)")
    parser.add_argument("--update-readme", action="store_true")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archgen-bench-") as folder:
        warm_up(Path(folder))
        cdk = cdk_synth(Path(folder), arguments.runs)
        measures = default_model(Path(folder), arguments.runs)
        measures += [cdk] if cdk else []
        measures += synthetic(Path(folder), arguments.sizes, arguments.runs)
    text = table(measures)
    print(text)
    if arguments.update_readme:
        update_readme(text)


if __name__ == "__main__":
    main()
