"""The MCP server "tutor": thin tools over the façade. Nothing else happens here.

Each tool returns a pydantic model (its output schema). Domain errors become tool errors with
the same message, which tells the model what to do next.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import platformdirs
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, ToolAnnotations
from pydantic import Field

from . import __version__
from .domain.models import ITEMS_MAX, Slots
from .errors import TutorError
from .facade import Tutor
from .storage.journal import Journal
from .storage.location import adopt, locate, user_journal
from .usecases.check import CheckResult, CriterionMark, Pending, RunReport
from .usecases.learn import LessonBrief, PublishResult
from .usecases.link import LinkReport, Opened
from .usecases.profile import ProfileAnswer
from .usecases.review import ReviewQueue
from .usecases.status import FindResult, Status

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
WRITES = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

class CompactServer(MCPServer):
    """`tools/list` without the schema noise pydantic adds (see `compact_schema`). The SDK has
    no public setter for a tool's schemas, so this overrides its public `list_tools`; the
    arguments are still validated against the full schema."""

    async def list_tools(self) -> list[Any]:
        tools = await super().list_tools()
        return [t.model_copy(update={
            "description": " ".join((t.description or "").split()),  # a docstring's indentation is noise
            "input_schema": compact_schema(t.input_schema),
            "output_schema": shallow_output(compact_schema(t.output_schema, drop_defaults=True))
            if t.output_schema else None,
        }) for t in tools]

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        """An unknown tool name is a JSON-RPC error -32602 (invalid params), as the spec's
        tools/call says, not a tool result; the SDK passes an MCPError through unchanged."""
        if name not in {t.name for t in await super().list_tools()}:
            raise MCPError(code=INVALID_PARAMS, message=f"Unknown tool: {name}", data={"tool": name[:200]})
        return await super().call_tool(name, arguments, context)


server = CompactServer(
    "tutor",
    version=__version__,
    instructions=(
        "AI Tutor: the learner's long-term study of AI. The server owns facts and numbers "
        "(concepts, history, plan, links, progress); you write prose only into named slots."
    ),
)

_tutors: dict[str, Tutor] = {}
F = TypeVar("F", bound=Callable[..., Any])


def tutor() -> Tutor:
    """One Tutor per journal folder. The curated graph is cached per process by the loader;
    each journal merges only its own concepts.yaml over it."""
    root = locate()
    key = str(root)
    if key not in _tutors:
        notes = adopt(root) if root == user_journal() else []
        _tutors[key] = Tutor(Journal(root), notices=notes)
    return _tutors[key]


LOG_MAX = 1_000_000  # bytes of server.log before it is rotated to server.log.1


def log_file() -> Path:
    """Where tracebacks of unexpected errors go: $TUTOR_LOG_DIR, else the user log folder.
    Never stdout, which is the MCP channel."""
    folder = os.environ.get("TUTOR_LOG_DIR") or platformdirs.user_log_dir("ai-tutor")
    return Path(folder) / "server.log"


def _no_home(text: str) -> str:
    home = str(Path.home())
    return text.replace(home, "~") if len(home) > 1 else text


def unexpected_error(tool: str, e: BaseException) -> str:
    """The one-line message for an exception that is not a TutorError (a bug, or the disk):
    its type and message without home paths, and where its traceback was logged."""
    if isinstance(e, OSError) and e.filename:
        what = f"{type(e).__name__}: {e.strerror or e} ({e.filename})"
    else:
        what = f"{type(e).__name__}: {e}"
    what = " ".join(_no_home(what).split())
    if len(what) > 300:
        what = what[:299] + "…"
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > LOG_MAX:  # keep one previous log, not all
            path.replace(path.with_name(path.name + ".1"))
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} {tool}\n")
            f.write("".join(traceback.format_exception(e)))
        logged = f"details were logged to {_no_home(str(path))}"
    except OSError as le:
        logged = f"details could not be logged ({type(le).__name__} on {_no_home(str(path))})"
    return f"internal error in {tool}: {what}; {logged}"


def domain_errors(fn: F) -> F:
    """TutorError → a tool error with its message; anything else → a one-line tool error
    naming the exception, its traceback appended to `log_file()`."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TutorError as e:
            raise ToolError(str(e)) from e
        except ToolError:
            raise
        except Exception as e:
            raise ToolError(unexpected_error(fn.__name__, e)) from e

    return wrapper  # type: ignore[return-value]


@server.tool(annotations=READ_ONLY)
@domain_errors
def learner_status() -> Status:
    """The learner's progress: sessions, concepts studied/completed per category, week
    cadence, trend, recent lessons, the next concept, reviews due, journal warnings. For a
    lesson brief call plan_lesson."""
    return tutor().learner_status()


@server.tool(annotations=READ_ONLY)
@domain_errors
def find_concepts(
    query: Annotated[str, Field(description="id, alias or title in English or Korean; typos are tolerated", min_length=1, max_length=200)],
    limit: Annotated[int, Field(ge=1, le=20)] = 8,
) -> FindResult:
    """Search the knowledge graph. Returns matching concept ids with both titles, category, a
    0-100 match score and the learner's studied and next depth. Read-only; use the id with
    plan_lesson."""
    return tutor().find_concepts(query, limit)


@server.tool(annotations=READ_ONLY)
@domain_errors
def plan_lesson(
    concept: Annotated[str | None, Field(description="id, alias or title; omit to let the tutor choose", max_length=200)] = None,
    depth: Annotated[int | None, Field(ge=1, le=4, description="1 basics … 4 frontier; omit for the learner's next depth")] = None,
    date: Annotated[str | None, Field(description="YYYY-MM-DD; omit for today in the learner's timezone", max_length=10)] = None,
) -> LessonBrief:
    """Plan today's lesson and return its brief: concept, depth, objective, history, plan,
    papers, voices, quotes, allowed links, exercise, and the prose slots with their rules.
    Read-only: nothing is saved until publish_post. Unknown concepts fail with suggestions."""
    return tutor().plan_lesson(concept, depth, date)


@server.tool(annotations=WRITES)
@domain_errors
def publish_post(
    lesson_id: Annotated[str, Field(description="the lesson_id plan_lesson returned", max_length=200)],
    slots: Annotated[Slots, Field(description="prose for each slot named in the brief, in the brief's language")],
) -> PublishResult:
    """Validate the slots of a plan_lesson brief, render the post (the server writes every
    date, figure, link and list) and save it: _posts/<date>-<slug>.md and _exercises/<date>-<slug>/ (exercise.py,
    test_exercise.py, answers.md); log the lesson. Refuses with a list of fixes (missing
    slot, bad python, unverified link or quote, a written exercise that does not prove out).
    Same date and concept again updates the post unless the learner edited it."""
    return tutor().publish_post(lesson_id, slots)


@server.tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True))
@domain_errors
def open_resource(
    ref: Annotated[str, Field(description="a number from the latest post's voices/resources, a resource id, or an http(s) URL", min_length=1, max_length=2048)],
) -> Opened:
    """Open a talk, paper or lecture in the learner's browser (no shell) and record it.
    Unsafe URLs are refused before any launch; without a browser (SSH, headless) the URL
    is returned to show instead. To test links without opening them: check_links."""
    return tutor().open_resource(ref)


@server.tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=True))
@domain_errors
def check_links(
    urls: Annotated[list[Annotated[str, Field(max_length=2048)]] | None,
                    Field(description="URLs to check; omit for every curated link", max_length=500)] = None,
    posts: Annotated[bool, Field(description="also check every link in published posts")] = False,
) -> LinkReport:
    """Check links (HEAD then GET, redirects re-checked, a deadline per link) and cache the
    verdicts in the journal. A URL verified ok may then be cited by publish_post. Returns
    counts and every link that is not ok."""
    return tutor().check_links(urls, posts)


@server.tool(annotations=READ_ONLY)
@domain_errors
def pending_check() -> Pending:
    """The last unchecked lesson: questions with rubric criteria, the learner's answers
    (text and path), exercise and test files. Read-only. Next: run_exercise, then the
    answer-grader agent, then record_check."""
    return tutor().pending_check()


@server.tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False))
@domain_errors
def run_exercise(
    lesson_id: Annotated[str | None, Field(description="from pending_check; omit for the pending lesson", max_length=200)] = None,
    solution: Annotated[str | None, Field(description="journal-relative path; omit for the lesson's exercise.py", max_length=1024)] = None,
) -> RunReport:
    """Run the learner's solution against the visible and hidden tests in a sandbox (own
    process, time/memory/process limits, no network, no journal access) with the learner's
    Python; the tests run in a process of their own. Returns per-test verdicts and what grading
    detected, and logs the run. Answers are graded in record_check."""
    return tutor().run_exercise(lesson_id, solution)


@server.tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False))
@domain_errors
def record_check(
    lesson_id: Annotated[str, Field(description="from pending_check", max_length=200)],
    marks: Annotated[list[Annotated[list[CriterionMark], Field(max_length=ITEMS_MAX)]],
                     Field(description="per question, per rubric criterion: met + one-line reason", max_length=ITEMS_MAX)],
) -> CheckResult:
    """After run_exercise: the server scores tests and criteria met, derives the rating,
    updates memory card and mastery, writes feedback.md. Recording the same check again
    changes nothing. Returns score, rating, what was missed, mastery, next review."""
    return tutor().record_check(lesson_id, marks)


@server.tool(annotations=WRITES)
@domain_errors
def review(
    n: Annotated[int, Field(ge=1, le=20)] = 5,
    item: Annotated[str, Field(description="the item answered; omit to list", max_length=300)] = "",
    marks: Annotated[list[CriterionMark], Field(description="one per criterion", max_length=ITEMS_MAX)] = [],  # noqa: B006
    question: Annotated[str, Field(description="source writer: the question asked", max_length=4000)] = "",
    criteria: Annotated[list[str], Field(max_length=ITEMS_MAX)] = [],  # noqa: B006
) -> ReviewQueue:
    """Due and fading memory cards, most urgent first, each with a question and criteria
    (source writer: write one on its objective). With item + marks: rated as in record_check,
    logged, the card moves; returns the queue after."""
    return tutor().review(n, item or None, marks or None, question or None, criteria or None)


@server.tool(annotations=WRITES)
@domain_errors
def set_profile(
    changes: Annotated[dict[str, Any], Field(description="learner.yaml keys to set")] = {},  # noqa: B006 - copied by pydantic
    placement: Annotated[dict[str, list[bool]], Field(description="id: met per criterion")] = {},  # noqa: B006
    replace: Annotated[bool, Field(description="overwrite hand edits")] = False,
) -> ProfileAnswer:
    """Read (no arguments) or change learner.yaml (validated, comments kept), with setup
    facts and placement questions; placement marks become known: entries for plan_lesson."""
    return tutor().set_profile(changes, placement, replace)


def compact_schema(schema: Any, drop_defaults: bool = False) -> Any:
    """Drop the `title` annotations pydantic adds to every schema node: they repeat the
    property names and would be most of tools/list, which the model reads on every turn.
    Output schemas also lose `default` and `required` (every answer carries every field)."""
    if isinstance(schema, dict):
        out = {}
        for k, v in schema.items():
            if (k == "title" and isinstance(v, str)) or (k in ("default", "required") and drop_defaults):
                continue
            if k == "default" and v in ("", [], {}, None, False):  # what leaving the field out means anyway
                continue
            if k in ("properties", "$defs") and isinstance(v, dict):
                out[k] = {pk: compact_schema(pv, drop_defaults) for pk, pv in v.items()}
            else:
                out[k] = compact_schema(v, drop_defaults)
        return out
    if isinstance(schema, list):
        return [compact_schema(x, drop_defaults) for x in schema]
    return schema


def shallow_output(schema: dict[str, Any]) -> dict[str, Any]:
    """An output schema cut to the top level's field names and JSON types (nested models,
    items and formats dropped). It still validates every answer's shape; the model reads the
    nested fields in the answer itself, and the listing stays inside its token budget."""

    def types(node: Any) -> list[str]:
        if not isinstance(node, dict):
            return []
        if "$ref" in node:
            return ["object"]
        t = node.get("type")
        if t is not None:
            return list(t) if isinstance(t, list) else [t]
        return [x for member in node.get("anyOf", []) for x in types(member)]

    def field(node: Any) -> dict[str, Any]:
        found = list(dict.fromkeys(types(node)))
        return {} if not found else {"type": found[0] if len(found) == 1 else found}

    props = schema.get("properties", {})
    return {"type": "object", "properties": {k: field(v) for k, v in props.items()}}


def main() -> None:
    server.run("stdio")


if __name__ == "__main__":
    main()
