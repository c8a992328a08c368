"""The learner's journal on disk: where it is, the profile, and the append-only event log.

Treat it as a diary. Nothing here rewrites or deletes what the learner has: the log is only
appended to (under a lock file, fsynced); a torn last line (a crash mid-write) is moved to
`events.torn.jsonl` beside it before the next append, with a warning; files the server wrote
are replaced only through `write_new_or_owned`, which refuses when the learner changed them.

Writes are write-ahead: a use case logs the hashes it is about to write (`files_intended`)
before writing, so a file whose content is any hash the tutor wrote or intended is the
tutor's, and a kill between the two steps is never mistaken for the learner's edit.
`locked()` is reentrant within a thread, so a use case holds it across its whole
read-decide-write and `append` inside it does not deadlock.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.events import CheckRecorded, Event, FilesIntended, LessonPublished, parse_line
from ..domain.models import LearnerProfile
from ..errors import EditedByLearner, JournalError, ProfileError
from .layout import LEGACY_EXERCISES, Layout
from .location import locate  # noqa: F401 - where the faces find it
from .yamlio import YamlProblem, validate_one


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class _LogCache:
    key: tuple[int, int] = (0, 0)  # (inode, size) of the complete lines parsed
    lines: int = 0
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    legacy: set[str] = field(default_factory=set)  # exercise folders the log names at their old place


class Journal:
    def __init__(self, root: Path):
        self.root = root
        self.layout = Layout(root)
        self.data_dir = self.layout.data_dir
        self.log_path = self.layout.log
        self.lock_path = self.layout.lock
        self.torn_path = self.layout.torn
        self.profile_path = self.layout.profile
        self.additions_path = self.layout.additions
        self._cache = _LogCache()
        self._held = threading.local()  # how deeply this thread holds the lock

    # ------------------------------------------------------------------ profile

    def profile(self) -> LearnerProfile:
        """The validated profile; defaults when the file does not exist yet."""
        if not self.profile_path.exists():
            return LearnerProfile()
        try:
            return validate_one(self.profile_path, LearnerProfile)
        except YamlProblem as e:
            raise ProfileError(
                f"{e}\nFix {self.profile_path} (see the README's configuration table); "
                "nothing is written to the journal until it validates."
            ) from e

    # ------------------------------------------------------------------ log

    def events(self) -> tuple[list[Event], list[str]]:
        """All valid complete events and any warnings (torn tail, lines that do not parse or
        validate: `events.jsonl:LINE: field: problem`, skipped and left in place).

        Parsed incrementally: a second call only reads what was appended since the first."""
        try:
            st = self.log_path.stat()
        except FileNotFoundError:
            self._cache = _LogCache()
            return [], []
        c = self._cache
        ino, done = c.key
        if ino != st.st_ino or st.st_size < done:
            c = self._cache = _LogCache()
            done = 0
        if st.st_size == done:
            return c.events, list(c.warnings)
        with open(self.log_path, "rb") as f:
            f.seek(done)
            chunk = f.read()
        end = chunk.rfind(b"\n") + 1
        complete, tail = chunk[:end], chunk[end:]
        for raw in complete.splitlines():
            c.lines += 1
            lineno = c.lines
            if not raw.strip():
                continue
            ev, problem = parse_line(raw, f"{self.log_path}:{lineno}")
            if ev is not None:
                c.events.append(_current(ev, c.legacy))
            else:
                c.warnings.append(str(problem))
        c.key = (st.st_ino, done + end)
        warnings = list(c.warnings)
        if tail.strip():
            warnings.append(
                f"{self.log_path}: the last line is incomplete (an interrupted write); it will be moved "
                f"to {self.torn_path.name} on the next save. Check it there if it matters."
            )
        return c.events, warnings

    def migrate(self) -> list[str]:
        """Move the exercise folders of a journal from before `_exercises/` to their place, once.

        Only the folders the log names are moved (anything else in `exercises/` is the learner's),
        each with one rename, so nothing is copied or lost; a folder whose new place is already
        taken is left where it is, with a warning. Returns warnings."""
        self.events()
        legacy = self._cache.legacy
        old = [rel for rel in sorted(legacy) if (self.root / rel).is_dir()]
        if not old:
            return []
        warnings: list[str] = []
        with self.locked():
            for rel in old:
                src, dst = self.root / rel, self.root / Layout.current(rel)
                if not src.is_dir():
                    continue  # another window moved it a moment ago
                if dst.exists():
                    warnings.append(f"{rel} was not moved to {Layout.current(rel)}: that folder exists already; "
                                    f"{rel} is published with the site until you merge the two")
                    continue
                try:
                    mkdirs_durable(dst.parent)
                    os.rename(src, dst)
                    fsync_dir(dst.parent)
                    fsync_dir(src.parent)
                except OSError as e:
                    warnings.append(f"could not move {rel} to {Layout.current(rel)} ({describe(e)}); it stays "
                                    "where it is and is published with the site. " + advice(e))
            legacy_root = self.root / LEGACY_EXERCISES
            with contextlib.suppress(OSError):
                legacy_root.rmdir()  # only when empty: what the learner put there stays
        return warnings

    @property
    def holds_lock(self) -> bool:
        return getattr(self._held, "depth", 0) > 0

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """The journal's exclusive lock (fcntl, so it also excludes other processes and other
        Journal objects). Reentrant: an inner `locked()` in the same thread is a no-op."""
        if self.holds_lock:
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        try:
            mkdirs_durable(self.data_dir)
            lock = open(self.lock_path, "a+b")  # noqa: SIM115 - closed below
        except OSError as e:
            raise JournalError(f"could not open the journal's lock file {self.lock_path} ({describe(e)}): "
                               "nothing was changed. " + advice(e)) from e
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._held.depth = 1
            try:
                yield
            finally:
                self._held.depth = 0
                fcntl.flock(lock, fcntl.LOCK_UN)
        finally:
            lock.close()

    def append(self, event: Event) -> list[str]:
        """Append one event under the lock (taking it unless this thread holds it) and fsync it.
        A torn tail is set aside first.

        Returns warnings: when the line is in the log but flushing it to disk failed, the event
        is recorded (later reads see it) and the warning says it may not survive a power loss.
        Any other failure raises JournalError saying that nothing was recorded."""
        self.profile()  # a broken learner.yaml blocks every write, as promised
        line = event.line()
        with self.locked():
            try:
                self._set_aside_torn_tail()
                created = not self.log_path.exists()
                fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            except OSError as e:
                raise JournalError(f"could not open the log {self.log_path} ({describe(e)}): nothing was "
                                   "recorded. " + advice(e)) from e
            try:
                start = os.fstat(fd).st_size
                try:
                    _write_all(fd, line)
                except OSError as e:
                    with contextlib.suppress(OSError):  # take back a partial line
                        os.ftruncate(fd, start)
                    raise JournalError(f"could not append to the log {self.log_path} ({describe(e)}): nothing "
                                       "was recorded. " + advice(e)) from e
                return self._flush(fd, created)
            finally:
                os.close(fd)

    def _flush(self, fd: int, created: bool) -> list[str]:
        """fsync the log (and its folder when the log is new); retried once. The line is already
        in the log, so a failure here is a warning, never an error."""
        first: OSError | None = None
        for _ in (1, 2):
            try:
                os.fsync(fd)
                if created:
                    fsync_dir(self.log_path.parent)
            except OSError as e:
                first = first or e
                continue
            if first is None:
                return []
            return [f"{self.log_path}: the event was recorded; flushing it to disk failed once "
                    f"({describe(first)}) and a retry succeeded."]
        assert first is not None
        return [f"{self.log_path}: the event was recorded, but flushing it to disk failed ({describe(first)}); "
                "it may not survive a power loss. " + advice(first)]

    def sweep_temp(self, dirs: Iterable[Path]) -> list[str]:
        """Delete the tutor's own leftover temp files (`.<name>.XXXXXXXX.tmp`, from a write that
        was killed) in `dirs`. Only under the lock, so no live write's temp file is touched."""
        assert self.holds_lock, "sweep_temp needs the journal lock"
        removed = []
        for d in dirs:
            try:
                names = os.listdir(d)
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError:
                continue  # sweeping is housekeeping; never fail a call over it
            for n in names:
                if _TEMP.match(n):
                    with contextlib.suppress(OSError):
                        os.unlink(d / n)
                        removed.append(str(d / n))
        return removed

    def _set_aside_torn_tail(self) -> None:
        try:
            size = self.log_path.stat().st_size
        except FileNotFoundError:
            return
        if size == 0:
            return
        with open(self.log_path, "r+b") as f:
            # find the last newline by reading backwards in blocks
            pos, tail = size, b""
            while pos > 0:
                step = min(65536, pos)
                f.seek(pos - step)
                block = f.read(step)
                i = block.rfind(b"\n")
                if i >= 0:
                    tail = block[i + 1 :] + tail
                    pos = pos - step + i + 1
                    break
                tail = block + tail
                pos -= step
            if not tail:
                return
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            # the exact bytes (a cut can fall inside a UTF-8 character), and a readable rendering
            record = json.dumps({"set_aside_at": stamp, "base64": base64.b64encode(tail).decode("ascii"),
                                 "bytes": tail.decode("utf-8", "replace")}, ensure_ascii=False)
            with open(self.torn_path, "ab") as t:
                t.write(record.encode() + b"\n")
                t.flush()
                os.fsync(t.fileno())
            f.truncate(pos)
            f.flush()
            os.fsync(f.fileno())
        self._cache = _LogCache()


def _moved(files: dict[str, str]) -> dict[str, str]:
    return {Layout.current(k): v for k, v in files.items()}


def _current(ev: Event, legacy: set[str]) -> Event:
    """The event with the paths of a journal from before `_exercises/` read as they are now."""
    if isinstance(ev, LessonPublished) and ev.exercise_dir.startswith(LEGACY_EXERCISES + "/"):
        legacy.add(ev.exercise_dir)
        return ev.model_copy(update={"exercise_dir": Layout.current(ev.exercise_dir), "files": _moved(ev.files)})
    if isinstance(ev, FilesIntended) and any(k.startswith(LEGACY_EXERCISES + "/") for k in ev.files):
        return ev.model_copy(update={"files": _moved(ev.files)})
    if isinstance(ev, CheckRecorded) and ev.feedback.startswith(LEGACY_EXERCISES + "/"):
        return ev.model_copy(update={"feedback": Layout.current(ev.feedback)})
    return ev


def inside(root: Path, rel: str | Path, action: str = "write") -> Path:
    """`root / rel`, refusing anything that would resolve outside `root`; `action` names the use."""
    base = root.resolve()
    p = (base / rel).resolve()
    if p != base and base not in p.parents:
        raise JournalError(f"refusing to {action} {rel!r}: it is outside the journal {base}; "
                           "give a path inside the journal")
    return p


_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")  # tempfile.mkstemp(prefix=".<name>.", suffix=".tmp")

_PLAIN = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "an input/output error",
}


def describe(e: OSError) -> str:
    """An OSError in words: `the disk is full` rather than `[Errno 28] ...`."""
    return _PLAIN.get(e.errno or 0, e.strerror or str(e))


def advice(e: OSError) -> str:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return "Free some disk space and try again."
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "Fix the folder's permissions and try again."
    return "Check the disk and try again."


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def fsync_dir(d: Path) -> None:
    """Make a rename or a new entry in `d` durable."""
    fd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def mkdirs_durable(d: Path) -> None:
    """`mkdir -p d`, fsyncing the parent of every folder it creates."""
    missing = []
    p = d
    while not p.exists():
        missing.append(p)
        p = p.parent
    for m in reversed(missing):
        m.mkdir(exist_ok=True)
        fsync_dir(m.parent)


class WriteFailed(JournalError):
    """A file could not be written; `path` was left exactly as it was (its temp file removed)."""

    def __init__(self, path: Path, error: OSError):
        self.path, self.error = path, error
        super().__init__(f"could not write {path} ({describe(error)}); it was left as it was. " + advice(error))


def write_new_or_owned(path: Path, data: bytes, owned: Collection[str]) -> tuple[str, list[str]]:
    """Write `data` atomically unless that would overwrite something the learner made.

    `owned` holds every sha256 the tutor wrote or intended to write at `path` (empty if it never
    did). The file is replaced only if it does not exist or its content is one of those. Returns
    the new hash and warnings (the file is in place but the folder's fsync failed).

    Raises EditedByLearner (nothing written) or WriteFailed (the file left as it was)."""
    new = sha256(data)
    if path.exists():
        try:
            current = sha256(path.read_bytes())
        except OSError as e:
            raise WriteFailed(path, e) from e
        if current == new:
            return current, []
        if current not in owned:
            raise EditedByLearner(
                f"{path} was changed since the tutor wrote it (or was not written by the tutor); "
                "it was left untouched. Keep your version, or move it aside and call again to regenerate."
            )
    tmp = None
    try:
        mkdirs_durable(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise WriteFailed(path, e) from e
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    try:
        fsync_dir(path.parent)
    except OSError as e:
        return new, [f"{path} was written, but flushing its folder to disk failed ({describe(e)}); "
                     "it may not survive a power loss."]
    return new, []


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically (temp file, fsync, rename); raises OSError."""
    mkdirs_durable(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
