"""The knowledge graph in memory: indexes, invariants and queries. Pure: no I/O.

`Graph.build` checks the invariants (ids unique, references resolve, prerequisites form a
DAG) and raises KnowledgeError with every problem it found, not just the first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..errors import KnowledgeError, NotFound
from .models import Category, Concept, ExerciseFiles, Milestone, Paper, Resource, Track

_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def normalize(s: str) -> str:
    """Fold case, width and punctuation so 'Multi-Head Attention', 'multi head attention' and
    'multihead-attention' compare equal; Hangul is kept (NFC), spaces between words removed."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return re.sub(r"[\s\-_./·:()'\"]+", "", s)


@dataclass
class Graph:
    categories: dict[str, Category]
    concepts: dict[str, Concept]
    papers: dict[str, Paper]
    resources: dict[str, Resource]
    exercises: dict[str, ExerciseFiles]
    locales: dict[str, dict[str, str]]
    milestones: list[Milestone]
    tracks: dict[str, Track] = field(default_factory=dict)
    # derived
    dependents: dict[str, list[str]] = field(default_factory=dict)
    papers_of: dict[str, list[str]] = field(default_factory=dict)
    resources_of: dict[str, list[str]] = field(default_factory=dict)
    exercise_of: dict[tuple[str, int], str] = field(default_factory=dict)
    level: dict[str, int] = field(default_factory=dict)  # longest prerequisite chain below
    order: dict[str, int] = field(default_factory=dict)  # a stable topological rank
    ranked: list[str] = field(default_factory=list)  # concept ids by (level, order)
    max_depth: dict[str, int] = field(default_factory=dict)
    quotes: list[str] = field(default_factory=list)  # every curated verbatim quote
    people: list[str] = field(default_factory=list)  # names a quotation may be attributed to
    _names: dict[str, str] = field(default_factory=dict)  # normalized name -> concept id
    _choices: list[str] = field(default_factory=list)
    _choice_ids: list[str] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        categories: Iterable[Category],
        concepts: Iterable[Concept],
        papers: Iterable[Paper] = (),
        resources: Iterable[Resource] = (),
        exercises: Iterable[ExerciseFiles] = (),
        locales: dict[str, dict[str, str]] | None = None,
        milestones: Iterable[Milestone] = (),
        tracks: Iterable[Track] = (),
    ) -> Graph:
        problems: list[str] = []

        def index(items: Iterable, kind: str) -> dict:
            out: dict = {}
            for it in items:
                key = it.exercise.id if isinstance(it, ExerciseFiles) else it.id
                if key in out:
                    problems.append(f"duplicate {kind} id {key!r}")
                out[key] = it
            return out

        g = cls(
            categories=index(categories, "category"),
            concepts=index(concepts, "concept"),
            papers=index(papers, "paper"),
            resources=index(resources, "resource"),
            exercises=index(exercises, "exercise"),
            locales=locales or {},
            milestones=list(milestones),
            tracks=index(tracks, "track"),
        )
        g._check_and_index(problems)
        if problems:
            shown = "\n".join(f"- {p}" for p in problems[:25])
            more = f"\n… and {len(problems) - 25} more" if len(problems) > 25 else ""
            raise KnowledgeError(f"the knowledge graph is invalid ({len(problems)} problems):\n{shown}{more}")
        return g

    # ------------------------------------------------------------------ invariants

    def _check_and_index(self, problems: list[str]) -> None:
        c = self.concepts
        for cid, con in c.items():
            if con.category not in self.categories:
                problems.append(f"concept {cid}: unknown category {con.category!r}")
            for p in con.prerequisites:
                if p not in c:
                    problems.append(f"concept {cid}: unknown prerequisite {p!r}")
                elif p == cid:
                    problems.append(f"concept {cid}: lists itself as a prerequisite")
            self.dependents.setdefault(cid, [])
        for cid, con in c.items():
            for p in con.prerequisites:
                if p in c and p != cid:
                    self.dependents.setdefault(p, []).append(cid)
        for kind, items, attr in (("paper", self.papers, self.papers_of), ("resource", self.resources, self.resources_of)):
            for iid, item in items.items():
                for cid in item.concepts:
                    if cid not in c:
                        problems.append(f"{kind} {iid}: unknown concept {cid!r}")
                    else:
                        attr.setdefault(cid, []).append(iid)
        for eid, ex in self.exercises.items():
            e = ex.exercise
            if e.concept not in c:
                problems.append(f"exercise {eid}: unknown concept {e.concept!r}")
            elif e.depth not in c[e.concept].objectives:
                problems.append(f"exercise {eid}: concept {e.concept} has no objective at depth {e.depth}")
            key = (e.concept, e.depth)
            if key in self.exercise_of:
                problems.append(f"exercise {eid}: a second exercise for {e.concept} at depth {e.depth}")
            self.exercise_of[key] = eid
        if self.locales:
            langs = list(self.locales)
            base = set(self.locales[langs[0]])
            for lang in langs[1:]:
                other = set(self.locales[lang])
                for k in sorted(base ^ other):
                    problems.append(f"locale key {k!r} is missing in {langs[0] if k in other else lang}")
        for tid, tr in self.tracks.items():
            for step in tr.milestones:
                if step.concept not in c:
                    problems.append(f"track {tid}: unknown concept {step.concept!r}")
                elif step.depth not in c[step.concept].objectives:
                    problems.append(f"track {tid}: {step.concept} has no objective at depth {step.depth}")
        if self.tracks and sum(t.default for t in self.tracks.values()) != 1:
            problems.append("tracks: exactly one track must be `default: true`")
        self._topo(problems)
        self.ranked = sorted(self.order, key=lambda c: (self.level[c], self.order[c]))
        self.max_depth = {cid: con.max_depth for cid, con in c.items()}
        sources: list[Resource | Paper] = [*self.resources.values(), *self.papers.values()]
        self.quotes = [q.text for x in sources for q in x.quotes]
        self.people = sorted({r.person for r in self.resources.values()}
                             | {a.split()[-1] for p in self.papers.values() for a in p.authors[:3]})
        self._index_names()
        # papers sorted by date once, so timelines need no sorting later
        for ids in self.papers_of.values():
            ids.sort(key=lambda i: (self.papers[i].year, self.papers[i].month, i))

    def _topo(self, problems: list[str]) -> None:
        """Kahn's algorithm: a rank for every concept, or the concepts caught in a cycle."""
        c = self.concepts
        indeg = {cid: sum(1 for p in con.prerequisites if p in c and p != cid) for cid, con in c.items()}
        ready = sorted(cid for cid, d in indeg.items() if d == 0)
        rank = 0
        import heapq

        heap = [(0, cid) for cid in ready]
        heapq.heapify(heap)
        while heap:
            lvl, cid = heapq.heappop(heap)
            self.order[cid] = rank
            rank += 1
            self.level[cid] = lvl
            for d in self.dependents.get(cid, ()):
                indeg[d] -= 1
                if indeg[d] == 0:
                    dl = 1 + max(self.level[p] for p in c[d].prerequisites if p in self.level)
                    heapq.heappush(heap, (dl, d))
        stuck = sorted(cid for cid in c if cid not in self.order)
        if stuck:
            problems.append("prerequisites form a cycle through: " + ", ".join(stuck[:12]))

    def _index_names(self) -> None:
        for cid, con in self.concepts.items():
            names = [cid, con.title.en, con.title.ko, *con.aliases.all()]
            for n in names:
                key = normalize(n)
                if key:
                    self._names.setdefault(key, cid)
                    self._choices.append(key)
                    self._choice_ids.append(cid)

    # ------------------------------------------------------------------ queries

    def concept(self, ref: str) -> Concept:
        """Resolve an id, alias or title (either language); typos get suggestions."""
        cid = self._names.get(normalize(ref))
        if cid:
            return self.concepts[cid]
        raise NotFound(
            f"no concept matches {ref!r}. Call find_concepts to search, or pass an id.",
            [f"{s} ({self.concepts[s].title.en})" for s in self.suggest(ref)],
        )

    def suggest(self, query: str, limit: int = 5, cutoff: float = 60) -> list[str]:
        q = normalize(query)
        if not q:
            return []
        hits = process.extract(q, self._choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=cutoff)
        out: list[str] = []
        for _, _, idx in hits:
            cid = self._choice_ids[idx]
            if cid not in out:
                out.append(cid)
            if len(out) == limit:
                break
        return out

    def search(self, query: str, limit: int = 8) -> list[tuple[str, float]]:
        """Concepts ranked by how well any of their names match `query` (0–100)."""
        q = normalize(query)
        if not q:
            return []
        exact = self._names.get(q)
        scores: dict[str, float] = {}
        if exact:
            scores[exact] = 100.0
        for _, score, idx in process.extract(q, self._choices, scorer=fuzz.WRatio, limit=limit * 6, score_cutoff=50):
            cid = self._choice_ids[idx]
            scores[cid] = max(scores.get(cid, 0.0), float(score))
        for cid, con in self.concepts.items():  # tags and summaries as a weak signal
            if q in (normalize(t) for t in con.tags):
                scores[cid] = max(scores.get(cid, 0.0), 70.0)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self.order.get(kv[0], 0)))
        return ranked[:limit]

    def ancestors(self, cid: str) -> set[str]:
        seen: set[str] = set()
        stack = list(self.concepts[cid].prerequisites)
        while stack:
            p = stack.pop()
            if p not in seen:
                seen.add(p)
                stack.extend(self.concepts[p].prerequisites)
        return seen

    def default_track(self) -> Track | None:
        return next((t for t in self.tracks.values() if t.default), None)

    def closure(self, cid: str) -> list[str]:
        """`cid` and every ancestor, in topological order (prerequisites first)."""
        return sorted(self.ancestors(cid) | {cid}, key=self.order.__getitem__)

    def chain_to(self, cid: str, known: set[str]) -> list[str]:
        """The prerequisite path from the most recent known ancestor down to `cid`: the longest
        chain of direct prerequisites that the learner has studied, ending at `cid`."""
        path = [cid]
        cur = cid
        while True:
            prereqs = [p for p in self.concepts[cur].prerequisites if p in known]
            if not prereqs:
                break
            cur = max(prereqs, key=lambda p: (self.level.get(p, 0), p))
            path.append(cur)
        return list(reversed(path))

    def t(self, lang: str, key: str, **kw: object) -> str:
        """A locale string, formatted. `{n|lesson|lessons}` picks the singular when n is 1."""
        s = self.locales.get(lang, {}).get(key) or self.locales.get("en", {}).get(key) or key
        if "|" in s:
            s = _PLURAL.sub(lambda m: m[2] if kw.get(m[1]) == 1 else m[3], s)
        return s.format(**kw) if kw else s
