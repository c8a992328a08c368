"""The results pipe: the harness writes one JSON line per event, each carrying the run's nonce.

The nonce is new for every run and reaches the child only on its stdin, so nothing the
learner's code prints can pass for a result.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import time


def new_nonce() -> str:
    return secrets.token_hex(16)


class Records:
    """Result lines from the harness; lines without this run's nonce are ignored."""

    MAX_LINE = 1 << 16

    def __init__(self, fd: int, nonce: str):
        self.fd, self.nonce = fd, nonce
        self.buffer = b""
        self.items: list[dict] = []
        self.eof = False
        self.finished = False  # the harness reported "done" or how the runner ended

    def read(self) -> None:
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return
        if not data:
            self.eof = True
            return
        *lines, self.buffer = (self.buffer + data).split(b"\n")
        if len(self.buffer) > self.MAX_LINE:
            self.buffer = b""
        for line in lines:
            self._take(line)

    def _take(self, line: bytes) -> None:
        if len(line) > self.MAX_LINE:
            return
        try:
            record = json.loads(line)
        except ValueError:
            return
        if isinstance(record, dict) and record.get("n") == self.nonce:
            self.items.append(record)
            if record.get("e") in ("done", "exit"):
                self.finished = True

    def drain(self, seconds: float) -> None:
        os.set_blocking(self.fd, False)
        deadline = time.monotonic() + seconds
        while not self.eof and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                self.read()
