#!/usr/bin/env python3
"""How long the diagrams take, against the floor: plain Graphviz on the same DOT files.

On a scratch copy of the default model (the repository's outputs are not touched), each round:
- cold: `python generate.py` with diagrams/ removed, so every view is drawn;
- no-op: `python generate.py` again, nothing changed (the diagrams phase, if it runs at all,
  reuses every image: Graphviz is not started);
- floor: plain `dot -Tpng -Tsvg` on the DOT files that run wrote, one process per view, as many
  at once as there are cores, the biggest first, exactly as the generator schedules its views.
The generator's overhead is its "render diagrams" phase (as `generate.py` reports it) over the
floor. Rounds are interleaved so a busy machine slows all three alike; medians and bests are
reported, and the CPU time of drawing every view (generator vs plain dot), which a busy machine
inflates far less than wall time.

Usage: .venv/bin/python scripts/bench_diagrams.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archgen.graph import SystemGraph  # noqa: E402  (after the path is set)
from archgen.render.diagram import ICON_ROOT, view_dot  # noqa: E402
from archgen.render.diagrams_renderer import draw_all  # noqa: E402
from archgen.validate import load_model  # noqa: E402

PHASE = re.compile(r"render diagrams (\d+) ms")


def generate(root: Path) -> tuple[float, float]:
    """(wall seconds of `python generate.py`, seconds its diagrams phase took)."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(REPO / "generate.py"), "--model", str(root / "model")],
                            cwd=root, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    phase = PHASE.search(result.stdout)
    return wall, (int(phase.group(1)) / 1000 if phase else float("nan"))


def floor(dots: list[Path], out: Path) -> float:
    """Seconds plain `dot` takes to draw the same DOT files, scheduled as the generator does."""
    biggest_first = sorted(dots, key=lambda p: -p.stat().st_size)

    def draw(dot: Path) -> None:
        subprocess.run(["dot", f"-Gimagepath={ICON_ROOT}", "-Tpng", f"-o{out / dot.stem}.png",
                        "-Tsvg", f"-o{out / dot.stem}.svg", str(dot)], check=True, capture_output=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(len(dots), os.cpu_count() or 1)) as pool:
        list(pool.map(draw, biggest_first))
    return time.perf_counter() - start


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (Graphviz)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cpu_rounds(rounds: int, scratch: Path) -> dict[str, list[float]]:
    """CPU seconds of the generator's drawing (`draw_all`, in this process) and of the floor, per round.

    Wall time on a shared machine is inflated by whatever else runs; CPU time much less so.
    """
    graph = SystemGraph(load_model(REPO / "model"))
    dots = {view_id: view_dot(graph, view).encode() for view_id, view in graph.views.items()}
    files = []
    for view_id, dot in dots.items():
        (scratch / f"{view_id}.dot").write_bytes(dot)
        files.append(scratch / f"{view_id}.dot")
    spent: dict[str, list[float]] = {"generator drawing (CPU)": [], "floor (CPU)": []}
    for _ in range(rounds):
        work_of = {"generator drawing (CPU)": lambda: draw_all(dots), "floor (CPU)": lambda: floor(files, scratch)}
        for name, work in work_of.items():
            start = cpu_seconds()
            work()
            spent[name].append(cpu_seconds() - start)
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory(prefix="bench-diagrams-") as scratch:
        root, out = Path(scratch) / "project", Path(scratch) / "floor"
        shutil.copytree(REPO / "model", root / "model", ignore=shutil.ignore_patterns("__pycache__"))
        out.mkdir()
        generate(root)  # warm the file cache and write every other output once
        times: dict[str, list[float]] = {"cold": [], "cold diagrams phase": [], "no-op": [],
                                         "floor (plain dot)": []}
        noop_phases: list[float] = []
        for _ in range(rounds):
            shutil.rmtree(root / "diagrams")
            for name, seconds in zip(("cold", "cold diagrams phase"), generate(root)):
                times[name].append(seconds)
            wall, phase = generate(root)
            times["no-op"].append(wall)
            noop_phases += [] if phase != phase else [phase]  # NaN: the run stopped before rendering
            times["floor (plain dot)"].append(floor(sorted((root / "diagrams").glob("*.dot")), out))
        times |= cpu_rounds(rounds, out)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"default model, {rounds} rounds, {os.cpu_count()} cores, load average {load:.1f}")
    print(f"  {'':<22} {'median':>8} {'best':>8}   all (ms)")
    for name, values in times.items():
        print(f"  {name:<22} {statistics.median(values) * 1000:6.0f} ms {min(values) * 1000:5.0f} ms   "
              f"{', '.join(f'{v * 1000:.0f}' for v in values)}")
    print(f"  no-op diagrams phase:  {_noop(noop_phases, rounds)}")
    for label, pick in (("median", statistics.median), ("best", min)):
        overhead = pick(times["cold diagrams phase"]) / pick(times["floor (plain dot)"]) - 1
        cpu = pick(times["generator drawing (CPU)"]) / pick(times["floor (CPU)"]) - 1
        print(f"  {label}: the generator's diagrams phase over the floor: {overhead:+.0%} wall, "
              f"{cpu:+.0%} CPU (target under +25%)")
    return 0


def _noop(phases: list[float], rounds: int) -> str:
    """What the diagrams phase cost in the no-op runs (a run that finds nothing changed may skip it)."""
    skipped = f"skipped in {rounds - len(phases)} of {rounds} runs (nothing changed)" if len(phases) < rounds else ""
    ran = f"{statistics.median(phases) * 1000:.0f} ms median when it ran, Graphviz not started" if phases else ""
    return "; ".join(part for part in (ran, skipped) if part)


if __name__ == "__main__":
    sys.exit(main())
