"""YAML at one boundary: parse once, and turn every failure into an error naming file, line, field.

Validation errors from pydantic carry a location path (`("objectives", 2, "ko")`); we walk the
composed YAML node tree along that path to find the line the learner or curator must fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it

M = TypeVar("M", bound=BaseModel)


class YamlProblem(Exception):
    """A located problem in a YAML file: str() is `file:line: field: message`."""


def load(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse `path`; return (data, node). Raise YamlProblem with the line on a syntax error."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise YamlProblem(f"{path}: not UTF-8 text ({e}); save it as UTF-8") from e
    except IsADirectoryError as e:
        raise YamlProblem(f"{path}: is a folder, not a file; replace it with a YAML file (or remove it)") from e
    except OSError as e:
        raise YamlProblem(f"{path}: cannot be read ({e.strerror or type(e).__name__}); "
                          "check its permissions") from e
    try:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _refuse_duplicate_keys(path, node)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise YamlProblem(f"{path}{line}: YAML syntax error: {e.problem or e}") from e
    except yaml.YAMLError as e:
        raise YamlProblem(f"{path}: YAML error: {e}") from e
    return data, node


def _refuse_duplicate_keys(path: Path, root: yaml.Node) -> None:
    """A mapping that names a key twice would silently keep the last value; refuse it with
    both lines. Walks the node tree once, without recursion (aliases are visited once)."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge":
                    line = k.start_mark.line + 1
                    if k.value in first:
                        raise YamlProblem(f"{path}:{line}: key {k.value!r} appears twice in one mapping "
                                          f"(first at line {first[k.value]}); keep one")
                    first[k.value] = line
                stack += [k, v]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the node at `loc` (keys and list indexes), or of its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if str(k.value) == str(key):
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
        if node is None:
            break
    return line


def describe(path: Path, node: yaml.Node | None, err: ValidationError, prefix: tuple[Any, ...] = ()) -> str:
    """Render a pydantic error as lines `file:line: field: message`."""
    out = []
    for e in err.errors():
        loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        full = prefix + loc
        line = line_of(node, full)
        field = ".".join(str(x) for x in full) or "(top level)"
        where = f"{path}:{line}" if line else str(path)
        out.append(f"{where}: {field}: {e['msg']}")
    return "\n".join(out)


def validate_list(path: Path, model: type[M]) -> list[M]:
    """A file holding a YAML list of `model` items."""
    data, node = load(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise YamlProblem(f"{path}:1: expected a list of {model.__name__} entries")
    items, problems = [], []
    for i, raw in enumerate(data):
        try:
            items.append(model.model_validate(raw))
        except ValidationError as e:
            problems.append(describe(path, node, e, (i,)))
    if problems:
        raise YamlProblem("\n".join(problems))
    return items


def validate_one(path: Path, model: type[M]) -> M:
    data, node = load(path)
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as e:
        raise YamlProblem(describe(path, node, e)) from e
