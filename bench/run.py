"""Build-speed benchmark (issue 6): the full WLA site against the bare Material floor.

For each size N it generates the synthetic content (`generate.py`), builds the
full site once to warm caches and count the HTML pages it writes, writes the
FLOOR (a bare mkdocs-material site with that many pages and the same bodies),
then builds (a) the full site and (b) the floor alternately, `--repeats`
times each, and times `wla check` on the same content. Every build is a
fresh `python -m mkdocs build -q` with SOURCE_DATE_EPOCH fixed, run under
`/usr/bin/time` for its CPU time and the peak memory of its largest process
(or a wrapper reporting its own where that is missing), while a sampler adds
up the memory of the whole process tree (MkDocs and any helper it starts);
the larger of the two is reported. The `wla_site` package measured is the one
beside this `bench/` folder (its `plugins/` goes first on PYTHONPATH), so a
scratch copy of the repository benchmarks its own changes.

It prints a Markdown table and PASS/FAIL for the targets, and writes the
results as JSON to bench/results/ (git-ignored).

    python bench/run.py --sizes 100,1000,5000 --repeats 3
    python bench/run.py --sizes 100,1000 --repeats 5 --repeats-at 5000=3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

TIME = "/usr/bin/time"
ENV = {
    "SOURCE_DATE_EPOCH": generate.EPOCH,
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONHASHSEED": "0",
    # Measure the package in this tree (the same as the editable install in the main checkout;
    # in a scratch copy, the scratch package).
    "PYTHONPATH": os.pathsep.join(
        p for p in (str(REPO / "plugins"), os.environ.get("PYTHONPATH", "")) if p
    ),
}

# Where /usr/bin/time is missing: run MkDocs in-process and report this process's peak memory.
_WRAPPER = (
    "import resource, sys, runpy\n"
    "out = sys.argv.pop(1)\n"
    "sys.argv = ['mkdocs'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('mkdocs', run_name='__main__')\n"
    "except SystemExit as e:\n"
    "    code = e.code or 0\n"
    "else:\n"
    "    code = 0\n"
    "u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "open(out, 'w').write(f'{u.ru_utime} {u.ru_stime} {u.ru_maxrss}')\n"
    "sys.exit(code)\n"
)

TARGETS = {
    "ratio_1000": "ratio (full/floor) <= 1.0 at N=1,000",
    "ratio_5000": "ratio (full/floor) <= 1.0 at N=5,000",
    "growth": "time(5,000) <= 5.5 x time(1,000)",
    "memory_5000": "peak memory < 1.5 GB at N=5,000",
    "check_5000": "wla check < 10% of the full build at N=5,000",
}


class TreeMemory(threading.Thread):
    """Samples the summed resident memory of a process and all its descendants (Linux /proc).

    ru_maxrss is the peak of the largest single process; a build that runs a helper
    (Pagefind, say) while MkDocs holds its pages needs both at once, which this sees.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.stopped = threading.Event()
        self.page_kb = os.sysconf("SC_PAGE_SIZE") // 1024

    def tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat", "rb") as handle:
                        ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            total = 0
            for pid in self.tree():
                try:
                    with open(f"/proc/{pid}/statm", "rb") as handle:
                        total += int(handle.read().split()[1]) * self.page_kb
                except (OSError, ValueError, IndexError):
                    pass
            self.peak_kb = max(self.peak_kb, total)

    def stop(self) -> int:
        self.stopped.set()
        self.join()
        return self.peak_kb


def measure(cmd: list[str], cwd: Path) -> dict[str, float]:
    """Run `cmd` in `cwd`: its wall time and CPU time (user + system) in seconds, and peak
    resident memory in MB. Raises if it fails. CPU time is what a busy machine disturbs least."""
    env = {**os.environ, **ENV}
    with tempfile.NamedTemporaryFile(prefix="wla-bench-", suffix=".txt", delete=False) as handle:
        report = handle.name
    try:
        if Path(TIME).exists():
            full = [TIME, "-f", "%U %S %M", "-o", report, *cmd]
        else:
            assert cmd[:3] == [sys.executable, "-m", "mkdocs"], "the wrapper only runs MkDocs"
            full = [sys.executable, "-c", _WRAPPER, report, *cmd[3:]]
        start = time.perf_counter()
        with subprocess.Popen(
            full, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as proc:
            sampler = TreeMemory(proc.pid) if Path("/proc/self/stat").exists() else None
            if sampler:
                sampler.start()
            stdout, stderr = proc.communicate()
            wall = time.perf_counter() - start
            tree_kb = sampler.stop() if sampler else 0
        result = subprocess.CompletedProcess(full, proc.returncode, stdout, stderr)
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(cmd)} failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        user, system, kb = Path(report).read_text().split()[-3:]
        return {
            "seconds": wall,
            "cpu_seconds": float(user) + float(system),
            "peak_mb": max(int(kb), tree_kb) / 1024,
            "largest_process_mb": int(kb) / 1024,
        }
    finally:
        os.unlink(report)


def build(folder: Path) -> dict[str, float]:
    return measure([sys.executable, "-m", "mkdocs", "build", "-q"], folder)


def check(folder: Path) -> dict[str, float]:
    return measure([sys.executable, "-m", "wla_site", "--root", str(folder), "check"], folder)


def html_pages(site: Path) -> int:
    """The pages a build wrote: every `index.html` (not 404.html, nor e-shot `email.html`)."""
    return sum(1 for _ in site.rglob("index.html"))


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def search_index_mb(site: Path) -> float:
    path = site / "search" / "search_index.json"
    return path.stat().st_size / 1e6 if path.exists() else 0.0


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def bench_size(n: int, repeats: int, work: Path, warm_floor: bool) -> dict[str, Any]:
    full_dir, floor_dir = work / f"full-{n}", work / f"floor-{n}"
    t0 = time.perf_counter()
    content = generate.generate(n)
    generate.write_project(content, full_dir)
    say(
        f"N={n}: generated {len(content.case_studies)} case studies, {len(content.events)} events, "
        f"{len(content.newsletters)} issues, {len(content.providers)} providers in {time.perf_counter() - t0:.1f} s"
    )

    # The first build and the first check of a project start with nothing in .cache/wla/ (no
    # rendered stories, no share images): reported beside the timed runs, which find them there.
    say(f"N={n}: first build of the full site (empty cache; also the warm-up) ...")
    shutil.rmtree(full_dir / ".cache", ignore_errors=True)
    warm = build(full_dir)
    pages = html_pages(full_dir / "site")
    say(f"N={n}: full site wrote {pages} pages in {warm['seconds']:.1f} s (CPU {warm['cpu_seconds']:.1f} s)")
    (full_dir / ".cache" / "wla" / "markdown.sqlite").unlink(missing_ok=True)
    first_check = check(full_dir)
    say(f"N={n}: first check (no stories rendered yet) {first_check['seconds']:.2f} s "
        f"(CPU {first_check['cpu_seconds']:.2f} s)")
    floor_pages = generate.write_floor(content, floor_dir, pages)
    if warm_floor:
        say(f"N={n}: warm-up build of the floor ...")
        build(floor_dir)
    assert html_pages(floor_dir / "site") == pages or not warm_floor, (
        "the floor must have as many pages"
    )

    full_runs, floor_runs, check_runs = [], [], []
    for i in range(repeats):
        full_runs.append(build(full_dir))
        floor_runs.append(build(floor_dir))
        check_runs.append(check(full_dir))
        say(
            f"N={n}: run {i + 1}/{repeats}: full {full_runs[-1]['seconds']:.2f} s, "
            f"floor {floor_runs[-1]['seconds']:.2f} s, check {check_runs[-1]['seconds']:.2f} s "
            f"(CPU {full_runs[-1]['cpu_seconds']:.2f} / {floor_runs[-1]['cpu_seconds']:.2f} / {check_runs[-1]['cpu_seconds']:.2f} s)"
        )

    def med(runs: list[dict[str, float]], key: str = "seconds") -> float:
        return statistics.median(r[key] for r in runs)

    full_s, floor_s, check_s = med(full_runs), med(floor_runs), med(check_runs)
    full_cpu, floor_cpu = med(full_runs, "cpu_seconds"), med(floor_runs, "cpu_seconds")
    return {
        "n": n,
        "items": {
            "case_studies": len(content.case_studies),
            "published_case_studies": len(content.published_cases),
            "events": len(content.events),
            "newsletters": len(content.newsletters),
            "providers": len(content.providers),
        },
        "pages": pages,
        "floor_pages": floor_pages,
        "repeats": repeats,
        "full_s": full_s,
        "floor_s": floor_s,
        "ratio": full_s / floor_s,
        "ratios_paired": [
            a["seconds"] / b["seconds"] for a, b in zip(full_runs, floor_runs, strict=True)
        ],
        "full_cpu_s": full_cpu,
        "floor_cpu_s": floor_cpu,
        "cpu_ratio": full_cpu / floor_cpu,
        "full_pages_per_s": pages / full_s,
        "floor_pages_per_s": floor_pages / floor_s,
        "full_peak_mb": max(r["peak_mb"] for r in full_runs),
        "floor_peak_mb": max(r["peak_mb"] for r in floor_runs),
        "check_s": check_s,
        "check_fraction": check_s / full_s,
        "check_cpu_s": med(check_runs, "cpu_seconds"),
        "check_cpu_fraction": med(check_runs, "cpu_seconds") / full_cpu,
        "check_peak_mb": max(r["peak_mb"] for r in check_runs),
        "full_site_mb": folder_mb(full_dir / "site"),
        "floor_site_mb": folder_mb(floor_dir / "site"),
        "full_search_index_mb": search_index_mb(full_dir / "site"),
        "floor_search_index_mb": search_index_mb(floor_dir / "site"),
        "warmup_full_s": warm["seconds"],
        "first_full_cpu_s": warm["cpu_seconds"],
        "first_cpu_ratio": warm["cpu_seconds"] / floor_cpu,
        "first_check_s": first_check["seconds"],
        "first_check_cpu_fraction": first_check["cpu_seconds"] / warm["cpu_seconds"],
        "runs": {"full": full_runs, "floor": floor_runs, "check": check_runs},
    }


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pydantic", "pyyaml"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001
            versions[package] = "?"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = bool(
        subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(ram_gb, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": commit + ("+changes" if dirty else ""),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def verdicts(results: dict[int, dict[str, Any]], key: str = "") -> dict[str, bool | None]:
    """Each target met (True), missed (False) or not measured (None); `key` "cpu_" judges CPU time."""
    r1, r5 = results.get(1000), results.get(5000)
    full, ratio = f"full_{key}s", f"{key}ratio" if key else "ratio"
    return {
        "ratio_1000": None if r1 is None else r1[ratio] <= 1.0,
        "ratio_5000": None if r5 is None else r5[ratio] <= 1.0,
        "growth": None if r1 is None or r5 is None else r5[full] <= 5.5 * r1[full],
        "memory_5000": None if r5 is None else r5["full_peak_mb"] < 1536,
        "check_5000": None if r5 is None else r5[f"check_{key}fraction"] < 0.10,
    }


def table(report: dict[str, Any]) -> str:
    m = report["machine"]
    rows = [
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gb']} GB RAM; Python {m['python']}, "
        f"MkDocs {m['versions']['mkdocs']}, Material {m['versions']['mkdocs-material']}; "
        f"commit {m['commit']}; {m['date']}.",
        "",
        "| N | pages | full (s) | floor (s) | ratio full/floor | full pages/s | floor pages/s "
        "| full peak MB | floor peak MB | `wla check` (s) | check / full | CPU full/floor (s) | CPU ratio | runs |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report["sizes"]:
        rows.append(
            f"| {r['n']:,} | {r['pages']:,} | {r['full_s']:.2f} | {r['floor_s']:.2f} | **{r['ratio']:.2f}** "
            f"| {r['full_pages_per_s']:.0f} | {r['floor_pages_per_s']:.0f} | {r['full_peak_mb']:.0f} "
            f"| {r['floor_peak_mb']:.0f} | {r['check_s']:.2f} | {100 * r['check_fraction']:.1f}% "
            f"| {r['full_cpu_s']:.1f} / {r['floor_cpu_s']:.1f} | {r['cpu_ratio']:.2f} | {r['repeats']} |"
        )
    rows += [
        "",
        "A project's first build and first check, with nothing kept in `.cache/wla/` yet (every share "
        "image drawn, every story rendered); the runs above find them there, as every later build does:",
        "",
        "| N | first build CPU (s) | against the floor's median | first `wla check` (s) | first check / first build (CPU) |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report["sizes"]:
        if "first_full_cpu_s" in r:
            rows.append(f"| {r['n']:,} | {r['first_full_cpu_s']:.1f} | {r['first_cpu_ratio']:.2f} "
                        f"| {r['first_check_s']:.2f} | {100 * r['first_check_cpu_fraction']:.1f}% |")
    growth = report.get("growth")
    if growth:
        rows += [
            "",
            f"Growth time(5,000)/time(1,000): full {growth['full']:.2f}, floor {growth['floor']:.2f} "
            f"(full CPU time {growth['full_cpu']:.2f}; pages grew {growth['pages']:.2f} times).",
        ]

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else "PASS" if ok else "FAIL"

    rows += ["", "| target | wall-clock time | CPU time |", "| --- | --- | --- |"]
    for key, text in TARGETS.items():
        rows.append(
            f"| {text} | {verdict(report['targets'][key])} | {verdict(report['targets_cpu'][key])} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="100,1000,5000", help="comma-separated N (default 100,1000,5000)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="builds of each project per size (default 3)"
    )
    parser.add_argument(
        "--repeats-at",
        action="append",
        default=[],
        metavar="N=R",
        help="a different number of repeats for one size, e.g. 5000=3",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "wla-bench",
        help="where the generated projects are written (default: /tmp/wla-bench)",
    )
    parser.add_argument(
        "--no-floor-warmup", action="store_true", help="skip the floor's untimed first build"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument(
        "--out", type=Path, default=HERE / "results", help="folder for the JSON results"
    )
    args = parser.parse_args(argv)

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    repeats = {n: args.repeats for n in sizes}
    for spec in args.repeats_at:
        n, r = spec.split("=")
        repeats[int(n)] = int(r)
    args.work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "machine": machine(),
        "command": "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "sizes": [],
    }
    results: dict[int, dict[str, Any]] = {}
    started = time.perf_counter()
    try:
        for n in sizes:
            results[n] = bench_size(n, repeats[n], args.work, not args.no_floor_warmup)
            report["sizes"].append(results[n])
            if not args.keep:
                for kind in ("full", "floor"):
                    shutil.rmtree(args.work / f"{kind}-{n}", ignore_errors=True)
    finally:
        report["total_s"] = time.perf_counter() - started
    if 1000 in results and 5000 in results:
        report["growth"] = {
            "full": results[5000]["full_s"] / results[1000]["full_s"],
            "floor": results[5000]["floor_s"] / results[1000]["floor_s"],
            "pages": results[5000]["pages"] / results[1000]["pages"],
            "full_cpu": results[5000]["full_cpu_s"] / results[1000]["full_cpu_s"],
        }
    report["targets"] = verdicts(results)
    report["targets_cpu"] = verdicts(results, "cpu_")
    text = table(report)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = args.out / f"bench-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.out / "latest.md").write_text(text + "\n", encoding="utf-8")
    say(f"\nResults: {path} (total {report['total_s']:.0f} s)")
    return 0 if all(v is not False for v in report["targets"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
