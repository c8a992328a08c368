"""A local stand-in for the Anthropic Messages API, so the real Claude Code CLI runs offline.

Point the CLI at it with ANTHROPIC_BASE_URL. Every POST to /v1/messages is handed, as a parsed
`Request`, to a `script(request) -> list of content blocks` that plays the model (text and
tool_use blocks as the Messages API has them); the blocks go back streamed (SSE) or whole,
as the CLI asked. Requests and script errors are kept for the test to inspect. A script error
ends the turn with a text reply naming it, so the CLI stops instead of retrying.
"""

from __future__ import annotations

import itertools
import json
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Block = dict[str, Any]


@dataclass
class Call:
    """One tool call the model made earlier in this conversation, with its result."""

    id: str
    name: str
    input: dict[str, Any]
    result: str | None = None
    is_error: bool = False


@dataclass
class Request:
    body: dict[str, Any]
    calls: list[Call] = field(default_factory=list)

    @classmethod
    def parse(cls, body: dict[str, Any]) -> Request:
        req = cls(body)
        by_id: dict[str, Call] = {}
        for m in body.get("messages", []):
            if not isinstance(m.get("content"), list):
                continue
            for b in m["content"]:
                if m["role"] == "assistant" and b.get("type") == "tool_use":
                    by_id[b["id"]] = Call(b["id"], b["name"], b.get("input") or {})
                    req.calls.append(by_id[b["id"]])
                elif m["role"] == "user" and b.get("type") == "tool_result" and b.get("tool_use_id") in by_id:
                    c = by_id[b["tool_use_id"]]
                    c.result, c.is_error = _text(b.get("content")), bool(b.get("is_error"))
        return req

    @property
    def system(self) -> str:
        s = self.body.get("system", "")
        return s if isinstance(s, str) else "\n".join(x.get("text", "") for x in s if isinstance(x, dict))

    @property
    def first_user_text(self) -> str:
        """The text of the conversation's opening user message (the expanded skill, or a subagent's prompt)."""
        for m in self.body.get("messages", []):
            if m.get("role") == "user":
                return _text(m.get("content"))
        return ""

    @property
    def text(self) -> str:
        """Everything the model is shown in this request, as one string."""
        return self.system + "\n" + "\n".join(_text(m.get("content")) for m in self.body.get("messages", []))

    @property
    def tool_names(self) -> list[str]:
        return [t.get("name", "") for t in self.body.get("tools", [])]

    @property
    def is_side_request(self) -> bool:
        """A short request without tools: the CLI asking for a title or a summary, not a turn."""
        return (not self.body.get("tools") and self.body.get("max_tokens", 0) < 1000
                and "cc_is_subagent=true" not in self.system)

    @property
    def last(self) -> Call | None:
        return self.calls[-1] if self.calls else None


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(_text(x.get("text") or x.get("content") or "") for x in content if isinstance(x, dict))
    return ""


Script = Callable[[Request], list[Block]]
# message and tool-use ids unique across servers: a `--continue` run resumes a transcript that an
# earlier server's ids are in, and the CLI takes a repeated message id for the same message
_IDS = itertools.count(1)


class FakeAnthropic:
    """`with FakeAnthropic(script) as api:` serves on 127.0.0.1 at `api.url` until the block ends."""

    def __init__(self, script: Script):
        self.script = script
        self.requests: list[Request] = []
        self.errors: list[str] = []
        self._ids = _IDS
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeAnthropic:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, body: dict[str, Any]) -> list[Block]:
        req = Request.parse(body)
        with self._lock:
            self.requests.append(req)
            n = next(self._ids)
        if req.is_side_request:
            return [{"type": "text", "text": "ok"}]
        try:
            blocks = self.script(req)
        except Exception:  # noqa: BLE001 - reported to the test, shown to the CLI as the model's answer
            err = traceback.format_exc()
            with self._lock:
                self.errors.append(err)
            return [{"type": "text", "text": "scripted model failed:\n" + err[-1500:]}]
        for i, b in enumerate(blocks):
            if b["type"] == "tool_use":
                b.setdefault("id", f"toolu_{n:04d}_{i}")
        return blocks

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self.send_response(200)
                self.end_headers()

            def do_GET(self) -> None:
                self._json({})

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {}
                if "count_tokens" in self.path:
                    self._json({"input_tokens": len(raw) // 4})
                    return
                if not isinstance(body, dict) or "/messages" not in self.path or not body.get("messages"):
                    self._json({})
                    return
                blocks = api.answer(body)
                stop = "tool_use" if any(b["type"] == "tool_use" for b in blocks) else "end_turn"
                msg = {
                    "id": f"msg_{next(api._ids)}", "type": "message", "role": "assistant",
                    "model": body.get("model", "claude-sonnet-4-5"), "content": blocks,
                    "stop_reason": stop, "stop_sequence": None,
                    "usage": {"input_tokens": len(raw) // 4, "output_tokens": 5,
                              "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
                }
                if body.get("stream"):
                    self._stream(msg)
                else:
                    self._json(msg)

            def _json(self, obj: object) -> None:
                data = json.dumps(obj).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, msg: dict[str, Any]) -> None:
                def ev(name: str, data: dict[str, Any]) -> bytes:
                    return f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n".encode()

                out = [ev("message_start", {"message": msg | {"content": [], "stop_reason": None}})]
                for i, b in enumerate(msg["content"]):
                    if b["type"] == "text":
                        start, delta = {"type": "text", "text": ""}, {"type": "text_delta", "text": b["text"]}
                    else:
                        start = {"type": "tool_use", "id": b["id"], "name": b["name"], "input": {}}
                        delta = {"type": "input_json_delta", "partial_json": json.dumps(b["input"])}
                    out.append(ev("content_block_start", {"index": i, "content_block": start}))
                    out.append(ev("content_block_delta", {"index": i, "delta": delta}))
                    out.append(ev("content_block_stop", {"index": i}))
                out.append(ev("message_delta", {"delta": {"stop_reason": msg["stop_reason"], "stop_sequence": None},
                                                "usage": {"output_tokens": 5}}))
                out.append(ev("message_stop", {}))
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                self.wfile.write(b"".join(out))

        return Handler
