"""What every use case works with: one journal, its graph, and the collaborators that reach
outside the process (clock, browser opener, link checker, sandbox runner), passed in so
tests and benchmarks give their own instead of patching private attributes.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from ..domain.events import Event, MemoryEvent
from ..domain.graph import Graph
from ..domain.learner import LearnerState, fold
from ..domain.models import LearnerProfile
from ..errors import InvalidRequest, ProfileError
from ..storage.journal import Journal
from ..storage.knowledge import curated, load_knowledge
from ..storage.yamlio import YamlProblem, load

MEMORY_MB = 3072  # resident memory for one exercise run (import torch needs about 1 GiB)

if TYPE_CHECKING:
    from ..domain.memory import CardState
    from ..links.browser import OpenResult
    from ..links.checker import LinkVerdict
    from ..sandbox import SandboxResult
    from ..sandbox.discover import FoundPython


class Runner(Protocol):
    """Runs a solution against test files in the sandbox (see `sandbox.run_tests`)."""

    def check_interpreter(self, python: str, requires: list[str]) -> None: ...

    def run_tests(self, solution: Path, test_files: Mapping[str, Path | bytes], *, python: str, timeout_s: float,
                  memory_mb: int, forbidden_paths: Sequence[Path] = ()) -> SandboxResult: ...


class SandboxRunner:
    """The real sandbox, imported on first use so a server start does not pay for it."""

    def check_interpreter(self, python: str, requires: list[str]) -> None:
        from ..sandbox import check_interpreter

        check_interpreter(python, requires)

    def run_tests(self, solution: Path, test_files: Mapping[str, Path | bytes], *, python: str, timeout_s: float,
                  memory_mb: int, forbidden_paths: Sequence[Path] = ()) -> SandboxResult:
        from ..sandbox import run_tests

        return run_tests(solution, test_files, python=python, timeout_s=timeout_s, memory_mb=memory_mb,
                         forbidden_paths=list(forbidden_paths))


def _open_url(url: str) -> OpenResult:
    from ..links.browser import open_url

    return open_url(url)


def _check_links(urls: list[str]) -> list[LinkVerdict]:
    from ..links.checker import check_links_sync  # httpx is imported only when links are checked

    return check_links_sync(urls)


def _find_pythons() -> list[FoundPython]:
    from ..sandbox.discover import find_pythons

    return find_pythons(project=Path(os.environ.get("CLAUDE_PROJECT_DIR") or os.getcwd()))


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Deps:
    clock: Callable[[], dt.datetime] = _utc_now
    opener: Callable[[str], OpenResult] = _open_url
    link_checker: Callable[[list[str]], list[LinkVerdict]] = _check_links
    runner: Runner = field(default_factory=SandboxRunner)
    pythons: Callable[[], list[FoundPython]] = _find_pythons  # interpreters on this machine, for setup


@dataclass
class Snapshot:
    """Everything a use case reads, the log read once."""

    g: Graph
    profile: LearnerProfile
    events: list[Event]
    st: LearnerState
    warnings: list[str]

    def at(self, until: dt.date | dt.datetime | None) -> LearnerState:
        """The learner state as it was `until` then (see learner.fold)."""
        return fold(self.events, until, self.st.known) if until is not None else self.st


class Workspace:
    def __init__(self, journal: Journal, deps: Deps | None = None, knowledge_dir: Path | None = None,
                 curated_graph: Graph | None = None):
        self.journal = journal
        self.deps = deps or Deps()
        self._knowledge_dir = knowledge_dir
        self._curated = curated_graph
        self._merged: tuple[tuple[int, int], Graph] | None = None
        self.verified_exercises: set[str] = set()  # hashes of written exercises that passed the sandbox
        self.notices: list[str] = []  # said with every answer of this process, e.g. a journal adopted
        # this server (one Claude Code window or session), so a publish can tell when it replaces
        # a version another one wrote
        self.window = uuid.uuid4().hex[:12]
        # the fold and the memory cards are pure functions of the log: keep the last of each
        self._fold: tuple[tuple[int, int, tuple[tuple[str, int], ...]], LearnerState] | None = None
        self._cards: tuple[tuple[int, dt.datetime | None], dict[tuple[str, int], CardState]] | None = None

    def curated(self) -> Graph:
        if self._curated is None:
            self._curated = curated(self._knowledge_dir) if self._knowledge_dir else curated()
        return self._curated

    def graph(self) -> Graph:
        """The curated graph, with this journal's own concepts merged when it has any."""
        p = self.journal.additions_path
        try:
            st = p.stat()
        except FileNotFoundError:
            return self.curated()
        key = (st.st_mtime_ns, st.st_size)
        if self._merged and self._merged[0] == key:
            return self._merged[1]
        kd = self._knowledge_dir
        g = load_knowledge(kd, p) if kd else load_knowledge(additions=p)
        self._merged = (key, g)
        return g

    def interpreter(self) -> str:
        """The learner's Python for exercises: learner.yaml `python:`, else TUTOR_PYTHON, else python3."""
        configured = self.journal.profile().python or os.environ.get("TUTOR_PYTHON")
        return configured or shutil.which("python3") or sys.executable

    def now(self, profile: LearnerProfile) -> dt.datetime:
        return self.deps.clock().astimezone(ZoneInfo(profile.timezone))

    def load(self) -> Snapshot:
        profile = self.journal.profile()
        g = self.graph()
        self.check_profile_concepts(g, profile)
        moved = self.journal.migrate()  # a journal from before _exercises/: once, then a no-op
        events, warnings = self.journal.events()
        warnings = moved + warnings
        known = {k.concept: k.depth for k in profile.known}
        key = (id(events), len(events), tuple(sorted(known.items())))
        if self._fold is None or self._fold[0] != key:
            self._fold = (key, fold(events, known=known))
        return Snapshot(g=g, profile=profile, events=events, st=self._fold[1], warnings=self.notices + warnings)

    def cards(self, log: list[MemoryEvent]) -> dict[tuple[str, int], CardState]:
        """Memory cards replayed from `log` (a prefix of the checks and reviews), the last kept."""
        key = (len(log), log[-1].at if log else None)
        if self._cards is None or self._cards[0] != key:
            from ..domain.memory import cards  # fsrs is imported only when cards are needed

            self._cards = (key, cards(log))
        return self._cards[1]

    def check_profile_concepts(self, g: Graph, profile: LearnerProfile) -> None:
        bad: list[str] = []
        named = [("goals", i, x.concept, x.depth) for i, x in enumerate(profile.goals)]
        named += [("known", i, x.concept, x.depth) for i, x in enumerate(profile.known)]
        for key, i, cid, depth in named:
            con = g.concepts.get(cid)
            if con is None:
                bad.append(f"{key}[{i}].concept: unknown concept {cid!r}")
            elif depth not in con.objectives:
                bad.append(f"{key}[{i}].depth: {cid} has no depth {depth}")
        if profile.track and profile.track not in g.tracks:
            bad.append(f"track: unknown track {profile.track!r} (one of {', '.join(sorted(g.tracks)) or 'none'})")
        if bad:
            where = self.journal.profile_path
            raise ProfileError(f"{where}: " + "; ".join(bad) + ". Use ids from find_concepts; "
                               "nothing is written to the journal until it validates.")

    def today(self, profile: LearnerProfile, date: str | dt.date | None) -> dt.date:
        if date is None:
            return self.now(profile).date()
        if isinstance(date, dt.date):
            return date
        try:
            return dt.date.fromisoformat(date)
        except ValueError as e:
            raise InvalidRequest(f"date {date!r} is not YYYY-MM-DD; omit it to use today") from e

    def site(self) -> tuple[str | None, str | None]:
        """`permalink` and `baseurl` of the blog's _config.yml, when there is one."""
        cfg = self.journal.layout.site_config
        if not cfg.is_file():
            return None, None
        try:
            data, _ = load(cfg)
        except YamlProblem:
            return None, None
        if not isinstance(data, dict):
            return None, None
        return data.get("permalink"), data.get("baseurl")
