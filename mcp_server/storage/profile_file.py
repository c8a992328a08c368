"""learner.yaml as text: change some top-level keys and keep every other line, comments
included, as the learner wrote it.

A top-level key's block is its `key:` line and the indented (or `- `) lines under it; a
comment at column 0 belongs to what follows it, so it stays. A changed key's block is
replaced; a new key is appended. The result is parsed again and must say exactly what was
intended, otherwise nothing is written (a layout this editor does not understand, such as
a flow mapping, is refused rather than guessed at).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .yamlio import Loader, YamlProblem, load

HEADER = (
    "# Your AI Tutor profile. Edit it freely: it is validated on every use (see the README's\n"
    "# configuration table), and the tutor changes only the keys you ask it to change.\n"
    "# `/learn --setup` asks the setup questions again.\n"
)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


class CannotEdit(Exception):
    """The file's layout cannot be edited line by line; the message says what to set by hand."""


def current(path: Path) -> dict[str, Any]:
    """The file's top-level mapping ({} when absent or empty). Raises YamlProblem."""
    if not path.exists():
        return {}
    data, _ = load(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise YamlProblem(f"{path}:1: expected a mapping of keys (language: ko, …)")
    return data


def render(key: str, value: Any) -> str:
    """`key: value` as the README writes it: lists one item a line, a mapping item in braces."""
    if isinstance(value, list) and value:
        items = [f"  - {_flow(x)}\n" for x in value]
        return f"{key}:\n" + "".join(items)
    return f"{key}: {_flow(value)}\n"


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def edit(text: str, changes: Mapping[str, Any]) -> str:
    """`text` with each key of `changes` set to its value (None removes the key)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for key, value in changes.items():
        start = next((i for i, ln in enumerate(lines) if (m := _KEY.match(ln)) and m.group(1) == key), None)
        new = [] if value is None else render(key, value).splitlines(keepends=True)
        if start is None:
            lines += new
            continue
        end = start + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t", "- ")) or not lines[end].strip()):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():  # blank lines before the next key stay
            end -= 1
        lines[start:end] = new
    return "".join(lines)


def updated(path: Path, changes: Mapping[str, Any]) -> bytes:
    """The new content of `path` with `changes`, checked by parsing it again."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    text = edit(old, changes) if old.strip() else HEADER + edit("", changes)
    expected = {**current(path), **changes}
    expected = {k: v for k, v in expected.items() if v is not None}
    try:
        got = yaml.load(text, Loader=Loader) or {}
    except yaml.YAMLError:
        got = None
    if got != expected:
        wanted = "; ".join(
            render(k, v).strip().replace("\n", " ") for k, v in changes.items() if v is not None
        )
        raise CannotEdit(
            f"{path}: its layout cannot be changed line by line without changing other keys; "
            f"nothing was written. Set this by hand: {wanted}"
        )
    return text.encode("utf-8")
