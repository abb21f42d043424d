"""The site folder's safety: build beside it, under a lock, and swap the result in atomically.

A build writes into a hidden folder beside the final one (`.site.building-*`)
while holding an exclusive lock on `.site.lock` (removed when it ends), so a
second build waits (for `WLA_SITE_LOCK_WAIT` seconds, 600 by default) or stops
with a plain message.
When the build succeeds the two folders are exchanged in one step
(`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on macOS), so
`site/` is at every instant either the whole last good site or the whole new
one, and the old copy is then removed. Where no exchange exists (Windows, other
systems, file systems without it) `site/` is moved aside to `.site.old-*` and the
new folder renamed in: if that is interrupted between the two renames, the next
build puts the `.site.old-*` copy back before anything else. A `site` symlink
switched by one rename would avoid that gap, but it would make `site/` a link
that upload and deploy tools treat differently, and Windows needs extra rights
for it, so it is not used. Anything a killed build leaves behind
(`.site.building-*`, `.site.old-*`) is removed by the next build once it holds the
lock, since only the lock holder may have such folders in use. File-system
errors become a `SiteDirError` with a plain message naming the folder and what
to do. `WLA_TEST_PAUSE_IN_SWAP=<seconds>` makes each step announce itself on
standard error and pause, only so the tests can stop a build inside the swap.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import logging
import os
import platform
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Callable

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

log = logging.getLogger("mkdocs.plugins.wla")

LOCK_WAIT_ENV = "WLA_SITE_LOCK_WAIT"
"""Seconds a build waits for another build of the same site to finish."""
LOCK_WAIT_SECONDS = 600.0
PAUSE_ENV = "WLA_TEST_PAUSE_IN_SWAP"
"""Tests only: seconds to pause at each step of the swap, announced on standard error."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # Linux <linux/fs.h>
_RENAME_SWAP = 2  # macOS <stdio.h>
_SYS_RENAMEAT2 = {"x86_64": 316, "aarch64": 276, "arm64": 276}
"""Used only where the C library has no `renameat2` wrapper (glibc before 2.28)."""

_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM}
"""Errors meaning the system or file system cannot exchange; EPERM is what some
container sandboxes answer. A real permission problem shows again in the fallback."""


class SiteDirError(Exception):
    """Why the site folder could not be prepared or replaced, in plain words."""


def shown(path: str, folder: bool = True) -> str:
    """`path` as a person would type it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = path
    if rel == os.curdir:
        return "the current folder"
    text = path if rel == os.pardir or rel.startswith(os.pardir + os.sep) else rel
    return text + "/" if folder and not text.endswith(os.sep) else text


_ADVICE_WRITE = "Make it writable for you, or set site_dir in mkdocs.yml to a folder you can write to."
_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("permission denied", _ADVICE_WRITE),
    errno.EPERM: ("permission denied", _ADVICE_WRITE),
    errno.EROFS: ("the disk is read-only", "Build on a writable disk, or set site_dir in mkdocs.yml to a folder on one."),
    errno.ENOSPC: ("the disk is full", "Free some disk space, then build again."),
    errno.EDQUOT: ("your disk quota is used up", "Free some disk space, then build again."),
    errno.ENOTDIR: ("part of that path is a file, not a folder", "Move or rename that file, or set site_dir in mkdocs.yml to another folder."),
    errno.EEXIST: ("a file of that name is in the way", "Move or delete that file, then build again."),
    errno.EBUSY: ("the folder is in use or is a mount point", "Close what is using it, or set site_dir in mkdocs.yml to a folder inside it."),
    errno.EXDEV: ("the folders are on different disks", "Set site_dir in mkdocs.yml to a folder that is not a mount point."),
}


def describe(error: OSError, doing: str, path: str) -> str:
    """A plain message for a file-system `error` met while trying to `doing` at `path`."""
    reason, advice = _REASONS.get(
        error.errno or 0,
        ((error.strerror or str(error)).lower(), "Check the folder, then build again."),
    )
    return f"Could not {doing} {shown(path)}: {reason}. {advice}"


def lock_path(final: str) -> str:
    return os.path.join(os.path.dirname(final), f".{os.path.basename(final)}.lock")


def leftover_prefixes(final: str) -> tuple[str, str]:
    """Name prefixes of a build folder and of a moved-aside old site, beside `final`."""
    base = os.path.basename(final)
    return f".{base}.building-", f".{base}.old-"


def lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_ENV, LOCK_WAIT_SECONDS)))
    except ValueError:
        return LOCK_WAIT_SECONDS


def take_lock(final: str, wait: float) -> int:
    """Hold the site's build lock (an open descriptor); wait up to `wait` seconds for it.

    The holder removes the lock file as it lets go, so whoever then gets the lock
    on the removed file opens the new one and locks that instead.
    """
    path = lock_path(final)
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise SiteDirError(describe(error, "write the site's working files in", os.path.dirname(final))) from None
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise SiteDirError(
                        f"Another build{_lock_holder(fd)} is writing {shown(final)} and has not finished "
                        f"after {wait:g} seconds. Wait for it to finish, or stop it, then build again."
                    )
                if not told:
                    log.info("Another build is writing %s: waiting for it to finish", shown(final))
                    told = True
                time.sleep(0.05)
        except OSError as error:
            os.close(fd)
            raise SiteDirError(describe(error, "lock", path)) from None
        except SiteDirError:
            os.close(fd)
            raise
        if _is_current(fd, path):
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    except OSError:
        pass  # the process number only helps the message above
    return fd


def _is_current(fd: int, path: str) -> bool:
    """Whether `fd` is still the file at `path`, not one its last holder removed."""
    try:
        named, opened = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting; False if another process holds it."""
    try:
        if sys.platform == "win32":  # not tried on Windows by the tests
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    return True


def _lock_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        pid = int(os.read(fd, 32).decode("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return ""
    return f" (process {pid})"


def release_lock(fd: int, final: str) -> None:
    """Remove the lock file and give the lock up by closing it, as the end of a killed process does."""
    with contextlib.suppress(OSError):
        os.unlink(lock_path(final))  # Windows refuses while it is open: it then stays
    with contextlib.suppress(OSError):
        os.close(fd)


def remove_tree(path: str) -> None:
    """Delete a folder (or file) and everything in it, making read-only folders writable first."""
    try:
        shutil.rmtree(path)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        os.unlink(path)
    except OSError:
        for dirpath, _dirs, _files in os.walk(path):
            mode = os.lstat(dirpath).st_mode
            os.chmod(dirpath, stat.S_IMODE(mode) | stat.S_IRWXU)
        shutil.rmtree(path)


def remove_leftovers(final: str) -> list[str]:
    """Remove what killed builds left beside `final`; call only while holding the lock.

    If `final` is missing while a moved-aside old site exists (a build stopped
    between the two renames of the fallback swap), that old site is put back first.
    Returns the names removed.
    """
    parent = os.path.dirname(final)
    building, old = leftover_prefixes(final)
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return []
    olds = [name for name in names if name.startswith(old)]
    if olds and not os.path.lexists(final):
        newest = max(olds, key=lambda name: os.lstat(os.path.join(parent, name)).st_mtime)
        os.rename(os.path.join(parent, newest), final)
        log.info("Put back the last good site in %s, after a build was stopped", shown(final))
        olds.remove(newest)
    removed = []
    for name in [n for n in names if n.startswith(building)] + olds:
        try:
            remove_tree(os.path.join(parent, name))
            removed.append(name)
        except OSError as error:
            log.warning("%s", describe(error, "remove a folder left by a stopped build,", os.path.join(parent, name)))
    return removed


@functools.cache
def _exchange_function() -> Callable[[bytes, bytes], int] | None:
    """The C call that exchanges two paths in one step, or None where there is none."""
    system = str(sys.platform)  # read at run time: the checker would otherwise judge one system's branch dead
    if not system.startswith(("linux", "darwin")):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if system.startswith("linux"):
        renameat2 = getattr(libc, "renameat2", None)
        if renameat2 is not None:
            renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            renameat2.restype = ctypes.c_int
            return lambda a, b: int(renameat2(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE))
        number = _SYS_RENAMEAT2.get(platform.machine())
        syscall = getattr(libc, "syscall", None)
        if number is None or syscall is None:
            return None
        syscall.restype = ctypes.c_long
        return lambda a, b: int(syscall(
            ctypes.c_long(number), ctypes.c_int(_AT_FDCWD), ctypes.c_char_p(a),
            ctypes.c_int(_AT_FDCWD), ctypes.c_char_p(b), ctypes.c_uint(_RENAME_EXCHANGE),
        ))
    if system == "darwin":
        renamex_np = getattr(libc, "renamex_np", None)
        if renamex_np is not None:
            renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
            renamex_np.restype = ctypes.c_int
            return lambda a, b: int(renamex_np(a, b, _RENAME_SWAP))
    return None


def exchange(a: str, b: str) -> bool:
    """Exchange two existing paths in one step. False (nothing changed) where the system cannot."""
    call = _exchange_function()
    if call is None:
        return False
    if call(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), b)


def swap_into_place(built: str, final: str, atomic: bool = True) -> str | None:
    """Put the folder `built` at `final`; return where the replaced site now is, to remove.

    With `atomic` (and a system that can) the two are exchanged in one step, so
    the old site is then at `built`; otherwise `final` is moved aside to a
    `.site.old-*` folder first. On an error nothing has changed.
    """
    if not os.path.lexists(final):
        os.rename(built, final)
        return None
    if atomic and exchange(built, final):
        return built
    old = os.path.join(os.path.dirname(final), leftover_prefixes(final)[1] + secrets.token_hex(4))
    os.rename(final, old)
    _pause("between-renames", final)
    try:
        os.rename(built, final)
    except OSError:
        os.rename(old, final)
        raise
    return old


def _must_be_folder(final: str) -> None:
    if os.path.lexists(final) and not os.path.isdir(final):
        raise SiteDirError(
            f"{shown(final, folder=False)} is a file, not a folder, so the site cannot be written there. "
            "Move or delete it, or set site_dir in mkdocs.yml to another folder."
        )


def _pause(step: str, path: str) -> None:
    """Tests only: announce `step` on standard error and pause, so a test can stop the build here."""
    try:
        seconds = float(os.environ.get(PAUSE_ENV, ""))
    except ValueError:
        return
    sys.stderr.write(f"{PAUSE_ENV} {step} {path}\n")
    sys.stderr.flush()
    time.sleep(seconds)


class SiteBuild:
    """One build's hold on the site folder: the lock, the build folder beside it, the swap."""

    def __init__(self, final: str, building: str, lock: int) -> None:
        self.final = final
        """The site folder the finished build replaces."""
        self.building: str | None = building
        """Where the build writes; None once it has been swapped in or thrown away."""
        self._lock: int | None = lock

    @classmethod
    def start(cls, site_dir: str, wait: float | None = None) -> SiteBuild:
        """Take the lock, tidy what killed builds left, and make the build folder beside `site_dir`."""
        final = os.path.realpath(os.path.abspath(site_dir))
        _must_be_folder(final)
        parent = os.path.dirname(final)
        try:
            os.makedirs(parent, exist_ok=True)
        except FileExistsError:
            raise SiteDirError(
                f"{shown(parent, folder=False)} is a file, so the site folder cannot be made in it. "
                "Move or delete that file, or set site_dir in mkdocs.yml to another folder."
            ) from None
        except OSError as error:
            raise SiteDirError(describe(error, "make the folder", parent)) from None
        lock = take_lock(final, lock_wait() if wait is None else wait)
        try:
            _pause("locked", final)
            _must_be_folder(final)
            remove_leftovers(final)
            building = _make_building(final)
        except OSError as error:
            release_lock(lock, final)
            raise SiteDirError(describe(error, "write the site's working files in", parent)) from None
        except BaseException:
            release_lock(lock, final)
            raise
        return cls(final, building, lock)

    def finish(self) -> None:
        """Swap the finished build into place, remove the old site and give up the lock.

        On an error the build folder is removed and the last good site is left as it was.
        """
        built = self.building
        if built is None:
            raise RuntimeError("this build has already finished")
        try:
            _pause("before-swap", self.final)
            os.chmod(built, 0o755)
            _must_be_folder(self.final)
            old = swap_into_place(built, self.final)
        except OSError as error:
            self.abandon()
            raise SiteDirError(
                describe(error, "put the new site in place at", self.final)
                + " The last good site is unchanged."
            ) from None
        except BaseException:
            self.abandon()
            raise
        self.building = None
        if old is not None:
            _pause("after-swap", self.final)
            try:
                remove_tree(old)
            except OSError as error:
                log.warning("%s The next build tries again.", describe(error, "remove the old site", old))
        self._release()

    def abandon(self) -> None:
        """Throw the build folder away and give up the lock; the last good site stays. Never raises."""
        if self.building is not None:
            with contextlib.suppress(OSError):  # if it stays, the next build removes it
                remove_tree(self.building)
            self.building = None
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            release_lock(self._lock, self.final)
            self._lock = None


def _make_building(final: str) -> str:
    parent = os.path.dirname(final)
    prefix = leftover_prefixes(final)[0]
    while True:
        path = os.path.join(parent, prefix + secrets.token_hex(4))
        try:
            os.mkdir(path, 0o700)
            return path
        except FileExistsError:
            continue
