"""Nothing acknowledged is lost, and no write the tutor made is ever taken for the learner's edit:
under SIGKILL at random moments, under injected I/O errors at every step, and with two windows
publishing the same lesson at once."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import HIDDEN_TESTS, STARTER, TESTS, WRONG_SOLUTIONS, make_slots

from mcp_server.domain import events
from mcp_server.domain.events import ExerciseRun, LessonPublished
from mcp_server.domain.learner import fold
from mcp_server.errors import EditedByLearner, JournalError
from mcp_server.facade import Tutor
from mcp_server.links.browser import OpenResult
from mcp_server.storage.journal import Journal, sha256
from mcp_server.storage.knowledge import load_knowledge
from mcp_server.usecases.check import CriterionMark
from mcp_server.usecases.context import Deps
from mcp_server.usecases.learn import written_exercise_key

HERE = Path(__file__).parent
KILLS_PER_JOURNAL = 100
JOURNALS = 2  # 200 kills in all
RACE_ROUNDS = 30


def _no_browser(url: str) -> OpenResult:
    return OpenResult(opened=False, how="none", url=url, message="not opened in tests")


def make_tutor(root: Path, world: Path) -> Tutor:
    return Tutor(Journal(root), curated=load_knowledge(world), deps=Deps(opener=_no_browser))


def intro(tag: str) -> str:
    return f"지난주의 Attention 위에 오늘은 여러 헤드를 병렬로 쌓습니다. 판 {tag}."


def text(t: Tutor, tag: str):
    """The writer's text, tagged so that the post, exercise.py and the private solution all change.
    The written exercise is the one other tests verify in the sandbox; here it is marked verified."""
    slots = make_slots(intro=intro(tag), exercise={
        "instructions": "add를 완성하세요.", "starter": STARTER + f"# {tag}\n", "tests": TESTS,
        "hidden_tests": HIDDEN_TESTS, "wrong_solutions": WRONG_SOLUTIONS,
        "solution": f"def add(a, b):\n    return a + b  # {tag}\n"})
    ex = slots.exercise
    assert ex is not None
    t.ws.verified_exercises.add(written_exercise_key(ex))
    return slots


CHILD = textwrap.dedent("""
    import hashlib, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[4])
    from test_durability import make_tutor, text
    t = make_tutor(Path(sys.argv[1]), Path(sys.argv[2]))
    lid = t.plan_lesson("attention", 1, "2025-11-03").lesson_id
    print("ready", flush=True)
    for i in range(10**6):
        r = t.publish_post(lid, text(t, f"{sys.argv[3]}-{i}"))
        print("ack publish", hashlib.sha256(Path(r.post).read_bytes()).hexdigest(), flush=True)
        t.open_resource("1")
        print("ack open", flush=True)
""")


def _lessons(root: Path) -> list[LessonPublished]:
    events, _ = Journal(root).events()
    return [e for e in events if isinstance(e, LessonPublished)]


def _tutor_files(root: Path) -> list[Path]:
    return [p for d in ("_posts", "_exercises") for p in (root / d).rglob("*") if p.is_file()]


def _kill_loop(root: Path, world: Path, script: Path, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    n = {"kills": 0, "acked": 0, "missing": 0}
    opened_acks = 0
    for k in range(KILLS_PER_JOURNAL):
        with subprocess.Popen([sys.executable, str(script), str(root), str(world), f"{seed}-{k}", str(HERE)],
                              stdout=subprocess.PIPE, text=True) as p:
            assert p.stdout is not None
            assert p.stdout.readline() == "ready\n"
            early = ""
            if k % 2:  # every other child first acknowledges one publish, so acks exist at any load
                early = p.stdout.readline()
            threading.Event().wait(rng.uniform(0, 0.15))  # a random moment, not a timing assertion
            p.send_signal(signal.SIGKILL)
            out = early + p.stdout.read()
        n["kills"] += 1
        acks = [ln.split() for ln in out.split("\n")[:-1]]  # only complete lines were acknowledged
        posts = {e.files.get(e.post) for e in _lessons(root)}
        for a in acks:
            n["acked"] += 1
            if a[1] == "publish" and a[2] not in posts:
                n["missing"] += 1
        opened_acks += sum(a[1] == "open" for a in acks)
        events, _ = Journal(root).events()
        if sum(e.type == "resource_opened" for e in events) < opened_acks:
            n["missing"] += 1
    return n


def test_random_kills_lose_nothing_acknowledged_and_leave_nothing_half_written(tmp_path, seed_world):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    roots = [tmp_path / f"journal-{i}" for i in range(JOURNALS)]
    with ThreadPoolExecutor(JOURNALS) as pool:
        results = list(pool.map(lambda i: _kill_loop(roots[i], seed_world, script, i), range(JOURNALS)))
    kills = sum(r["kills"] for r in results)
    acked = sum(r["acked"] for r in results)
    missing = sum(r["missing"] for r in results)
    half_written = refused = stray = 0
    for root in roots:
        ours = fold(Journal(root).events()[0]).written
        half_written += sum(sha256(p.read_bytes()) not in ours.get(str(p.relative_to(root)), set())
                            for p in _tutor_files(root) if not p.name.endswith(".tmp"))
        t = make_tutor(root, seed_world)
        try:
            t.publish_post(t.plan_lesson("attention", 1, "2025-11-03").lesson_id, text(t, "after"))
        except EditedByLearner:
            refused += 1
        stray += len(list(root.rglob("*.tmp")))
        last = _lessons(root)[-1]
        assert (root / last.post).read_text(encoding="utf-8").count(intro("after")) == 1
    print(f"\nkills={kills} acked={acked} missing={missing} half_written={half_written} "
          f"false_refusals={refused} stray_temp={stray}")
    assert kills >= 200 and acked > 0
    assert (missing, half_written, refused, stray) == (0, 0, 0, 0)


# ---------------------------------------------------------------- injected I/O faults

FAULTS = [(os, "write"), (os, "fsync"), (os, "replace"), (tempfile, "mkstemp")]


class Fault:
    """Make `module.name` raise ENOSPC at its k-th call (k=0: count calls only)."""

    def __init__(self, monkeypatch, module, name: str, k: int):
        self.calls, self.k, self.fired = 0, k, False
        real = getattr(module, name)

        def faulty(*a, **kw):
            self.calls += 1
            if self.calls == self.k:
                self.fired = True
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*a, **kw)

        monkeypatch.setattr(module, name, faulty)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in _tutor_files(root)}


def _check_after_fault(root: Path, before: dict[str, bytes], err: JournalError | None, warnings: list[str],
                       fired: bool) -> None:
    after = _snapshot(root)
    ours = fold(Journal(root).events()[0]).written
    for rel, data in after.items():  # each file: as it was, or a complete version the log knows
        assert data == before.get(rel) or sha256(data) in ours.get(rel, set()), rel
    assert not list(root.rglob("*.tmp"))
    if err is not None:
        msg = str(err)
        assert "Errno" not in msg and ("_posts/" in msg or "_exercises/" in msg or "events.jsonl" in msg
                                       or "_data/" in msg), msg
        if "Nothing was written" in msg:
            assert after == before, msg
    elif fired:
        assert warnings, "a fault was swallowed without a word"


def _fault_rounds(tmp_path, seed_world, monkeypatch, action, name: str) -> dict[str, int]:
    """Run `action(tutor, tag)` once to count calls, then once per k with the k-th call failing."""
    seen = {"runs": 0, "errors": 0, "survived": 0}
    for module, fn in FAULTS:
        k = 0
        while True:
            root = tmp_path / f"{name}-{fn}-{k}"
            t = make_tutor(root, seed_world)
            action(t, "setup")
            before = _snapshot(root)
            with monkeypatch.context() as m:
                f = Fault(m, module, fn, k)
                err, warnings = None, []
                try:
                    warnings = action(t, f"fault-{k}")
                except JournalError as e:
                    err = e
            _check_after_fault(root, before, err, warnings, f.fired)
            seen["runs"] += 1
            seen["errors" if err else "survived"] += 1
            action(make_tutor(root, seed_world), f"retry-{k}")  # a retry with new text succeeds
            assert not list(root.rglob("*.tmp"))
            if k and not f.fired:
                break
            k += 1
    return seen


def _publish(t: Tutor, tag: str) -> list[str]:
    r = t.publish_post(t.plan_lesson("attention", 1, "2025-11-03").lesson_id, text(t, tag))
    last = [e for e in t.journal.events()[0] if isinstance(e, LessonPublished)][-1]
    for rel, digest in last.files.items():  # the reply's files are the logged ones, complete
        assert sha256((t.journal.root / rel).read_bytes()) == digest
    assert intro(tag) in Path(r.post).read_text(encoding="utf-8")
    return r.warnings


def _check(t: Tutor, tag: str) -> list[str]:
    lid = "2025-11-03-attention-mechanism-d1"
    if t.journal.events()[0] == [] or not any(e.type == "lesson_published" for e in t.journal.events()[0]):
        _publish(t, "base")
    les = t.ws.load().st.lesson(lid)
    assert les is not None
    logged = t.journal.append(ExerciseRun(at=t.ws.now(t.ws.load().profile), lesson=lid, solution_sha256="0" * 64,
                                 passed=1, total=1, tests=[events.TestVerdict(label="visible", test="test_add",
                                                                       verdict="passed")]))
    met = hashlib.sha256(tag.encode()).digest()
    marks = [[CriterionMark(met=bool(met[i + j] & 1), reason=tag) for j in range(len(c))]
             for i, (_, c) in enumerate(les.questions)]
    r = t.record_check(lid, marks)
    assert r.recorded and tag in (t.journal.root / r.feedback_file).read_text(encoding="utf-8")
    return logged + r.warnings


def test_an_io_error_at_any_step_of_publish_leaves_the_journal_whole_and_says_so(tmp_path, seed_world, monkeypatch):
    seen = _fault_rounds(tmp_path, seed_world, monkeypatch, _publish, "publish")
    print(f"\npublish faults: {seen}")
    assert seen["errors"] > 0


def test_an_io_error_at_any_step_of_record_check_leaves_the_journal_whole(tmp_path, seed_world, monkeypatch):
    seen = _fault_rounds(tmp_path, seed_world, monkeypatch, _check, "check")
    print(f"\nrecord_check faults: {seen}")
    assert seen["errors"] > 0


def test_a_full_disk_says_so_in_words(tmp_path, seed_world, monkeypatch):
    t = make_tutor(tmp_path / "j", seed_world)
    _publish(t, "one")
    with monkeypatch.context() as m:
        Fault(m, tempfile, "mkstemp", 1)
        with pytest.raises(JournalError, match=r"_posts/.*the disk is full.*left as it was.*Free some disk space"):
            _publish(t, "two")
    _publish(t, "three")


# ---------------------------------------------------------------- two windows


def test_two_windows_publishing_one_lesson_never_replace_each_other_unseen(tmp_path, seed_world):
    root = tmp_path / "j"
    a, b = make_tutor(root, seed_world), make_tutor(root, seed_world)
    lid = a.plan_lesson("attention", 1, "2025-11-03").lesson_id
    unseen = refused = warned = 0
    for n in range(RACE_ROUNDS):
        gate = threading.Barrier(2)
        out: dict[str, object] = {}

        def go(t: Tutor, name: str, n: int = n, gate: threading.Barrier = gate, out: dict = out) -> None:
            gate.wait()
            try:
                out[name] = t.publish_post(lid, text(t, f"{name}-{n}"))
            except Exception as e:  # noqa: BLE001 - every failure is counted below
                out[name] = e

        threads = [threading.Thread(target=go, args=(t, name)) for t, name in ((a, "a"), (b, "b"))]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        refused += sum(isinstance(x, EditedByLearner) for x in out.values())
        assert not [x for x in out.values() if isinstance(x, Exception) and not isinstance(x, EditedByLearner)], out
        post = (root / _lessons(root)[-1].post).read_text(encoding="utf-8")
        assert sha256(post.encode()) == _lessons(root)[-1].files[_lessons(root)[-1].post]  # file == log
        winner = "a" if intro(f"a-{n}") in post else "b"
        res = out[winner]
        # the later window replaced the earlier one's acknowledged post: it must have said so
        unseen += not getattr(res, "updated", False)
        warned += any("another window" in w for w in getattr(res, "warnings", []))
    follow = a.publish_post(lid, text(a, "after"))
    print(f"\nrounds={RACE_ROUNDS} unseen_replacements={unseen} false_refusals={refused} "
          f"told_another_window={warned}")
    assert follow.updated and (unseen, refused) == (0, 0)


# ---------------------------------------------------------------- a real full disk


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB tmpfs, mounted for the test (needs root and mount), unmounted after."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root: run the suite as root (CI does)")
    tool = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if tool.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {tool.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    """Fill `disk` with a ballast file, then give back `leave` bytes."""
    ballast = disk / "ballast"
    fd = os.open(ballast, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        block = b"\0" * 65536
        while True:
            try:
                os.write(fd, block)
            except OSError as e:
                if e.errno != errno.ENOSPC:
                    raise
                break
        size = os.fstat(fd).st_size
        os.ftruncate(fd, max(0, size - leave))
    finally:
        os.close(fd)
    return ballast


def test_a_real_full_disk_is_said_in_words_loses_nothing_and_a_retry_works(small_disk, seed_world):
    """A journal on a real filesystem that fills up, with 0 to 64 KiB left: every publish and check
    either completes or says in words what was left as it was; after freeing space a retry succeeds."""
    outcomes = {"refused": 0, "done": 0}
    for i, leave in enumerate([0, 1024, 4096, 8192, 16384, 32768, 65536]):
        root = small_disk / f"journal-{i}"
        t = make_tutor(root, seed_world)
        _publish(t, "before")
        before = _snapshot(root)
        ballast = _fill(small_disk, leave)
        for action in (_publish, _check):
            err, warnings = None, []
            try:
                warnings = action(t, f"full-{i}-{action.__name__}")
            except JournalError as e:
                err = e
                assert "disk is full" in str(e) and "Free some disk space" in str(e), str(e)
            outcomes["refused" if err else "done"] += 1
            _check_after_fault(root, before, err, warnings, fired=False)
            before = _snapshot(root)
        ballast.unlink()
        t = make_tutor(root, seed_world)  # a later call, space freed: works, nothing lost
        _publish(t, f"after-{i}")
        _check(t, f"after-{i}")
        assert len(_lessons(root)) >= 1 and not list(root.rglob("*.tmp"))
    print(f"\nreal full disk: {outcomes}")
    assert outcomes["refused"] > 0, "the disk never filled up, so nothing was tested"


def test_an_opening_whose_fsync_fails_twice_is_recorded_and_says_so(tmp_path, seed_world, monkeypatch):
    t = make_tutor(tmp_path / "j", seed_world)
    _publish(t, "one")
    with monkeypatch.context() as m:
        real = os.fsync
        calls = {"n": 0}

        def failing(fd):
            calls["n"] += 1
            if calls["n"] <= 2:  # the log's fsync and its one retry
                raise OSError(errno.EIO, "Input/output error")
            return real(fd)

        m.setattr(os, "fsync", failing)
        r = t.open_resource("1")
    assert r.warnings and "the event was recorded" in r.warnings[0] and "power loss" in r.warnings[0]
    assert [e.type for e in t.journal.events()[0]][-1] == "resource_opened"


# ---------------------------------------------------------------- two real servers over stdio

STDIO_ROUNDS = 30


def test_two_real_stdio_servers_publishing_one_lesson_never_replace_each_other_unseen(tmp_path):
    """Two `tutor` servers, as two Claude Code windows start them, on one journal: the same lesson
    published by both at once, 30 times. The file on disk is always the one the log records, and
    the window whose version stands was told when it replaced the other's."""
    import anyio
    from mcp import Client, StdioServerParameters

    root = tmp_path / "journal"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")} | {"TUTOR_JOURNAL": str(root)}
    params = StdioServerParameters(command=sys.executable, args=["-m", "mcp_server.server"], env=env,
                                   cwd=str(HERE.parent))
    tally = {"unseen": 0, "errors": 0}

    def slots(tag: str) -> dict:
        return make_slots(intro=intro(tag), exercise=None).model_dump(exclude_none=True)

    async def go():
        async with Client(params, read_timeout_seconds=120) as a, Client(params, read_timeout_seconds=120) as b:
            brief = await a.call_tool("plan_lesson", {"concept": "multi-head-attention", "depth": 2,
                                                      "date": "2025-11-10"})
            lid = brief.structured_content["lesson_id"]
            for n in range(STDIO_ROUNDS):
                out: dict[str, object] = {}

                async def publish(c: Client, name: str, n: int = n, out: dict = out) -> None:
                    out[name] = await c.call_tool("publish_post", {"lesson_id": lid, "slots": slots(f"{name}-{n}")})

                async with anyio.create_task_group() as tg:
                    tg.start_soon(publish, a, "a")
                    tg.start_soon(publish, b, "b")
                tally["errors"] += sum(bool(r.is_error) for r in out.values())
                last = _lessons(root)[-1]
                post = (root / last.post).read_text(encoding="utf-8")
                assert sha256(post.encode()) == last.files[last.post]  # the file is the logged version
                winner = "a" if intro(f"a-{n}") in post else "b"
                res = out[winner].structured_content
                # it replaced the other window's acknowledged version (or that one had not landed yet)
                tally["unseen"] += not (res["updated"] and any("another window" in w for w in res["warnings"]))
            return await a.call_tool("publish_post", {"lesson_id": lid, "slots": slots("after")})

    follow = anyio.run(go)
    print(f"\nstdio rounds={STDIO_ROUNDS} {tally}")
    assert not follow.is_error and follow.structured_content["updated"]
    assert (tally["unseen"], tally["errors"]) == (0, 0)
