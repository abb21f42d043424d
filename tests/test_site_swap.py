"""The last good site survives any interruption (issue 13): lock, atomic swap, tidy-up.

Real `mkdocs build` processes are killed with SIGKILL at random instants and
inside the swap (through the tests-only `WLA_TEST_PAUSE_IN_SWAP` pauses); after
each kill `site/` must be byte for byte either the last good site or the whole
new one, and the next build must remove what the killed one left. Two builds
at once must both end cleanly; file-system problems must end in a plain
message, with no traceback and nothing left behind. The functions of
`wla_site.mkdocs.sitedir` are tested on their own at the end.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from wla_site.mkdocs import sitedir
from wla_site.mkdocs.sitedir import PAUSE_ENV, SiteBuild, SiteDirError

from tests.conftest import EPOCH, Project, new_project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock are POSIX")

KILLS = (20, 30)
"""Fewest and most builds killed at random instants in the loop below."""

KILL_LOOP_SECONDS = 40
"""About how long the loop may take: on a slow machine it kills the fewest builds."""

PAUSE = "1.5"
"""Seconds each step of the swap pauses for when a test asks: time to look, then kill."""


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(root: Path, name: str = "site") -> list[str]:
    """What builds left beside the site; a killed build may also leave its lock file."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith((f".{name}.building-", f".{name}.old-")))


def tidy(root: Path) -> bool:
    """Nothing at all beside the site, as after a build that ended by itself."""
    return not [p.name for p in root.iterdir() if p.name.startswith(".site.")]


def build_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (PAUSE_ENV, sitedir.LOCK_WAIT_ENV)}
    return {**env, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **extra}


_started: list[subprocess.Popen[str]] = []


def start(command: list[str], cwd: Path | None = None, stderr: int = subprocess.DEVNULL, **env: str) -> subprocess.Popen[str]:
    """Start `command` without waiting; `reap` stops and closes it after the test."""
    process = subprocess.Popen(
        command, cwd=cwd, env=build_env(**env), stdout=subprocess.DEVNULL, stderr=stderr, text=True,
    )
    _started.append(process)
    return process


def launch(root: Path, *args: str, stderr: int = subprocess.DEVNULL, **env: str) -> subprocess.Popen[str]:
    """Start the real `mkdocs build` in `root`, without waiting for it."""
    return start([sys.executable, "-m", "mkdocs", "build", *args], root, stderr, **env)


@pytest.fixture(autouse=True)
def reap() -> Iterator[None]:
    yield
    while _started:
        process = _started.pop()
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stderr is not None:
            process.stderr.close()


def pauses(process: subprocess.Popen[str], seen: list[str]) -> Iterator[str]:
    """The swap steps a build launched with `WLA_TEST_PAUSE_IN_SWAP` announces, as it pauses at each."""
    assert process.stderr is not None
    for line in process.stderr:
        seen.append(line)
        if line.startswith(PAUSE_ENV + " "):
            yield line.split()[1]


def set_variant(project: Project, variant: str) -> None:
    """Two versions of the content whose sites differ: one case study's title and text."""
    project.case_study("swap-test", title=f"Swap test {variant}", body=f"The story, version {variant}.\n")


@dataclass
class Reference:
    pristine: Path
    """A project with the sample content, variant "a", and its site built."""
    sites: dict[str, dict[str, str]]
    """The digest of the complete site of each variant."""
    plugin_starts: float
    """Seconds from launching a build to the plugin taking the lock."""
    duration: float
    """Seconds a whole build takes, launch to exit."""

    def project(self, tmp_path: Path) -> Project:
        root = tmp_path / "project"
        shutil.copytree(self.pristine, root, symlinks=True)
        return Project(root)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    project = new_project(tmp_path_factory.mktemp("swap") / "project", with_samples=True)
    sites = {}
    for variant in ("b", "a"):
        set_variant(project, variant)
        began = time.monotonic()
        process = launch(project.root, stderr=subprocess.PIPE, **{PAUSE_ENV: "0"})
        steps = pauses(process, seen := [])
        assert next(steps) == "locked", "".join(seen)
        plugin_starts = time.monotonic() - began
        list(steps)
        assert process.wait() == 0, "".join(seen)
        duration = time.monotonic() - began
        sites[variant] = digest(project.site_dir)
        assert tidy(project.root)
    assert sites["a"] != sites["b"] and len(sites["a"]) > 100
    return Reference(project.root, sites, plugin_starts, duration)


# --- killed builds ---------------------------------------------------------------------------


FORK_SERVER = textwrap.dedent("""
    import os, sys
    from mkdocs.__main__ import cli
    import material, mkdocs.commands.build, wla_site.mkdocs.plugin  # imported once, before the forks
    print("ready", flush=True)
    for line in sys.stdin:
        if line.startswith("wait "):
            _, status = os.waitpid(int(line.split()[1]), 0)
            print(os.waitstatus_to_exitcode(status), flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            try:
                cli(["build"], prog_name="mkdocs")
            except SystemExit as exit:
                os._exit(exit.code if isinstance(exit.code, int) else 1)
            os._exit(0)
        print(pid, flush=True)
""")


class BuildStarter:
    """Starts real `mkdocs build` processes in `root` that are already past importing MkDocs.

    Python takes a second or more to import MkDocs and Material, during which a kill
    can do nothing; a server process that imports them once and forks one build per
    request (each the MkDocs command line, run in its own process) lets the kills
    land while builds do their work, so many more fit in the test's time.
    """

    def __init__(self, root: Path) -> None:
        self.server = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER], cwd=root, env=build_env(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        _started.append(self.server)
        assert self.server.stdin is not None and self.server.stdout is not None
        self._in, self._out = self.server.stdin, self.server.stdout
        assert self._out.readline() == "ready\n"

    def build(self) -> int:
        """Start a build; its process number."""
        self._in.write("build\n")
        self._in.flush()
        return int(self._out.readline())

    def wait(self, pid: int) -> int:
        """Wait for the build to end; its exit code, negative if a signal ended it."""
        self._in.write(f"wait {pid}\n")
        self._in.flush()
        return int(self._out.readline())

    def close(self) -> None:
        self._in.close()
        self.server.wait(timeout=60)
        self._out.close()


def test_builds_killed_at_random_instants_leave_a_complete_site(reference: Reference, tmp_path: Path) -> None:
    project = reference.project(tmp_path)
    starter = BuildStarter(project.root)
    durations = []
    for _ in range(2):  # the first build after the copy is the slower
        began = time.monotonic()
        assert starter.wait(starter.build()) == 0
        durations.append(time.monotonic() - began)
    duration = min(durations)
    assert digest(project.site_dir) == reference.sites["a"]
    kills = max(KILLS[0], min(KILLS[1], int(KILL_LOOP_SECONDS / (duration * 0.55 + 0.1))))
    # Spread the kills evenly over the build's whole run, in random order.
    rng = random.Random(13)
    slots = list(range(kills))
    rng.shuffle(slots)
    last_good = reference.sites["a"]
    outcomes: Counter[str] = Counter()
    tidied = 0
    for i, slot in enumerate(slots):
        variant = "b" if i % 2 == 0 else "a"
        set_variant(project, variant)
        before = set(leftovers(project.root))
        delay = duration * 1.05 * (slot + rng.random()) / kills
        pid = starter.build()
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        code = starter.wait(pid)
        now = digest(project.site_dir)
        assert now in (last_good, reference.sites[variant]), (
            f"a build killed after {delay:.2f} s left a site that is neither the last good one nor the new one"
        )
        after = set(leftovers(project.root))
        tidied += len(before - after)
        if code == 0:
            outcomes["finished before the kill"] += 1
        elif now != last_good:
            outcomes["killed after the swap"] += 1
        elif after - before:
            outcomes["killed while building"] += 1
        else:
            outcomes["killed before making its folder"] += 1
        last_good = now
    starter.close()
    print(
        f"\n{kills} kills spread over {duration:.2f} s builds: {dict(outcomes)}; "
        f"{tidied} leftovers removed by later builds"
    )
    assert outcomes["killed while building"] + outcomes["killed after the swap"] >= kills // 3, outcomes
    assert tidied > 0
    set_variant(project, "a")
    if not leftovers(project.root):
        (project.root / ".site.building-left").mkdir()
    project.build()
    assert tidy(project.root)
    assert digest(project.site_dir) == reference.sites["a"]


@pytest.mark.parametrize("step", ["locked", "before-swap", "after-swap"])
def test_a_build_killed_inside_the_swap_leaves_a_complete_site(
    reference: Reference, tmp_path: Path, step: str
) -> None:
    project = reference.project(tmp_path)
    set_variant(project, "b")
    process = launch(project.root, stderr=subprocess.PIPE, **{PAUSE_ENV: PAUSE})
    steps = []
    for at in pauses(process, seen := []):
        steps.append(at)
        # While the build is stopped at each step, site/ is whole: the old one, then the new one.
        assert digest(project.site_dir) == reference.sites["b" if at == "after-swap" else "a"], at
        if at == step:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=120)
    assert steps[-1] == step, "".join(seen)
    assert process.returncode == -signal.SIGKILL
    expected = reference.sites["b" if step == "after-swap" else "a"]
    assert digest(project.site_dir) == expected
    left = leftovers(project.root)
    if step == "locked":
        assert left == []
    else:
        # One folder is left: the finished new site before the exchange, the old one after it.
        assert len(left) == 1 and left[0].startswith(".site.building-")
        assert digest(project.root / left[0]) == reference.sites["a" if step == "after-swap" else "b"]
    project.build()
    assert tidy(project.root)
    assert digest(project.site_dir) == reference.sites["b"]


# --- two builds at once ----------------------------------------------------------------------


def test_two_builds_started_together_both_end_cleanly(reference: Reference, tmp_path: Path) -> None:
    project = reference.project(tmp_path)
    set_variant(project, "b")
    one = launch(project.root, stderr=subprocess.PIPE)
    two = launch(project.root, stderr=subprocess.PIPE)
    outputs = [p.communicate(timeout=300)[1] for p in (one, two)]
    assert [one.returncode, two.returncode] == [0, 0], outputs
    assert not any("Traceback" in text for text in outputs)
    assert digest(project.site_dir) == reference.sites["b"]
    assert tidy(project.root)


def test_a_second_build_waits_for_the_first(reference: Reference, tmp_path: Path) -> None:
    project = reference.project(tmp_path)
    set_variant(project, "a")
    first = launch(project.root, stderr=subprocess.PIPE, **{PAUSE_ENV: PAUSE})
    steps = pauses(first, seen := [])
    assert next(steps) == "locked", "".join(seen)
    set_variant(project, "b")  # the second build reads this before it waits for the lock
    second = launch(project.root, stderr=subprocess.PIPE)
    list(steps)
    assert first.wait(timeout=300) == 0, "".join(seen)
    err = second.communicate(timeout=300)[1]
    assert second.returncode == 0, err
    assert "Another build is writing site/: waiting for it to finish" in err
    # The second build swapped last, and its site is whole.
    assert digest(project.site_dir) == reference.sites["b"]
    assert tidy(project.root)


def test_a_build_that_cannot_wait_says_so_plainly(reference: Reference, tmp_path: Path) -> None:
    project = reference.project(tmp_path)
    set_variant(project, "b")
    first = launch(project.root, stderr=subprocess.PIPE, **{PAUSE_ENV: PAUSE})
    steps = pauses(first, seen := [])
    assert next(steps) == "locked", "".join(seen)
    second = launch(project.root, stderr=subprocess.PIPE, **{sitedir.LOCK_WAIT_ENV: "0.2"})
    err = second.communicate(timeout=300)[1]
    list(steps)
    assert first.wait(timeout=300) == 0, "".join(seen)
    assert second.returncode == 1
    assert f"Another build (process {first.pid}) is writing site/ and has not finished after 0.2 seconds." in err
    assert "Traceback" not in err
    assert digest(project.site_dir) == reference.sites["b"]
    assert tidy(project.root)


# --- file-system problems --------------------------------------------------------------------


def test_a_file_where_the_site_goes_is_reported_and_kept(reference: Reference, tmp_path: Path) -> None:
    project = reference.project(tmp_path)
    shutil.rmtree(project.site_dir)
    project.write("site", "not a folder\n")
    result = project.build(check=False)
    assert result.returncode == 1
    assert "site is a file, not a folder, so the site cannot be written there. Move or delete it" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project.root / "site").read_text() == "not a folder\n"
    assert tidy(project.root)


def test_a_file_that_becomes_the_site_during_the_build_is_kept(reference: Reference, tmp_path: Path) -> None:
    project = reference.project(tmp_path)
    set_variant(project, "b")
    process = launch(project.root, stderr=subprocess.PIPE, **{PAUSE_ENV: PAUSE})
    steps = pauses(process, seen := [])
    for step in steps:
        if step == "before-swap":
            break
    else:
        raise AssertionError("".join(seen))
    shutil.rmtree(project.site_dir)
    project.write("site", "not a folder\n")
    list(steps)
    assert process.wait(timeout=300) == 1
    text = "".join(seen)
    assert "site is a file, not a folder" in text and "Traceback" not in text
    assert (project.root / "site").read_text() == "not a folder\n"
    assert tidy(project.root)


@pytest.mark.parametrize("site_dir, message", [
    ("blocker/site", "blocker is a file, so the site folder cannot be made in it."),
    ("blocker/x/site", "Could not make the folder blocker/x/: part of that path is a file, not a folder."),
])
def test_a_site_folder_inside_a_file_is_reported(
    reference: Reference, tmp_path: Path, site_dir: str, message: str
) -> None:
    project = reference.project(tmp_path)
    project.write("blocker", "a file\n")
    result = project.build(check=False, extra_args=("--site-dir", site_dir))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert (project.root / "blocker").read_text() == "a file\n"
    assert digest(project.site_dir) == reference.sites["a"]
    assert tidy(project.root)


def _without_root_override() -> None:
    """In the child, before MkDocs starts: drop root's right to ignore file permissions (Linux)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search, cap_fowner = 24, 1, 2, 3
    for cap in (cap_dac_override, cap_dac_read_search, cap_fowner):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")


def test_a_folder_without_write_permission_is_reported(reference: Reference, tmp_path: Path) -> None:
    project = reference.project(tmp_path)
    as_root = os.geteuid() == 0
    if as_root and not sys.platform.startswith("linux"):
        pytest.skip("root ignores folder permissions")
    os.chmod(project.root, 0o555)
    try:
        # As root, the build runs without the capability that lets root write anywhere.
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build"], cwd=project.root, env=build_env(),
            capture_output=True, text=True, timeout=300,
            preexec_fn=_without_root_override if as_root else None,
        )
    except subprocess.SubprocessError as error:
        pytest.skip(f"cannot drop root's rights here: {error}")
    finally:
        os.chmod(project.root, 0o755)
    assert result.returncode == 1, result.stderr
    assert (
        "Could not write the site's working files in the current folder: permission denied. "
        "Make it writable for you, or set site_dir in mkdocs.yml to a folder you can write to."
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(project.site_dir) == reference.sites["a"]
    assert tidy(project.root)


# --- the functions of sitedir ----------------------------------------------------------------


def make_site(folder: Path, label: str) -> dict[str, str]:
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>{label}</p>")
    (folder / "sub" / "page.html").write_text(f"<p>{label} page</p>")
    return digest(folder)


def test_start_makes_a_hidden_folder_beside_the_site_and_holds_the_lock(tmp_path: Path) -> None:
    final = tmp_path / "out" / "site"
    build = SiteBuild.start(str(final), wait=0)
    try:
        assert build.final == str(final)
        assert build.building is not None
        building = Path(build.building)
        assert building.parent == final.parent and building.name.startswith(".site.building-")
        assert building.is_dir() and not final.exists()
        import fcntl

        with open(final.parent / ".site.lock", "rb") as other, pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(SiteDirError, match=r"Another build \(process \d+\) is writing .*site/ and has not finished after 0.1 seconds"):
            SiteBuild.start(str(final), wait=0.1)
    finally:
        build.abandon()
    assert not building.exists()
    SiteBuild.start(str(final), wait=0).abandon()  # the lock was given up


def test_a_waiting_build_takes_the_lock_when_the_first_ends(tmp_path: Path) -> None:
    final = str(tmp_path / "site")
    first = SiteBuild.start(final, wait=0)
    waiting: list[SiteBuild] = []
    thread = threading.Thread(target=lambda: waiting.append(SiteBuild.start(final, wait=30)))
    thread.start()
    time.sleep(0.3)
    assert thread.is_alive() and not waiting
    first.abandon()  # removes the lock file the second build is waiting on
    thread.join(timeout=30)
    assert waiting
    # The second holds the lock on the lock file that is there now, so a third cannot start.
    with pytest.raises(SiteDirError, match="Another build"):
        SiteBuild.start(final, wait=0)
    waiting[0].abandon()
    assert tidy(tmp_path)


def test_finish_puts_the_new_site_in_place_and_removes_the_old(tmp_path: Path) -> None:
    final = tmp_path / "site"
    make_site(final, "old")
    build = SiteBuild.start(str(final), wait=0)
    assert build.building is not None
    new = make_site(Path(build.building), "new")
    building_inode = os.stat(build.building).st_ino
    build.finish()
    assert digest(final) == new
    assert os.stat(final).st_ino == building_inode  # the folder itself moved: nothing was copied
    assert oct(os.stat(final).st_mode & 0o777) == "0o755"
    assert tidy(tmp_path)
    SiteBuild.start(str(final), wait=0).abandon()


def test_finish_works_when_there_is_no_site_yet(tmp_path: Path) -> None:
    final = tmp_path / "site"
    build = SiteBuild.start(str(final), wait=0)
    assert build.building is not None
    new = make_site(Path(build.building), "new")
    build.finish()
    assert digest(final) == new and leftovers(tmp_path) == []


def test_a_site_that_is_a_symlink_keeps_its_link(tmp_path: Path) -> None:
    real = tmp_path / "www" / "site"
    make_site(real, "old")
    (tmp_path / "site").symlink_to(real)
    build = SiteBuild.start(str(tmp_path / "site"), wait=0)
    assert build.building is not None and Path(build.building).parent == real.parent
    new = make_site(Path(build.building), "new")
    build.finish()
    assert (tmp_path / "site").is_symlink() and digest(tmp_path / "site") == new
    assert leftovers(real.parent) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    one, two = make_site(tmp_path / "one", "one"), make_site(tmp_path / "two", "two")
    if not sitedir.exchange(str(tmp_path / "one"), str(tmp_path / "two")):
        pytest.skip("this file system cannot exchange folders")
    assert digest(tmp_path / "one") == two and digest(tmp_path / "two") == one
    with pytest.raises(FileNotFoundError):
        sitedir.exchange(str(tmp_path / "one"), str(tmp_path / "missing"))


@pytest.mark.parametrize("atomic", [True, False])
def test_swap_into_place_returns_where_the_old_site_went(tmp_path: Path, atomic: bool) -> None:
    old, new = make_site(tmp_path / "site", "old"), make_site(tmp_path / ".site.building-x", "new")
    moved = sitedir.swap_into_place(str(tmp_path / ".site.building-x"), str(tmp_path / "site"), atomic=atomic)
    assert moved is not None and digest(Path(moved)) == old and digest(tmp_path / "site") == new
    assert Path(moved).name.startswith(".site.building-x" if atomic else ".site.old-")


def test_a_fallback_swap_killed_between_its_renames_is_undone_by_the_next_build(tmp_path: Path) -> None:
    old = make_site(tmp_path / "site", "old")
    make_site(tmp_path / ".site.building-x", "new")
    script = textwrap.dedent("""
        import sys
        from wla_site.mkdocs.sitedir import swap_into_place
        swap_into_place(sys.argv[1], sys.argv[2], atomic=False)
    """)
    process = start(
        [sys.executable, "-c", script, str(tmp_path / ".site.building-x"), str(tmp_path / "site")],
        stderr=subprocess.PIPE, **{PAUSE_ENV: "30"},
    )
    assert next(pauses(process, [])) == "between-renames"
    process.kill()
    process.wait()
    assert not (tmp_path / "site").exists()
    moved = [name for name in leftovers(tmp_path) if name.startswith(".site.old-")]
    assert len(moved) == 1 and digest(tmp_path / moved[0]) == old
    build = SiteBuild.start(str(tmp_path / "site"), wait=0)
    assert digest(tmp_path / "site") == old
    assert leftovers(tmp_path) == [Path(str(build.building)).name]
    build.abandon()
    assert leftovers(tmp_path) == [] and digest(tmp_path / "site") == old


def test_remove_leftovers_removes_only_this_sites_leftovers(tmp_path: Path) -> None:
    final = tmp_path / "site"
    make_site(final, "site")
    for name in (".site.building-a", ".site.old-b", ".site2.building-c", ".sitex", "other"):
        make_site(tmp_path / name, name)
    (tmp_path / ".site.building-a" / "sub").chmod(0o500)  # a read-only folder inside is removed too
    assert sitedir.remove_leftovers(str(final)) == [".site.building-a", ".site.old-b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site2.building-c", ".sitex", "other", "site"]


def test_remove_leftovers_puts_back_a_missing_site(tmp_path: Path) -> None:
    old = make_site(tmp_path / ".site.old-a", "old")
    make_site(tmp_path / ".site.building-b", "half built")
    assert sitedir.remove_leftovers(str(tmp_path / "site")) == [".site.building-b"]
    assert digest(tmp_path / "site") == old and leftovers(tmp_path) == []


@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "permission denied. Make it writable for you"),
    (errno.EROFS, "the disk is read-only. Build on a writable disk"),
    (errno.ENOSPC, "the disk is full. Free some disk space, then build again."),
    (errno.ENOTDIR, "part of that path is a file, not a folder."),
    (errno.EIO, "input/output error. Check the folder, then build again."),
])
def test_file_system_errors_read_plainly(tmp_path: Path, code: int, words: str) -> None:
    message = sitedir.describe(OSError(code, os.strerror(code)), "put the new site in place at", str(tmp_path / "site"))
    assert message.startswith(f"Could not put the new site in place at {tmp_path}/site/: {words}")
    assert "errno" not in message.lower() and "[" not in message
