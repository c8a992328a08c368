"""The learner's journal on disk: where it is, the profile, and the append-only event log.

Treat it as a diary. Nothing here rewrites or deletes what the learner has: the log is only
appended to (under a lock file, fsynced); a torn last line (a crash mid-write) is moved to
`events.torn.jsonl` beside it before the next append, with a warning; files the server wrote
are replaced only through `write_new_or_owned`, which refuses when the learner changed them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.events import Event, parse_line
from ..domain.models import LearnerProfile
from ..errors import EditedByLearner, JournalError, ProfileError
from .layout import Layout
from .yamlio import YamlProblem, validate_one


def locate(cwd: Path | None = None, env: dict[str, str] | None = None) -> Path:
    """Which folder is the journal: TUTOR_JOURNAL; else the project folder when it already is a
    journal or a Jekyll site; else ${CLAUDE_PLUGIN_DATA}/journal; else a per-user data folder."""
    env = dict(os.environ) if env is None else env
    if env.get("TUTOR_JOURNAL"):
        return Path(env["TUTOR_JOURNAL"]).expanduser().resolve()
    here = (cwd or Path(env.get("CLAUDE_PROJECT_DIR") or os.getcwd())).resolve()
    if Layout.is_journal(here):
        return here
    if env.get("CLAUDE_PLUGIN_DATA"):
        return Path(env["CLAUDE_PLUGIN_DATA"]).expanduser().resolve() / "journal"
    import platformdirs

    return Path(platformdirs.user_data_dir("ai-tutor")) / "journal"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class _LogCache:
    key: tuple[int, int] = (0, 0)  # (inode, size) of the complete lines parsed
    lines: int = 0
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
                c.events.append(ev)
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

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def append(self, event: Event) -> None:
        """Append one event under the lock and fsync it. A torn tail is set aside first."""
        self.profile()  # a broken learner.yaml blocks every write, as promised
        line = event.line()
        with self.locked():
            self._set_aside_torn_tail()
            fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)

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
            record = json.dumps({"set_aside_at": stamp, "bytes": tail.decode("utf-8", "replace")}, ensure_ascii=False)
            with open(self.torn_path, "ab") as t:
                t.write(record.encode() + b"\n")
                t.flush()
                os.fsync(t.fileno())
            f.truncate(pos)
            f.flush()
            os.fsync(f.fileno())
        self._cache = _LogCache()


def inside(root: Path, rel: str | Path) -> Path:
    """`root / rel`, refusing anything that would resolve outside `root`."""
    base = root.resolve()
    p = (base / rel).resolve()
    if p != base and base not in p.parents:
        raise JournalError(f"refusing to write {rel!r}: it would land outside {base}")
    return p


def write_new_or_owned(path: Path, data: bytes, owned_hash: str | None) -> str:
    """Write `data` atomically unless that would overwrite something the learner made.

    `owned_hash` is the sha256 the server recorded when it last wrote `path` (None if it never
    did). The file is replaced only if it does not exist or still has exactly that content."""
    if path.exists():
        current = sha256(path.read_bytes())
        if current == sha256(data):
            return current
        if owned_hash is None or current != owned_hash:
            raise EditedByLearner(
                f"{path} was changed since the tutor wrote it (or was not written by the tutor); "
                "it was left untouched. Keep your version, or move it aside and call again to regenerate."
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return sha256(data)
