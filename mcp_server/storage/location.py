"""Which folder is the learner's journal, and adopting one left at an older location.

One journal per person, whatever the install: `TUTOR_JOURNAL`; else the project folder when
it already is a journal or a Jekyll site; else one per-user folder (Linux
`~/.local/share/ai-tutor/journal`) that neither `--plugin-dir`, a marketplace install, a
plugin update nor the `ai-tutor` command changes.

Older versions kept the journal in the plugin's data folder, which differs per install
(`~/.claude/plugins/data/ai-tutor-inline/journal`, `…/ai-tutor-ai-tutor/journal`). `adopt`
moves such a journal to the per-user folder once, leaves a link at the old place (so an
older version still writes to the same journal), and says so. A second old journal is never
merged or dropped: it stays where it is and every answer says how to use it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from pathlib import Path

from .layout import DATA, POSTS, Layout


def user_journal() -> Path:
    """The per-user journal folder (platformdirs' user data folder, so XDG_DATA_HOME moves it)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("ai-tutor")) / "journal"


def locate(cwd: Path | None = None, env: dict[str, str] | None = None) -> Path:
    """Which folder is the journal: TUTOR_JOURNAL; else the project folder when it already is a
    journal or a Jekyll site; else the per-user folder. Reads only; see `adopt` for old places."""
    env = dict(os.environ) if env is None else env
    if env.get("TUTOR_JOURNAL"):
        return Path(env["TUTOR_JOURNAL"]).expanduser().resolve()
    here = (cwd or Path(env.get("CLAUDE_PROJECT_DIR") or os.getcwd())).resolve()
    if Layout.is_journal(here):
        return here
    return user_journal()


def old_locations(env: dict[str, str] | None = None) -> list[Path]:
    """Where older versions kept the journal: this plugin's data folder, and every ai-tutor
    data folder of Claude Code (one per way the plugin was installed)."""
    env = dict(os.environ) if env is None else env
    found: list[Path] = []
    if env.get("CLAUDE_PLUGIN_DATA"):
        found.append(Path(env["CLAUDE_PLUGIN_DATA"]).expanduser() / "journal")
    config = Path(env.get("CLAUDE_CONFIG_DIR") or Path.home() / ".claude").expanduser()
    found += sorted((config / "plugins" / "data").glob("ai-tutor*/journal"))
    out: list[Path] = []
    for p in found:
        if p not in out:
            out.append(p)
    return out


def has_content(folder: Path) -> bool:
    """Whether `folder` holds anything of a journal worth keeping: log lines, a profile, posts."""
    data = folder / DATA
    log = data / "events.jsonl"
    with contextlib.suppress(OSError):
        if log.is_file() and log.stat().st_size > 0:
            return True
        if (data / "learner.yaml").is_file() or (data / "concepts.yaml").is_file():
            return True
        posts = folder / POSTS
        if posts.is_dir() and any(posts.iterdir()):
            return True
    return False


def _log_size(folder: Path) -> int:
    try:
        return (folder / DATA / "events.jsonl").stat().st_size
    except OSError:
        return 0


def adopt(target: Path, env: dict[str, str] | None = None) -> list[str]:
    """Move a journal from an old location to `target` when `target` has none yet; return the
    messages to show (what was moved, and any other old journal left in place)."""
    candidates = [
        p
        for p in old_locations(env)
        if not p.is_symlink() and p.is_dir() and has_content(p) and p.resolve() != target.resolve()
    ]
    if not candidates:
        return []
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(target.parent / ".adopt.lock", "a+b")  # noqa: SIM115 - two windows starting at once
    except OSError as e:
        return [
            f"found a journal at {candidates[0]} but cannot create {target.parent} ({e.strerror or e}); "
            f"nothing was moved. Set TUTOR_JOURNAL={candidates[0]} to keep using it."
        ]
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        candidates = [p for p in candidates if not p.is_symlink() and p.is_dir() and has_content(p)]
        notes: list[str] = []
        if candidates and not has_content(target):
            chosen = max(candidates, key=_log_size)  # the one with the most history
            candidates.remove(chosen)
            try:
                _move_into(chosen, target)
            except OSError as e:
                return [
                    f"found your journal at {chosen} but could not move it to {target} "
                    f"({e.strerror or e}); it was left where it is. Set TUTOR_JOURNAL={chosen} to keep "
                    "using it, or fix the folders' permissions and start again."
                ]
            linked = _link(chosen, target)
            notes.append(
                f"moved your journal from {chosen} to {target}, the one journal for every install "
                "and the `ai-tutor` command; nothing was lost"
                + (f" ({chosen} now points there)." if linked else ".")
            )
        for p in candidates:
            notes.append(
                f"another journal is at {p}; it was left as it is. To use it instead, set "
                f"TUTOR_JOURNAL={p}, or move its posts and exercises into {target} yourself."
            )
        return notes


def _move_into(src: Path, target: Path) -> None:
    """`src`'s entries into `target` (which holds nothing worth keeping, or does not exist)."""
    if not target.exists():
        shutil.move(str(src), str(target))  # a rename, or a copy across file systems
        return
    for entry in sorted(src.iterdir()):
        dest = target / entry.name
        if dest.exists() and dest.is_dir() and entry.is_dir():
            _merge_dirs(entry, dest)
        elif not dest.exists():
            shutil.move(str(entry), str(dest))
        else:
            shutil.move(str(entry), str(dest.with_name(dest.name + ".adopted")))
    with contextlib.suppress(OSError):
        src.rmdir()


def _merge_dirs(src: Path, dest: Path) -> None:
    for entry in sorted(src.iterdir()):
        d = dest / entry.name
        if d.is_dir() and entry.is_dir():
            _merge_dirs(entry, d)
        elif not d.exists():
            shutil.move(str(entry), str(d))
        else:  # a lock file or an empty leftover of a fresh start: keep both
            shutil.move(str(entry), str(d.with_name(d.name + ".adopted")))
    with contextlib.suppress(OSError):
        src.rmdir()


def _link(old: Path, target: Path) -> bool:
    if old.exists():
        return False  # something is still there (a file that could not be moved): leave it
    try:
        old.symlink_to(target, target_is_directory=True)
    except OSError:
        return False
    return True
