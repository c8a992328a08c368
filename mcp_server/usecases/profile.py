"""set_profile: read or update learner.yaml, and the placement that fills `known:`.

Read (no arguments): the profile, whether the file exists, the detected timezone, the Pythons
on this machine with PyTorch, the curated tracks and the placement questions of the path.
Update: the keys given are validated together with the rest of the file (and the concept
ids against the graph) before anything is written; only those keys' lines change, so the
learner's comments and layout stay. A file the learner edited by hand (its content is not one
the tutor wrote) keeps its values: changing a key it sets to something else is refused, with
the value it has, unless `replace` is given.

Placement marks (question id -> met per criterion, from the answer-grader) become `known:`
entries by the rule in `domain.placement`; they are added to what `known:` already says.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..domain.events import FilesIntended
from ..domain.models import LearnerProfile
from ..domain.placement import PLACEMENT_MAX, grade, known_from, questions
from ..domain.planner import Target
from ..errors import InvalidRequest, JournalError, ProfileError
from ..storage.journal import WriteFailed, advice, atomic_write, describe, inside, sha256, write_new_or_owned
from ..storage.layout import DATA
from ..storage.profile_file import CannotEdit, current, render, updated
from ..storage.yamlio import YamlProblem
from .context import Workspace

PROFILE_REL = f"{DATA}/learner.yaml"
KEYS = tuple(LearnerProfile.model_fields)


class Question(BaseModel):
    id: str
    concept: str
    depth: int
    prompt: str
    criteria: list[str]


class ProfileAnswer(BaseModel):
    path: str
    exists: bool  # false: no learner.yaml yet, so /learn runs the setup interview
    written: list[str]  # the keys this call changed (empty: nothing written)
    profile: dict[str, Any]
    # a read only: "timezone" detected, "pythons" with PyTorch (or how to get one when none
    # has it), "tracks" ("id: title — summary" in the learner's language)
    setup: dict[str, Any]
    placement: list[Question]  # curated questions on the path; ask them one at a time
    placed: list[str]  # what the placement marks found, per concept and depth
    warnings: list[str]


def detected_timezone() -> str | None:
    """The machine's IANA timezone: TZ, else /etc/timezone, else the /etc/localtime link."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz:
        return tz
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if name:
            return name
    except OSError:
        pass
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return None
    _, sep, name = target.partition("zoneinfo/")
    return name if sep and name else None


def set_profile(
    ws: Workspace,
    changes: Mapping[str, Any] | None = None,
    placement: Mapping[str, list[bool]] | None = None,
    replace: bool = False,
) -> ProfileAnswer:
    journal = ws.journal
    path = journal.profile_path
    changes = dict(changes or {})
    unknown = sorted(set(changes) - set(KEYS))
    if unknown:
        raise InvalidRequest(
            f"unknown learner.yaml key(s) {', '.join(unknown)}; the keys are {', '.join(KEYS)}"
        )
    written: list[str] = []
    placed: list[str] = []
    warnings: list[str] = []
    with journal.locked():
        s = ws.load()  # refuses a learner.yaml or concepts.yaml that does not validate, with the line
        lang = changes.get("language") or s.profile.language
        if placement:
            results = grade(s.g, placement, lang)
            found = known_from(results)
            for r in results:
                verdict = f"known at depth {r.depth}" if found.get(r.concept, 0) >= r.depth else "not counted"
                placed.append(
                    f"{r.concept} depth {r.depth}: {r.met}/{r.total} criteria met, {r.rating} — {verdict}"
                )
            if found and "known" not in changes:
                known = {k.concept: k.depth for k in s.profile.known}
                for cid, d in found.items():
                    known[cid] = max(known.get(cid, 0), d)
                changes["known"] = [{"concept": c, "depth": d} for c, d in known.items()]
        if changes:
            written, warnings = _write(ws, changes, replace)
            s = ws.load()
    p = s.profile
    goals = [Target(x.concept, x.depth, x.by) for x in p.goals]
    known = {k.concept: k.depth for k in p.known}
    asked = [] if placement else questions(s.g, goals, p.track, known, p.language)[:PLACEMENT_MAX]
    reading = not changes and not placement
    setup: dict[str, Any] = {}
    if reading:
        from ..sandbox.discover import HOW_TO_GET
        from ..sandbox.interpreter import MIN_PYTHON

        # only those that can run an exercise: PyTorch, and the harness's oldest Python or later
        usable = [f for f in ws.deps.pythons() if f.torch and _at_least(f.version, MIN_PYTHON)]
        pythons = [f.line() for f in usable] or [f"none has PyTorch; to get one: {HOW_TO_GET}"]
        tracks = [
            f"{t.id}: {t.title.get(p.language)}"
            + (" (default)" if t.default else "")
            + f" — {t.summary.get(p.language)}"
            for t in s.g.tracks.values()
        ]
        setup = {"timezone": detected_timezone(), "pythons": pythons, "tracks": tracks}
    return ProfileAnswer(
        path=str(path),
        exists=path.exists(),
        written=written,
        profile=p.model_dump(mode="json", exclude_defaults=True),
        setup=setup,
        placement=[
            Question(id=q.id, concept=q.concept, depth=q.depth, prompt=q.prompt, criteria=q.criteria)
            for q in asked
        ],
        placed=placed,
        warnings=s.warnings + warnings,
    )


def _write(
    ws: Workspace, changes: dict[str, Any], replace: bool
) -> tuple[list[str], list[str]]:
    journal = ws.journal
    path = inside(journal.root, PROFILE_REL)
    try:
        on_disk = current(path)
        base = path.read_bytes() if path.exists() else None
    except (YamlProblem, OSError) as e:
        raise ProfileError(f"{e}; nothing was written") from e
    merged = {**on_disk, **changes}
    try:
        new = LearnerProfile.model_validate(merged)
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(x) for x in err["loc"])
        raise InvalidRequest(
            f"learner.yaml {field}: {err['msg']}; nothing was written. Fix the value and call "
            "set_profile again."
        ) from e
    try:
        ws.check_profile_concepts(ws.graph(), new)
    except ProfileError as e:  # said of the file; here it is the change that is wrong
        raise InvalidRequest(f"not written: {e}".replace(f"{path}: ", "", 1)) from e
    # what each key looks like in the file: the validated value, without the defaults' noise
    values = {k: _plain(getattr(new, k)) for k in changes}
    changed = [k for k in changes if k not in on_disk or on_disk[k] != values[k]]
    if not changed:
        return [], []
    ours = _tutor_set(journal.layout.profile_set)
    clash = [k for k in changed if k in on_disk and (k not in ours or ours[k] != on_disk[k])]
    if clash and not replace:
        shown = "; ".join(render(k, on_disk[k]).strip().replace("\n", " ") for k in clash)
        raise InvalidRequest(
            f"{path} was edited by hand and sets {shown}; nothing was written. Ask the learner; "
            "to change it anyway, call set_profile again with replace: true (or edit the file)."
        )
    try:
        data = updated(path, {k: values[k] for k in changed})
    except CannotEdit as e:
        raise InvalidRequest(str(e)) from e
    digest = sha256(data)
    at = ws.now(new)
    warnings = journal.append(FilesIntended(at=at, lesson="profile", files={PROFILE_REL: digest}))
    owned = {sha256(base)} if base is not None else set()
    try:
        _, w = write_new_or_owned(path, data, owned | {digest})
    except WriteFailed as e:
        raise JournalError(
            f"could not write {path} ({describe(e.error)}): it was left as it was. {advice(e.error)}"
        ) from e
    # what the tutor set, for the next call: its keys still as it set them, and these
    now = current(path)
    keep = {k: v for k, v in ours.items() if k in now and now[k] == v}
    keep.update({k: values[k] for k in changed})
    try:
        atomic_write(journal.layout.profile_set, json.dumps(keep, ensure_ascii=False, indent=1).encode())
    except OSError as e:  # the profile is written; the next change of these keys will ask first
        w.append(f"{journal.layout.profile_set} could not be written ({describe(e)}); {path} was.")
    return changed, warnings + w


def _at_least(version: str, least: tuple[int, int]) -> bool:
    try:
        return tuple(int(x) for x in version.split(".")[:2]) >= least
    except ValueError:
        return False


def _tutor_set(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(x) for x in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    return value
