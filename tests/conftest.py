"""Shared fixtures. No test may touch a real learner's files: the journal and the plugin
data folder always point into a temporary directory. What the tests need from outside the
project (PyTorch, Jekyll, the Claude Code CLI) is found by _tools.py."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import _tools
import pytest

from mcp_server.domain.models import Slots
from mcp_server.facade import Tutor
from mcp_server.storage.journal import Journal
from mcp_server.storage.knowledge import load_knowledge

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With AI_TUTOR_REQUIRE_ALL=1 a skipped test is a failed one, its skip reason the message."""
    report = yield
    if report.skipped and not hasattr(report, "wasxfail") and _tools.require_all():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"{_tools.REQUIRE_ALL}=1 allows no skip, and this test skipped: {reason}"
    return report


@pytest.fixture
def open_folder(monkeypatch):
    """A folder anyone may enter, as a learner's folders are (pytest's own tmp folders are
    root's 0700 when tests run as root, and the sandbox runs as nobody).

    Meanwhile the sandbox keeps its runs in a temporary folder of their own: a run hides the
    folder its own sits in, and a learner's folders are not in it either, so what keeps the
    solution from this folder is what the test is about (permissions, masks).
    """
    folder = Path(tempfile.mkdtemp(prefix="ai-tutor-open-"))
    folder.chmod(0o755)
    runs = Path(tempfile.mkdtemp(prefix="ai-tutor-runs-"))
    runs.chmod(0o755)
    monkeypatch.setattr(tempfile, "tempdir", str(runs))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(runs, ignore_errors=True)


@pytest.fixture(scope="session")
def learner_python() -> str:
    """The learner's interpreter: a venv with PyTorch (CPU) and numpy, made once per machine."""
    made = _tools.learner_python()
    if made.python is None:
        pytest.skip(made.problem)
    return made.python


@pytest.fixture(autouse=True)
def _isolated(request, tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_JOURNAL", str(tmp_path / "journal"))
    monkeypatch.setenv("CLAUDE_PLUGIN_DATA", str(tmp_path / "plugin-data"))
    monkeypatch.setenv("TUTOR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("CLAUDE_PROJECT_DIR", raising=False)
    # Exercises run in the sandbox with TUTOR_PYTHON: for tests marked `torch` the learner's
    # interpreter with PyTorch, for the rest this one (the project's, without PyTorch).
    torch = request.node.get_closest_marker("torch") is not None
    monkeypatch.setenv("TUTOR_PYTHON", request.getfixturevalue("learner_python") if torch else sys.executable)


@pytest.fixture(scope="session")
def seed_world(tmp_path_factory) -> Path:
    """The reference post's world: the pinned first slice plus the real locales and milestones."""
    d = tmp_path_factory.mktemp("seed-world")
    shutil.copytree(FIXTURES / "seed-world", d, dirs_exist_ok=True)
    shutil.copytree(REPO / "knowledge" / "locales", d / "locales")
    shutil.copy(REPO / "knowledge" / "milestones.yaml", d / "milestones.yaml")
    return d


@pytest.fixture
def journal(tmp_path) -> Journal:
    return Journal(tmp_path / "journal")


@pytest.fixture
def tutor(seed_world, journal) -> Tutor:
    return Tutor(journal, curated=load_knowledge(seed_world))


STARTER = "def add(a, b):\n    # TODO: return the sum\n    raise NotImplementedError\n"
TESTS = "from exercise import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"
HIDDEN_TESTS = ("from exercise import add\n\n\ndef test_add_a_negative():\n    assert add(-2, 3) == 1\n\n\n"
                "def test_add_fractions():\n    assert add(0.5, 0.25) == 0.75\n")
WRONG_SOLUTIONS = ["def add(a, b):\n    return a - b\n", "def add(a, b):\n    return abs(a) + abs(b)\n"]


def make_slots(**over) -> Slots:
    """Fixed writer text: what a post-writer would return, in Korean."""
    base = dict(
        intro="지난주의 Attention 위에 오늘은 여러 헤드를 병렬로 쌓습니다.",
        why_now="오늘날 대형 언어 모델은 모두 multi-head attention을 씁니다.",
        core_why="하나의 헤드는 한 가지 관점만 봅니다.",
        core_how=(
            "```text\nhead_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)\n```\n\n"
            "```python\nimport torch\n\nx = torch.randn(2, 4, 8)\nprint(x.shape)\n\n"
            "template = \"{{ not liquid }} {% raw %}\"\n```"
        ),
        core_when="긴 문맥에서 여러 관계를 함께 잡아야 할 때 씁니다.",
        core_who="Vaswani 등이 2017년 Transformer 논문에서 제안했습니다.",
        core_where="GQA와 FlashAttention 같은 변형으로 발전하고 있습니다.",
        questions=[
            {"prompt": "헤드를 나누는 이유는?", "criteria": ["부분공간을 언급한다", "병렬성을 언급한다"]},
            {"prompt": "W^O의 역할은?", "criteria": ["헤드 결합 후 projection임을 말한다"]},
        ],
        exercise={"instructions": "add를 완성하세요.", "starter": STARTER, "tests": TESTS,
                  "hidden_tests": HIDDEN_TESTS, "wrong_solutions": WRONG_SOLUTIONS,
                  "solution": "def add(a, b):\n    return a + b\n"},
    )
    base.update(over)
    return Slots.model_validate(base)


@pytest.fixture
def slots() -> Slots:
    return make_slots()


class OutcomeRunner:
    """A sandbox stand-in for planning tests and the curriculum benchmark: a reference
    solution passes, a starter fails, and the learner's exercise.py does what `passes` says.
    (The real sandbox has its own tests; this one only decides outcomes.)"""

    def __init__(self, passes: bool = True) -> None:
        self.passes = passes

    def check_interpreter(self, python: str, requires: list[str]) -> None:
        return None

    def run_tests(self, solution: Path, test_files: dict[str, Path], **_: object):
        from mcp_server.sandbox import CaseResult, SandboxResult
        from mcp_server.sandbox.results import Guard, Isolation

        ok = {"solution.py": True, "starter.py": False}.get(solution.name, self.passes)
        if solution.name.startswith("wrong_"):  # a written exercise's named mistakes fail
            ok = False
        verdict = "passed" if ok else "failed"
        tests = [CaseResult(label=label, test=f"test_{label}", verdict=verdict) for label in test_files]
        guard = Guard(enforced=False, detail="outcome decided by the test")
        return SandboxResult(tests=tests, counts={verdict: len(tests)},
                             isolated=Isolation(**dict.fromkeys(Isolation.model_fields, guard)), python="none",
                             python_version="-", ended="completed", wall_s=0.0, peak_memory_mb=0.0, output_tail="")
