"""Profile one full build of the synthetic site (issue 6, part 3).

    python bench/profile.py --size 1000            # cProfile, top functions by cumulative time
    python bench/profile.py --size 1000 --layers   # the plugin's layers timed in-process, by page kind

The profile is written to bench/results/profile-N.prof (open it with
`python -m pstats` or snakeviz). `--layers` times what the `wla_site` package
does without MkDocs (loading, Markdown, each kind of page, outputs), which
shows at once whether any of it grows faster than the content.
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": generate.EPOCH,
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONPATH": os.pathsep.join(
        p for p in (str(REPO / "plugins"), os.environ.get("PYTHONPATH", "")) if p
    ),
}

FOCUS = r"wla_site|mkdocs/commands/build.py|plugins.py:\d+\(on_|search/plugin.py|environment.py:\d+\(render|core.py:\d+\(convert|write_file"


def layers(root: Path) -> None:
    """Time the package's own layers in-process, CPU seconds."""
    sys.path.insert(0, str(REPO / "plugins"))
    os.environ.update(SOURCE_DATE_EPOCH=generate.EPOCH)
    from wla_site import publish as outputs
    from wla_site.content.site import load_site
    from wla_site.plan import plan_pages
    from wla_site.render.pages import PageRenderer

    def timed(label: str, fn):  # noqa: ANN001, ANN202
        start = time.process_time()
        result = fn()
        print(f"{label:34s} {time.process_time() - start:7.2f} s")
        return result

    site = timed("load_site (read, parse, validate)", lambda: load_site(root))
    pages = timed("plan_pages", lambda: plan_pages(site))
    renderer = PageRenderer(site)
    timed(
        "Markdown of every item (once)",
        lambda: [site.html(p.item) for p in pages if p.item is not None and p.kind != "provider"],
    )
    kinds: dict[str, list[float]] = {}
    for page in pages:
        start = time.process_time()
        renderer.render(page)
        kinds.setdefault(page.kind, []).append(time.process_time() - start)
    for kind, times in sorted(kinds.items(), key=lambda kv: -sum(kv[1])):
        print(
            f"  templates: {kind:22s} {sum(times):7.2f} s  ({len(times)} pages, {1000 * sum(times) / len(times):.2f} ms each)"
        )
    out = Path(tempfile.mkdtemp())
    try:
        timed(
            "write_outputs (feeds, calendars, e-shot)",
            lambda: outputs.write_outputs(site, out, "https://wla-network.example.org/"),
        )
    finally:
        shutil.rmtree(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "wla-bench-profile"
    )
    parser.add_argument(
        "--layers", action="store_true", help="time the package's layers instead of cProfile"
    )
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    folder = args.work / f"full-{args.size}"
    generate.write_project(generate.generate(args.size), folder)
    if args.layers:
        layers(folder)
        return 0
    out = HERE / "results" / f"profile-{args.size}.prof"
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=folder, env=ENV, check=True
    )  # warm caches
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "-q"],
        cwd=folder,
        env=ENV,
        check=True,
    )
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative").print_stats(FOCUS, args.top)
    stats.sort_stats("tottime").print_stats(args.top // 2)
    print(f"Profile: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
