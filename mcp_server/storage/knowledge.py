"""Load the curated `knowledge/` folder (and a learner's own concepts) into a validated Graph."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..domain.graph import Graph
from ..domain.models import Category, Concept, Exercise, ExerciseFiles, Milestone, Paper, Resource, Track
from ..errors import KnowledgeError
from .yamlio import YamlProblem, describe, line_of, load, validate_list, validate_one

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"


class LearnerAdditions(BaseModel):
    """`_data/tutor/concepts.yaml`: the learner's own concepts and resources."""

    model_config = ConfigDict(extra="forbid")
    concepts: list[Concept] = []
    resources: list[Resource] = []


def learner_problems(path: Path, node: Any, extra: LearnerAdditions, curated: list[Concept],
                     categories: set[str]) -> list[str]:
    """What is wrong with the learner's own concepts, each as `file:line: field: problem`:
    an id that is curated or given twice, an unknown category or prerequisite, a concept
    that is its own prerequisite, prerequisites that form a cycle. Found here, with the
    learner's file and line, rather than later as a problem of the whole graph."""
    out: list[str] = []

    def at(loc: tuple[Any, ...], msg: str) -> None:
        line = line_of(node, loc)
        field = ".".join(str(x) for x in loc)
        out.append(f"{path}:{line}: {field}: {msg}" if line else f"{path}: {field}: {msg}")

    curated_ids = {c.id for c in curated}
    first: dict[str, int] = {}
    for i, c in enumerate(extra.concepts):
        if c.id in curated_ids:
            at(("concepts", i, "id"), f"{c.id!r} is already curated; choose another id")
        elif c.id in first:
            at(("concepts", i, "id"), f"{c.id!r} is given twice (also concepts.{first[c.id]}); keep one")
        first.setdefault(c.id, i)
        if c.category not in categories:
            at(("concepts", i, "category"), f"unknown category {c.category!r}; use one of "
               + ", ".join(sorted(categories)))
    known = curated_ids | set(first)
    for i, c in enumerate(extra.concepts):
        for j, p in enumerate(c.prerequisites):
            if p == c.id:
                at(("concepts", i, "prerequisites", j), f"{c.id!r} lists itself as a prerequisite; remove it")
            elif p not in known:
                at(("concepts", i, "prerequisites", j), f"unknown prerequisite {p!r}; use an id from "
                   "find_concepts or one of your own concepts")
    # a cycle can only run through the learner's concepts: curated ones never name them
    mine = {c.id: [p for p in c.prerequisites if p in first and p != c.id] for c in extra.concepts}
    state: dict[str, int] = {}  # 1 = on the path, 2 = done
    for start in mine:
        if start in state:
            continue
        path_ids: list[str] = []
        stack = [(start, iter(mine[start]))]
        state[start] = 1
        path_ids.append(start)
        while stack:
            cid, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path_ids.pop()
                state[cid] = 2
            elif state.get(nxt) == 1:
                cycle = path_ids[path_ids.index(nxt):] + [nxt]
                i = first[cid]
                j = next(k for k, p in enumerate(extra.concepts[i].prerequisites) if p == nxt)
                at(("concepts", i, "prerequisites", j), "prerequisites form a cycle: " + " → ".join(cycle))
            elif nxt not in state:
                state[nxt] = 1
                path_ids.append(nxt)
                stack.append((nxt, iter(mine[nxt])))
    return out


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _exercise(folder: Path) -> ExerciseFiles:
    ex = validate_one(folder / "exercise.yaml", Exercise)
    if ex.id != folder.name:
        raise YamlProblem(f"{folder / 'exercise.yaml'}:1: id: {ex.id!r} must equal the folder name {folder.name!r}")

    def read(name: str) -> str:
        p = folder / name
        if not p.is_file():
            raise YamlProblem(f"{folder / 'exercise.yaml'}: names {name}, which does not exist in {folder}")
        return p.read_text(encoding="utf-8")

    return ExerciseFiles(
        exercise=ex,
        folder=str(folder),
        starter=read(ex.starter),
        solution=read(ex.solution),
        visible_tests=read(ex.visible_tests),
        hidden_tests=read(ex.hidden_tests),
        wrong_solutions={w: read(w) for w in ex.wrong_solutions},
    )


def _locales(folder: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for f in _files(folder):
        data, _ = load(f)
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise YamlProblem(f"{f}:1: a locale is a mapping of key: text")
        out[f.stem] = {str(k): v for k, v in data.items()}
    return out


def load_knowledge(root: Path = DEFAULT_DIR, additions: Path | None = None) -> Graph:
    """Read and validate everything; one KnowledgeError lists every problem found."""
    problems: list[str] = []

    def gather(fn, *args):  # collect problems across files instead of stopping at the first
        try:
            return fn(*args)
        except YamlProblem as e:
            problems.append(str(e))
            return []

    if not root.is_dir():
        raise KnowledgeError(f"knowledge folder {root} does not exist; reinstall the plugin (the `ai-tutor` "
                             "command: `uv tool install --editable <the plugin folder>`, which keeps knowledge/ beside it)")
    categories = gather(validate_list, root / "categories.yaml", Category)
    concepts = [c for f in _files(root / "concepts") for c in gather(validate_list, f, Concept)]
    papers = [p for f in _files(root / "papers") for p in gather(validate_list, f, Paper)]
    resources = [r for f in _files(root / "resources") for r in gather(validate_list, f, Resource)]
    exdir = root / "exercises"
    exercises = []
    if exdir.is_dir():
        for d in sorted(p for p in exdir.iterdir() if (p / "exercise.yaml").is_file()):
            ex = gather(_exercise, d)
            if ex:
                exercises.append(ex)
    locales = gather(_locales, root / "locales") or {}
    milestones = gather(validate_list, root / "milestones.yaml", Milestone) if (root / "milestones.yaml").exists() else []
    tracks = gather(validate_list, root / "tracks.yaml", Track) if (root / "tracks.yaml").exists() else []

    if additions is not None and additions.exists():
        try:
            data, node = load(additions)
            try:
                extra = LearnerAdditions.model_validate(data if data is not None else {})
            except ValidationError as e:
                raise YamlProblem(describe(additions, node, e)) from e
        except YamlProblem as e:
            raise KnowledgeError(f"{e}\nFix your concepts file; nothing was written.") from e
        mine = learner_problems(additions, node, extra, concepts, {c.id for c in categories})
        if mine:
            raise KnowledgeError("\n".join(mine) + "\nFix your concepts file (the curated knowledge is fine); "
                                 "nothing was written.")
        concepts += extra.concepts
        resources += extra.resources

    if problems:
        raise KnowledgeError("invalid knowledge data:\n" + "\n".join(problems))
    return Graph.build(categories, concepts, papers, resources, exercises, locales, milestones, tracks)


@functools.lru_cache(maxsize=4)
def curated(root: Path = DEFAULT_DIR) -> Graph:
    """The curated graph, loaded once per process and folder. Never the learner's additions:
    each journal merges its own `concepts.yaml` over this (see usecases.context)."""
    return load_knowledge(root)
