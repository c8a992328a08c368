"""Benchmark: the post checks on adversarial slots — the old link/quote regexes against the
linear scanners, and how fast an oversized slot is refused.

    .venv/bin/python benchmarks/bench_bounds.py [--old]

`--old` also times the regexes the scanners replaced (quadratic: about 37 s at 32 KiB).
Prints seconds; nothing is asserted.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import ValidationError  # noqa: E402

from mcp_server.domain.models import Slots  # noqa: E402
from mcp_server.domain.postcheck import check_quotes, links  # noqa: E402

OLD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
OLD_QUOTED = re.compile(r"[\"“]([^\"“”\n]{12,}?)[\"”]|「([^」\n]{6,}?)」|『([^』\n]{6,}?)』")
UNITS = ["](", "[", "(", "「"]


def timed(fn: object, *args: object) -> float:
    t = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - t


def scan(md: str) -> None:
    links(md)
    check_quotes("intro", md, [], [])


def old_scan(md: str) -> None:
    list(OLD_LINK.finditer(md))
    list(OLD_QUOTED.finditer(md))


def refuse(md: str) -> None:
    try:
        Slots(intro=md)
    except ValidationError:
        return
    raise AssertionError("not refused")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", action="store_true", help="also time the old regexes (slow)")
    a = ap.parse_args()
    sizes = [8 * 1024, 32 * 1024, 1024 * 1024, 10 * 1024 * 1024]
    for unit in UNITS:
        for size in sizes:
            md = unit * (size // len(unit))
            line = f"{unit!r:6} {size:>10,} chars: scan {timed(scan, md):8.3f} s"
            if a.old and size <= 32 * 1024:
                line += f"   old regexes {timed(old_scan, md):8.3f} s"
            if size > 20_000:
                line += f"   Slots refuses it in {timed(refuse, md) * 1000:.2f} ms"
            print(line, flush=True)


if __name__ == "__main__":
    main()
