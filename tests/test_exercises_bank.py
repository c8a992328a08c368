"""The exercise bank: every exercise validates, its reference passes, its mistakes are caught.

Each variant of an exercise (the reference, the starter, every wrong_*.py) is graded the way
/check grades a learner's file: through the sandbox (`mcp_server.sandbox.run_tests`), with the
tests in the checker process and the variant in the solution's process. The runs the selected
tests need are queued when the module starts, two at a time, and each is read from its cached
result. They run in the learner's interpreter with PyTorch (tests/_tools.py); how long each
run takes is measured by benchmarks/bench_exercises.py, not asserted here.
"""

from __future__ import annotations

import ast
import functools
import re
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import _tools
import pytest
import yaml

from mcp_server.domain.models import Exercise
from mcp_server.sandbox import run_tests
from mcp_server.storage.knowledge import curated

EXERCISES = Path(__file__).resolve().parents[1] / "knowledge" / "exercises"

# concept -> depth of its exercise in the bank
REQUIRED = {
    "multi-head-attention": 2,
    "scaled-dot-product-attention": 1,
    "causal-masking": 2,
    "positional-encoding": 2,
    "rotary-position-embedding": 2,
    "layer-normalization": 2,
    "grouped-query-attention": 2,
    "kv-cache": 2,
    "flash-attention": 3,
    "lora": 2,
    "mixture-of-experts": 2,
    "dpo": 2,
}

VISIBLE, HIDDEN = "test_visible", "test_hidden"
MAX_VISIBLE_LINES = 40
WORKERS = 2  # runs at a time: each is one single-threaded interpreter

def _folders() -> list[Path]:
    return sorted(p for p in EXERCISES.iterdir() if (p / "exercise.yaml").is_file())


def _load(folder: Path) -> Exercise:
    return Exercise.model_validate(yaml.safe_load((folder / "exercise.yaml").read_text(encoding="utf-8")))


def _wrong_names(folder: Path) -> list[str]:
    try:
        return _load(folder).wrong_solutions
    except Exception:  # reported by test_exercise_yaml_validates_and_names_existing_files
        return []


FOLDERS = _folders()
IDS = [f.name for f in FOLDERS]
WRONG = [(f.name, w) for f in FOLDERS for w in _wrong_names(f)]


IMPORT_FAILED = ("could not import the tests", "your exercise.py could not be imported")


def _run(folder: Path, exercise: Exercise, variant: str, python: str) -> dict:
    """Grade `variant` in the sandbox against both test files; one record per test.

    A module whose import failed (the variant does not import, or a test file is broken)
    gives one "<import>" record instead of one per test.
    """
    result = run_tests(
        folder / variant,
        {"visible": folder / exercise.visible_tests, "hidden": folder / exercise.hidden_tests},
        python=python,
        timeout_s=exercise.timeout_s,
    )
    records: list[dict] = []
    for case in result.tests:
        module = VISIBLE if case.label == "visible" else HIDDEN
        record = {"module": module, "test": case.test, "ok": case.verdict == "passed",
                  "verdict": case.verdict, "error": None if case.verdict == "passed" else case.message}
        if any(why in case.message for why in IMPORT_FAILED):
            if any(r["module"] == module and r["test"] == "<import>" for r in records):
                continue
            record["test"] = "<import>"
        records.append(record)
    return {"records": records, "ended": result.ended}


def _variants(exercise: Exercise) -> list[str]:
    return [exercise.solution, exercise.starter, *exercise.wrong_solutions]


# (exercise id, variant) -> its queued run; filled by _queue_runs for the selected tests
_QUEUED: dict[tuple[str, str], Future] = {}


@functools.cache
def _result(exercise_id: str, variant: str) -> dict:
    future = _QUEUED.get((exercise_id, variant))
    if future is not None:
        return future.result()
    folder = EXERCISES / exercise_id  # not queued (called outside this module's tests): run now
    python = _tools.learner_python().python
    assert python, _tools.learner_python().problem  # the tests that get here are marked torch
    return _run(folder, _load(folder), variant, python)


@pytest.fixture(scope="module", autouse=True)
def _queue_runs(request):
    """Start every run the selected tests need, in the order they need them, WORKERS at a time."""
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    python: str | None = None
    try:
        for item in request.session.items:
            callspec = getattr(item, "callspec", None)
            if item.path != Path(__file__) or callspec is None or "exercise_id" not in callspec.params:
                continue
            exercise_id = callspec.params["exercise_id"]
            try:
                exercise = _load(EXERCISES / exercise_id)
            except Exception:
                continue  # reported by test_exercise_yaml_validates_and_names_existing_files
            needs = {
                "test_reference_passes_every_visible_and_hidden_test": [exercise.solution],
                "test_starter_imports_and_fails_the_tests": [exercise.starter],
                "test_wrong_solution_fails_a_hidden_test": [callspec.params.get("wrong")],
                "test_every_variant_reports_each_of_its_tests": _variants(exercise),
            }.get(item.originalname, [])
            if needs and python is None:
                python = _tools.learner_python().python  # made here on the first run on a machine
                if python is None:
                    break  # the tests that need runs skip, saying why
            for variant in needs:
                if (exercise_id, variant) not in _QUEUED:
                    _QUEUED[exercise_id, variant] = pool.submit(
                        _run, EXERCISES / exercise_id, exercise, variant, python
                    )
        yield
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _QUEUED.clear()


def _failures(run: dict, module: str | None = None) -> list[str]:
    return [
        f"{r['module']}.{r['test']}: {r['error']}"
        for r in run["records"]
        if not r["ok"] and (module is None or r["module"] == module)
    ]


# ---------------------------------------------------------------- the bank as a whole


def test_bank_covers_every_required_concept_at_its_depth():
    assert len(FOLDERS) >= 12, f"only {len(FOLDERS)} exercises"
    by_concept = {}
    for folder in FOLDERS:
        ex = _load(folder)
        by_concept.setdefault(ex.concept, set()).add(ex.depth)
    for concept, depth in REQUIRED.items():
        assert depth in by_concept.get(concept, set()), f"no depth-{depth} exercise for {concept}"


def _default_track_concepts() -> set[str]:
    graph = curated()
    track = graph.default_track()
    assert track is not None
    return {c for step in track.milestones for c in (*graph.closure(step.concept), step.concept)}


def test_every_default_track_concept_has_an_exercise_at_depths_1_and_2():
    """A learner meets curated exercises from the first day: the whole default path, depths 1 and 2."""
    have = {(ex.concept, ex.depth) for ex in map(_load, FOLDERS)}
    missing = sorted(f"{c}-d{d}" for c in _default_track_concepts() for d in (1, 2) if (c, d) not in have)
    assert not missing, f"{len(missing)} default-track exercises missing: {', '.join(missing)}"
    assert len(FOLDERS) >= 40, f"only {len(FOLDERS)} exercises"


# depth 1 predicts or computes by hand, depth 2 implements and compares with the library,
# depth 3 measures a property, depth 4 is a critique graded by rubric
KINDS_BY_DEPTH = {1: {"predict", "compute", "implement"}, 2: {"implement", "compute"},
                  3: {"experiment", "implement"}, 4: {"critique", "experiment"}}


@pytest.mark.parametrize("exercise_id", IDS)
def test_kind_fits_the_depth(exercise_id):
    ex = _load(EXERCISES / exercise_id)
    assert ex.kind in KINDS_BY_DEPTH[ex.depth], f"a depth-{ex.depth} exercise of kind {ex.kind!r}"


LEARNER_FILES = {"exercise.py", "test_exercise.py", "answers.md"}


@pytest.mark.parametrize("exercise_id", IDS)
def test_instructions_name_only_files_the_learner_gets(exercise_id):
    """The learner's folder holds exercise.py, test_exercise.py and answers.md, nothing else."""
    ex = _load(EXERCISES / exercise_id)
    for lang in ("en", "ko"):
        text = getattr(ex.instructions, lang)
        named = set(re.findall(r"[\w./-]+\.(?:py|md|txt|json|yaml)\b", text))
        assert named <= LEARNER_FILES, f"{lang} instructions name {sorted(named - LEARNER_FILES)}"


def test_readme_counts_equal_the_bank():
    """knowledge/README.md's table of exercises by depth and kind is the bank's, not a memory of it."""
    counts = Counter((ex.depth, ex.kind) for ex in map(_load, FOLDERS))
    readme = (EXERCISES.parent / "README.md").read_text(encoding="utf-8")
    rows = {(int(d), k): int(n) for d, k, n in re.findall(r"^\| (\d) \| (\w+) \| (\d+) \|$", readme, re.M)}
    assert rows == dict(counts), f"README says {rows}, the bank has {dict(counts)}"
    total = re.search(r"^\| all \| \| (\d+) \|$", readme, re.M)
    assert total and int(total.group(1)) == len(FOLDERS), "README's total differs from the bank"


# ---------------------------------------------------------------- each exercise's files


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_yaml_validates_and_names_existing_files(exercise_id):
    folder = EXERCISES / exercise_id
    ex = _load(folder)
    assert ex.id == folder.name, f"id {ex.id!r} differs from its folder {folder.name!r}"
    assert ex.id == f"{ex.concept}-d{ex.depth}"
    assert set(ex.requires) <= {"torch"}, f"requires {ex.requires}: the learner's interpreter has only torch"
    assert 3 <= len(ex.questions) <= 4, f"{len(ex.questions)} questions; write 3 or 4"
    for q in ex.questions:
        assert 2 <= len(q.criteria) <= 4, f"question {q.prompt.en[:40]!r} has {len(q.criteria)} criteria"
    named = [ex.starter, ex.solution, ex.visible_tests, ex.hidden_tests, *ex.wrong_solutions]
    for name in named:
        assert (folder / name).is_file(), f"{exercise_id}: {name} is named but missing"
    assert len(ex.wrong_solutions) >= 2, "list at least two plausible wrong solutions"
    on_disk = sorted(p.name for p in folder.glob("wrong_*.py"))
    assert sorted(ex.wrong_solutions) == on_disk, f"wrong_solutions {ex.wrong_solutions} != files {on_disk}"


@pytest.mark.parametrize("exercise_id", IDS)
def test_test_files_are_plain_seeded_functions(exercise_id):
    folder = EXERCISES / exercise_id
    ex = _load(folder)
    visible = (folder / ex.visible_tests).read_text(encoding="utf-8")
    assert len(visible.splitlines()) <= MAX_VISIBLE_LINES, (
        f"visible tests longer than {MAX_VISIBLE_LINES} lines"
    )
    for name in (ex.visible_tests, ex.hidden_tests):
        source = (folder / name).read_text(encoding="utf-8")
        tree = ast.parse(source)
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            node.module.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "pytest" not in imported, f"{name} imports pytest"
        assert "solution" not in imported, f"{name} depends on the reference solution"
        assert "exercise" in imported, f"{name} does not import the file under test"
        tests = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
        assert tests, f"{name} has no test_* functions"
        for fn in tests:
            assert not fn.args.args, f"{name}:{fn.name} takes arguments; fixtures are not available"
        if "torch" in imported:
            assert "torch.manual_seed" in source, f"{name} never seeds torch"


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_python_file_parses(exercise_id):
    for path in (EXERCISES / exercise_id).glob("*.py"):
        ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# ---------------------------------------------------------------- running the variants


@pytest.mark.torch
@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_passes_every_visible_and_hidden_test(exercise_id):
    ex = _load(EXERCISES / exercise_id)
    run = _result(exercise_id, ex.solution)
    assert not _failures(run), "\n".join(_failures(run))
    modules = {r["module"] for r in run["records"]}
    assert modules == {VISIBLE, HIDDEN}, f"tests ran only from {modules}"


@pytest.mark.torch
@pytest.mark.parametrize("exercise_id", IDS)
def test_starter_imports_and_fails_the_tests(exercise_id):
    ex = _load(EXERCISES / exercise_id)
    run = _result(exercise_id, ex.starter)
    crashed = [r for r in run["records"] if r["test"] == "<import>"]
    assert not crashed, f"the starter does not import: {crashed[0]['error']}"
    assert _failures(run, VISIBLE), "the starter passes every visible test"
    assert _failures(run, HIDDEN), "the starter passes every hidden test"


@pytest.mark.torch
@pytest.mark.parametrize(("exercise_id", "wrong"), WRONG)
def test_wrong_solution_fails_a_hidden_test(exercise_id, wrong):
    run = _result(exercise_id, wrong)
    crashed = [r for r in run["records"] if r["test"] == "<import>"]
    assert not crashed, f"{wrong} does not import, so it proves nothing: {crashed[0]['error']}"
    caught = [r for r in run["records"] if r["module"] == HIDDEN and r["verdict"] == "failed"]
    assert caught, f"{wrong} fails no hidden test by an assertion: {_failures(run, HIDDEN) or 'it passes them all'}"


def _test_names(source: str) -> list[str]:
    return [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]


@pytest.mark.torch
@pytest.mark.parametrize("exercise_id", IDS)
def test_every_variant_reports_each_of_its_tests(exercise_id):
    """Each run ends (none hits its timeout) with one verdict per test of each file, or an import error."""
    folder = EXERCISES / exercise_id
    ex = _load(folder)
    expected = {
        VISIBLE: _test_names((folder / ex.visible_tests).read_text(encoding="utf-8")),
        HIDDEN: _test_names((folder / ex.hidden_tests).read_text(encoding="utf-8")),
    }
    for variant in _variants(ex):
        run = _result(exercise_id, variant)
        assert run["ended"] == "completed", f"{variant}: the run ended by {run['ended']}"
        records = run["records"]
        for module, names in expected.items():
            got = [r["test"] for r in records if r["module"] == module]
            assert got in (names, ["<import>"]), f"{variant}: {module} reported {got}, expected {names}"
