"""One journal per person: the per-user folder whatever the install, an old journal adopted once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mcp_server.facade import Tutor
from mcp_server.storage.journal import Journal
from mcp_server.storage.location import adopt, locate, old_locations, user_journal

LESSON = {
    "type": "lesson_published",
    "v": 1,
    "at": "2026-01-05T09:00:00+09:00",
    "lesson": "2026-01-05-x",
    "date": "2026-01-05",
    "concept": "vectors-and-matrices",
    "depth": 1,
    "post": "_posts/2026-01-05-vectors-and-matrices.md",
    "title": "Vectors",
}


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("HOME", str(h))
    monkeypatch.setenv("XDG_DATA_HOME", str(h / ".local" / "share"))
    for var in ("TUTOR_JOURNAL", "CLAUDE_PLUGIN_DATA", "CLAUDE_CONFIG_DIR"):
        monkeypatch.delenv(var, raising=False)
    return h


def old_journal(home: Path, install: str, lessons: int = 1) -> Path:
    j = home / ".claude" / "plugins" / "data" / install / "journal"
    (j / "_data" / "tutor").mkdir(parents=True)
    (j / "_data" / "tutor" / "events.jsonl").write_text(
        "".join(json.dumps(LESSON) + "\n" for _ in range(lessons))
    )
    (j / "_data" / "tutor" / "learner.yaml").write_text("# mine\nlanguage: en\n")
    (j / "_posts").mkdir()
    (j / "_posts" / "2026-01-05-vectors-and-matrices.md").write_text("my post\n")
    return j


def test_the_user_folder_does_not_depend_on_the_install(home, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    inline = locate(project, {"CLAUDE_PLUGIN_DATA": str(home / ".claude/plugins/data/ai-tutor-inline")})
    market = locate(project, {"CLAUDE_PLUGIN_DATA": str(home / ".claude/plugins/data/ai-tutor-ai-tutor")})
    cli = locate(project, {})
    assert inline == market == cli == user_journal() == home / ".local/share/ai-tutor/journal"


def test_an_old_journal_is_moved_once_with_a_message_and_nothing_lost(home):
    old = old_journal(home, "ai-tutor-inline")
    before = {p.relative_to(old): p.read_bytes() for p in old.rglob("*") if p.is_file()}
    target = user_journal()
    [note] = adopt(target, {"CLAUDE_PLUGIN_DATA": str(old.parent)})
    assert f"moved your journal from {old} to {target}" in note and "nothing was lost" in note
    after = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert after == before
    # the old place points at the new one, so an older version writes to the same journal
    assert old.is_symlink() and old.resolve() == target.resolve()
    assert adopt(target, {"CLAUDE_PLUGIN_DATA": str(old.parent)}) == []  # once
    assert Tutor(Journal(target)).learner_status().sessions == 1


def test_a_second_old_journal_is_left_in_place_and_named(home):
    small = old_journal(home, "ai-tutor-inline", lessons=1)
    big = old_journal(home, "ai-tutor-ai-tutor", lessons=3)
    assert set(old_locations({})) == {small, big}
    target = user_journal()
    moved, left = adopt(target, {})
    assert f"from {big}" in moved  # the one with the most history
    assert f"another journal is at {small}" in left and f"TUTOR_JOURNAL={small}" in left
    assert (small / "_data/tutor/events.jsonl").is_file() and not small.is_symlink()


def test_an_empty_start_in_the_user_folder_does_not_block_adoption(home):
    target = user_journal()
    (target / "_data" / "tutor").mkdir(parents=True)
    (target / "_data" / "tutor" / "events.jsonl.lock").write_bytes(b"")  # a status run took the lock once
    old = old_journal(home, "ai-tutor-inline")
    [note] = adopt(target, {})
    assert "moved your journal" in note
    assert (target / "_posts" / "2026-01-05-vectors-and-matrices.md").read_text() == "my post\n"
    assert not (old / "_data").exists() or old.is_symlink()


def test_a_journal_in_the_user_folder_is_never_replaced(home):
    target = user_journal()
    (target / "_data" / "tutor").mkdir(parents=True)
    (target / "_data" / "tutor" / "events.jsonl").write_text(json.dumps(LESSON) + "\n")
    old = old_journal(home, "ai-tutor-inline")
    [note] = adopt(target, {})
    assert note.startswith(f"another journal is at {old}")
    assert (old / "_posts").is_dir() and (target / "_data/tutor/events.jsonl").read_text().count("\n") == 1
