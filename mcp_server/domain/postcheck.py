"""The rules a post must pass before it is published. Pure: returns a list of problems.

Each problem is one instruction the writer can act on ("slot core_how: the python block at
line 12 does not parse: ...").
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterable

from .models import SLOT_NAMES, Slots, oversized
from .urls import canonical

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)[^\n]*$", re.M)
URL = re.compile(r"\b(?:https?|ftp|file|javascript|data)://[^\s<>()\[\]`\"']+|\bwww\.[^\s<>()\[\]`\"']+", re.I)
# A markdown link target is what r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)" matches, and a
# quoted span what r"[\"“]([^\"“”\n]{12,}?)[\"”]|「([^」\n]{6,}?)」|『([^』\n]{6,}?)』" matches (straight
# or curly double quotes, or CJK brackets). Both regexes backtrack quadratically on a run of
# "](" or "「"; `md_links` and `quoted_spans` give the same results in linear time.
_WS = re.compile(r"\s*")
_URL_STOP = re.compile(r"[)\s>]")
# opener -> (characters that end the span, characters that close it, minimum length)
_QUOTE_KINDS: dict[str, tuple[re.Pattern[str], str, int]] = {
    '"': (re.compile('["“”\n]'), '"”', 12),
    "“": (re.compile('["“”\n]'), '"”', 12),
    "「": (re.compile("[」\n]"), "」", 6),
    "『": (re.compile("[』\n]"), "』", 6),
}
_QUOTE_OPEN = re.compile('["“「『]')
ATTRIBUTION = re.compile(
    r"\b(said|says|says that|wrote|writes|according to|put it|told|quote[sd]?|in (his|her|their) words)\b"
    r"|말했|말한다|밝혔|강조했|언급했|에 따르면|의 말|라고|이라고|고 했",
    re.I,
)
MIN_QUOTE_WORDS = 4


def code_blocks(md: str) -> list[tuple[int, str, str]]:
    """(line number, language, code) of each fenced block; an unclosed fence runs to the end."""
    out: list[tuple[int, str, str]] = []
    lines = md.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m["fence"], (m["lang"] or "").lower(), i
        indent = len(m["indent"].expandtabs())
        body: list[str] = []
        i += 1
        while i < len(lines) and not (
            lines[i].strip().startswith(fence[0] * len(fence)) and lines[i].strip().strip(fence[0]) == ""
        ):
            ln = lines[i]
            # code inside a list item is indented with it; remove that indent
            body.append(ln[indent:] if ln[:indent].strip() == "" else ln)
            i += 1
        out.append((start + 1, lang, "\n".join(body)))
        i += 1
    return out


def prose(md: str) -> str:
    """`md` without fenced code blocks and inline code (quotes and links are checked in prose)."""
    lines = md.split("\n")
    keep: list[str] = []
    fence: str | None = None
    for ln in lines:
        m = FENCE.match(ln)
        if m and fence is None:
            fence = m["fence"][0]
            keep.append("")
            continue
        if fence is not None:
            if ln.strip() and set(ln.strip()) == {fence}:
                fence = None
            keep.append("")
            continue
        keep.append(re.sub(r"`[^`\n]*`", "", ln))
    return "\n".join(keep)


def md_links(md: str) -> list[str]:
    """The target of each markdown link `](url "title")`, in order. Linear time: the end of a
    target and the outcome of the text after it are computed once, however many `](` share them."""
    out: list[str] = []
    n = len(md)
    pos = 0
    stop = -1  # the first character that ends a target, at or after the last target's start
    failed_at = -1  # a target end whose tail (`>`, title, `)`) is known not to match
    while (i := md.find("](", pos)) >= 0:
        pos = i + 1
        j = _ws_end(md, i + 2)
        start = j + 1 if j < n and md[j] == "<" else j
        if stop < start:
            m = _URL_STOP.search(md, start)
            stop = m.start() if m else n
        end = stop
        if end == start:
            if start == j:
                continue  # no target
            start, end = j, start  # `<` alone is the target (the regex's `<?` gives it back)
        if end == failed_at:
            continue
        close = _link_tail(md, end)
        if close < 0:
            failed_at = end
            continue
        out.append(md[start:end])
        pos = close
    return out


def _ws_end(md: str, t: int) -> int:
    """Where the whitespace starting at `t` ends."""
    m = _WS.match(md, t)
    return m.end() if m else t


def _link_tail(md: str, t: int) -> int:
    """Where `>?(\\s+"title")?\\s*\\)` starting at `t` ends, or -1."""
    n = len(md)
    if t < n and md[t] == ">":
        t += 1
    w = _ws_end(md, t)
    if w > t and w < n and md[w] == '"':
        q = md.find('"', w + 1)
        if q >= 0:
            w2 = _ws_end(md, q + 1)
            if w2 < n and md[w2] == ")":
                return w2 + 1
    return w + 1 if w < n and md[w] == ")" else -1


def quoted_spans(text: str) -> list[str]:
    """The text inside each quoted span, in order. Linear time (see `_QUOTE_KINDS`)."""
    out: list[str] = []
    n = len(text)
    pos = 0
    scanned: dict[str, tuple[int, int]] = {}  # per opener: a stretch known free of its end characters
    while m := _QUOTE_OPEN.search(text, pos):
        p = m.start()
        ends, closers, least = _QUOTE_KINDS[text[p]]
        known = scanned.get(text[p])
        if known and known[0] <= p + 1 <= known[1]:
            end = known[1]
        else:
            e = ends.search(text, p + 1)
            end = e.start() if e else n
            scanned[text[p]] = (p + 1, end)
        if end < n and text[end] in closers and end - (p + 1) >= least:
            out.append(text[p + 1:end])
            pos = end + 1
        else:
            pos = p + 1
    return out


def links(md: str) -> list[str]:
    found = md_links(md)
    found += [m.group(0).rstrip(".,;:!?") for m in URL.finditer(md)]
    out: list[str] = []
    seen: set[str] = set()
    for u in found:
        if u.startswith("#") or u in seen:
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:", u, re.I) or u.startswith("www.") or u.startswith("//"):
            out.append(u)
            seen.add(u)
    return out


def _norm_quote(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return re.sub(r"[^\w]+", " ", s).strip()


def check_python(name: str, md: str) -> list[str]:
    problems = []
    for line, lang, code in code_blocks(md):
        if lang not in ("python", "py", "python3"):
            continue
        try:
            ast.parse(code)
        except SyntaxError as e:
            problems.append(
                f"slot {name}: the python block at line {line} does not parse "
                f"({e.msg}, line {e.lineno} of the block); fix it or mark it ```text if it is pseudo-code"
            )
    return problems


def check_links(name: str, md: str, allowed: set[str]) -> list[str]:
    bad = [u for u in links(md) if canonical(u) not in allowed]
    return [
        f"slot {name}: link {u} is neither curated nor in the lesson brief nor verified; use a link from the "
        "brief's `links` instead, or remove it (to cite it later, the learner verifies it with check_links first)"
        for u in bad
    ]


def check_quotes(name: str, md: str, curated_quotes: Iterable[str], people: Iterable[str]) -> list[str]:
    """Refuse a quotation attributed to a person unless its words are a curated quote.

    Attributed = the quoted span sits in a paragraph (or blockquote) that names a known person
    or uses an attribution phrase ("said", "according to", "말했다", "라고" …)."""
    known = [_norm_quote(q) for q in curated_quotes]
    names = [p for p in people if len(p) >= 3]
    problems = []
    text = prose(md)
    paragraphs = re.split(r"\n\s*\n", text)
    for para in paragraphs:
        spans = quoted_spans(para)
        if para.lstrip().startswith(">"):
            body = re.sub(r"^\s*>\s?", "", para, flags=re.M).strip()
            spans.append(body.strip("\"“”「」『』 "))
        attributed = bool(ATTRIBUTION.search(para)) or any(n.casefold() in para.casefold() for n in names)
        blockquote = para.lstrip().startswith(">")
        for span in spans:
            words = len(span.split())
            if words < MIN_QUOTE_WORDS and len(span) < 20:
                continue
            if not (attributed or blockquote):
                continue
            q = _norm_quote(span)
            if any(q and (q in k or k in q) and len(q) >= 0.6 * len(k) for k in known):
                continue
            problems.append(
                f"slot {name}: the quotation “{span[:80]}” is attributed to someone but is not a curated "
                "quote; paraphrase it without quotation marks (say it is a summary), or use a quote "
                "from the brief's `quotes` word for word"
            )
    return problems


def check_slots(
    slots: Slots,
    *,
    allowed_links: set[str],
    curated_quotes: list[str],
    people: list[str],
    needs_exercise: bool,
) -> list[str]:
    problems = oversized(slots)  # before any other check reads the text
    if problems:
        return problems
    for name in SLOT_NAMES:
        if not getattr(slots, name).strip():
            problems.append(f"slot {name} is missing or empty; write it (see the brief's `slots`)")
    if "```" not in slots.core_how and "~~~" not in slots.core_how:
        problems.append("slot core_how needs the formula and a runnable ```python example")
    texts = [(n, getattr(slots, n)) for n in SLOT_NAMES]
    texts += [(f"questions[{i}]", q.prompt) for i, q in enumerate(slots.questions)]
    if slots.exercise:
        texts.append(("exercise.instructions", slots.exercise.instructions))
    for name, md in texts:
        if re.search(r"^#{1,2} ", prose(md), re.M):
            problems.append(f"slot {name}: use headings of level 3 or deeper (### …); levels 1–2 belong to the post")
        problems += check_python(name, md)
        problems += check_links(name, md, allowed_links)
        problems += check_quotes(name, md, curated_quotes, people)
    if needs_exercise:
        if len(slots.questions) < 2:
            problems.append("questions: this lesson has no curated exercise; write 2–4 questions, each with criteria")
        for i, q in enumerate(slots.questions):
            if not q.prompt.strip() or not q.criteria:
                problems.append(f"questions[{i}]: needs a prompt and at least one rubric criterion")
        ex = slots.exercise
        if ex is None or not ex.starter.strip() or not ex.tests.strip():
            problems.append("exercise: this lesson has no curated exercise; give instructions, a starter with TODOs and tests")
        else:
            for part in ("starter", "tests", "solution"):
                code = getattr(ex, part)
                if not code.strip():
                    continue
                try:
                    ast.parse(code)
                except SyntaxError as e:
                    problems.append(f"exercise.{part} does not parse ({e.msg}, line {e.lineno})")
            if "def test_" not in ex.tests:
                problems.append("exercise.tests needs at least one `def test_…` function")
    return problems
