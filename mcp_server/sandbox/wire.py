"""Values as data between the checker and the learner's process, and the learner side's loop.

Not imported by the server: copied beside `harness.py` and imported by both sandboxed
processes (the learner's interpreter; Python 3.9+, the standard library, and torch when the
values hold tensors).

    checker ── request: one JSON line ──▶ learner process: runs the learner's code
            ◀── reply: one JSON line ────

A value crosses as JSON: numbers, strings, lists, and tagged objects for what JSON lacks
(tuples, dicts with any keys, tensors as dtype + shape + base64 bytes, dtypes, slices). No
pickle: decoding runs no code of the sender's. Anything else the learner's code returns stays in
the learner's process and crosses as a reference (`{"$r": id, "ty": [class names]}`) that the
checker can call, index and read attributes of.

Tensors keep their identity across calls: each side remembers every tensor that crossed (its
"tid") and, with every message, sends the ones it changed since (data, `requires_grad`,
`.grad`). So an optimizer written by the learner sees the gradients a test computed, and a test
sees the parameters the learner's step updated — as if both ran in one process. The random
number generator of torch is shared the same way.
"""

import base64
import builtins
import ctypes
import json
import math
import os
import select
import sys
import time
import traceback
import zlib

# The learner's code shares the learner's process with this module and may patch builtins,
# os, json or time there. This module keeps its own copies, taken before exercise.py is
# imported, so such a patch cannot garble the answers (it could only change the learner's own
# results, which its code decides anyway).
__builtins__ = dict(vars(builtins))  # type: ignore[assignment]
_write, _read, _scan = os.write, os.read, json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]
_select, _monotonic, _crc32 = select.select, time.monotonic, zlib.crc32

MAX_DEPTH = 64
MAX_LINE = 256 * 2**20  # one message; a toy exercise's tensors are far smaller
MAX_NUMEL = 64 * 2**20
DTYPES = (
    "float16", "float32", "float64", "bfloat16", "complex64", "complex128",
    "int8", "int16", "int32", "int64", "uint8", "bool",
)  # fmt: skip


class ProtocolError(Exception):
    """A message that is not what the protocol allows (sent by the learner's process)."""


def _torch():
    return sys.modules.get("torch")


def _b64(raw):
    return base64.b64encode(raw).decode("ascii")


def _unb64(text):
    if not isinstance(text, str):
        raise ProtocolError("tensor bytes must be base64 text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as e:
        raise ProtocolError("tensor bytes are not base64: %s" % e) from None


def _tensor_bytes(t):
    c = t.detach().cpu().contiguous()
    n = c.numel() * c.element_size()
    return ctypes.string_at(c.data_ptr(), n) if n else b""


def _digest(t):
    """A checksum of a tensor's contents, read in place."""
    c = t.detach()
    if c.device.type != "cpu" or not c.is_contiguous():
        c = c.cpu().contiguous()
    n = c.numel() * c.element_size()
    return _crc32((ctypes.c_char * n).from_address(c.data_ptr())) if n else 0


def _plain_tensor(torch, d):
    """A new tensor from {"dt", "s", "b"}, checked field by field."""
    if not isinstance(d, dict):
        raise ProtocolError("a tensor must be an object")
    name, shape = d.get("dt"), d.get("s")
    if name not in DTYPES:
        raise ProtocolError("unsupported tensor dtype %r" % (name,))
    if not isinstance(shape, list) or len(shape) > 32:
        raise ProtocolError("a tensor's shape must be a list of at most 32 sizes")
    numel = 1
    for size in shape:
        if type(size) is not int or size < 0:
            raise ProtocolError("a tensor's sizes must be non-negative integers")
        numel *= size
    if numel > MAX_NUMEL:
        raise ProtocolError("a tensor of %d elements is too large to check" % numel)
    dtype = getattr(torch, name)
    raw = _unb64(d.get("b"))
    size = torch.empty((), dtype=dtype).element_size()
    if len(raw) != numel * size:
        raise ProtocolError("a tensor's bytes do not match its shape and dtype")
    if not raw:
        return torch.empty(shape, dtype=dtype)
    return torch.frombuffer(bytearray(raw), dtype=dtype).reshape(shape)


def _plain(torch, t):
    return {"dt": str(t.dtype).split(".")[-1], "s": list(t.shape), "b": _b64(_tensor_bytes(t))}


class Codec:
    """One side's half of the protocol: its tensor mirror, its references, encoding, decoding.

    `side` is "c" (the checker) or "l" (the learner's process). The learner side keeps the
    objects it handed out by reference in `objects`; the checker side keeps a proxy per id in
    `proxies` (made by `make_ref`).
    """

    def __init__(self, side, make_ref=None):
        self.side, self.make_ref = side, make_ref
        self.count = 0
        self.tensors = {}  # tid -> tensor
        self.tid_of = {}  # id(tensor) -> tid
        self.state = {}  # tid -> what the tensor looked like when last sent or received
        self.objects = {}  # learner side: ref id -> object
        self.ref_of = {}  # learner side: id(object) -> ref id
        self.proxies = {}  # checker side: ref id -> proxy
        self.modules = {}  # torch modules sent by value: module id -> module (either side)
        self.module_of = {}  # checker side: id(module) -> module id
        self.rng = None  # torch's RNG state as last synchronised
        self.marked = None  # while decoding a call's result: output index -> tensor

    # -------------------------------------------------------- tensors and their mirror

    def forget(self):
        """Drop the tensor mirror (between tests); references stay valid."""
        self.tensors.clear()
        self.tid_of.clear()
        self.state.clear()
        self.modules.clear()
        self.module_of.clear()

    @staticmethod
    def _look(t):
        """What a tensor looks like now. The contents' checksum is part of it: an update
        through `.data` (an optimizer's `p.data -= lr * p.grad`) does not bump `_version`."""
        g = t.grad
        grad = None if g is None else (id(g), g._version, g.data_ptr(), tuple(g.shape), _digest(g))
        return (t._version, t.data_ptr(), tuple(t.shape), t.dtype, t.requires_grad, _digest(t), grad)

    def encode_tensor(self, t, mirror=True):
        torch = _torch()
        d = _plain(torch, t)
        d["$t"] = None
        d["rg"] = bool(t.requires_grad)
        if isinstance(t, torch.nn.Parameter):
            d["P"] = 1
        if t.grad is not None:
            d["g"] = _plain(torch, t.grad)
        if mirror:
            tid = self.tid_of.get(id(t))
            if tid is None:
                self.count += 1
                tid = "%s%d" % (self.side, self.count)
                self.tensors[tid], self.tid_of[id(t)] = t, tid
            self.state[tid] = self._look(t)
            d["$t"] = tid
        return d

    def decode_tensor(self, d):
        torch = _torch()
        if torch is None:
            import torch  # noqa: F401 - the sender holds tensors, so this side needs torch
            torch = _torch()
        t = _plain_tensor(torch, d)
        rg = d.get("rg") is True and (t.is_floating_point() or t.is_complex())
        grad = _plain_tensor(torch, d["g"]) if d.get("g") is not None else None
        tid = d.get("$t")
        if tid is not None and not isinstance(tid, str):
            raise ProtocolError("a tensor id must be text")
        old = self.tensors.get(tid) if tid is not None else None
        if old is not None:
            with torch.no_grad():
                if old.shape == t.shape and old.dtype == t.dtype:
                    if not torch.equal(old, t):
                        old.copy_(t)
                else:
                    old.data = t
            if old.is_leaf and old.requires_grad != rg:
                old.requires_grad_(rg)
            t = old
        else:
            if d.get("P") == 1 and (t.is_floating_point() or t.is_complex()):
                t = torch.nn.Parameter(t, requires_grad=rg)
            elif rg:
                t.requires_grad_(True)
            if tid is not None:
                self.tensors[tid], self.tid_of[id(t)] = t, tid
        if grad is not None and t.is_leaf and grad.shape == t.shape and grad.dtype == t.dtype:
            t.grad = grad
        elif grad is None and t.is_leaf:
            t.grad = None
        if tid is not None:
            self.state[tid] = self._look(t)
        o = d.get("o")
        if self.marked is not None and type(o) is int:
            self.marked[o] = t
        return t

    def changed(self):
        """The mirrored tensors this side changed since they last crossed, encoded."""
        out = []
        for tid, t in list(self.tensors.items()):
            if self.state.get(tid) != self._look(t):
                out.append(self.encode_tensor(t))
        return out

    def apply(self, items):
        if not isinstance(items, list):
            raise ProtocolError("sync must be a list")
        for d in items:
            if not isinstance(d, dict) or not isinstance(d.get("$t"), str):
                raise ProtocolError("a synchronised tensor must carry its id")
            self.decode_tensor(d)

    def rng_out(self, force=False):
        """torch's RNG state when it changed since last sent (or `force`), else None."""
        torch = _torch()
        if torch is None:
            return None
        now = _tensor_bytes(torch.get_rng_state())
        if now == self.rng and not force:
            return None
        self.rng = now
        return _b64(now)

    def rng_in(self, text):
        if text is None:
            return
        raw = _unb64(text)
        torch = _torch()
        if torch is None:
            return
        try:
            torch.set_rng_state(torch.frombuffer(bytearray(raw), dtype=torch.uint8))
        except (RuntimeError, ValueError) as e:
            raise ProtocolError("bad random-number state: %s" % e) from None
        self.rng = raw

    # -------------------------------------------------------- values

    def encode(self, v, depth=0, mirror=True):
        if depth > MAX_DEPTH:
            raise ValueError("the value is nested more than %d levels deep" % MAX_DEPTH)
        if v is None or v is True or v is False:
            return v
        if isinstance(v, bool):
            return bool(v)
        if isinstance(v, int):
            return int(v)
        if isinstance(v, float):
            f = float(v)
            return f if math.isfinite(f) else {"$f": repr(f)}
        if isinstance(v, str):
            return str(v)
        if isinstance(v, complex):
            return {"$c": [self.encode(v.real), self.encode(v.imag)]}
        if isinstance(v, (bytes, bytearray)):
            return {"$by": _b64(bytes(v))}
        if self.side == "c" and getattr(type(v), "_is_remote_ref", False):
            return {"$r": object.__getattribute__(v, "_rid")}
        torch = _torch()
        if torch is not None:
            if isinstance(v, torch.Tensor):
                if v.is_sparse or v.is_quantized or v.device.type == "meta":
                    raise TypeError("a sparse, quantized or meta tensor cannot be checked")
                return self.encode_tensor(v, mirror)
            if isinstance(v, torch.Size):
                return {"$sz": [int(x) for x in v]}
            if isinstance(v, torch.dtype):
                return {"$dt": str(v).split(".")[-1]}
            if isinstance(v, torch.device):
                return {"$dev": str(v)}
            if self.side == "c" and isinstance(v, torch.nn.Module):
                return self.encode_module(torch, v, depth, mirror)
        if isinstance(v, list):
            return [self.encode(x, depth + 1, mirror) for x in v]
        if isinstance(v, tuple) and not hasattr(v, "_fields"):
            return {"$tu": [self.encode(x, depth + 1, mirror) for x in v]}
        if isinstance(v, dict):
            return {"$d": [[self.encode(k, depth + 1, mirror), self.encode(x, depth + 1, mirror)]
                           for k, x in v.items()]}  # fmt: skip
        if isinstance(v, (set, frozenset)):
            return {"$set": [self.encode(x, depth + 1, mirror) for x in v]}
        if isinstance(v, slice):
            return {"$sl": [self.encode(v.start), self.encode(v.stop), self.encode(v.step)]}
        if v is Ellipsis:
            return {"$el": 1}
        if type(v).__module__ == "numpy" and hasattr(v, "shape"):
            if v.shape == ():
                return self.encode(v.item(), depth)
            if torch is not None:
                return {"$np": self.encode_tensor(torch.as_tensor(v), mirror=False)}
        if self.side == "l":
            return self.ref(v)
        raise TypeError(
            "a %s cannot be passed to the solution: only numbers, text, lists, tuples, dicts and "
            "tensors cross to its process; build torch objects there with remote.new(...)" % type(v).__name__
        )

    def encode_module(self, torch, m, depth, mirror):
        """A torch.nn module of the checker's, rebuilt in the learner's process (once per test).

        Its parameters and buffers cross as mirrored tensors, so both copies keep the same
        values: what the learner's code does to them (freezing, an update) shows here.
        Only torch's own classes cross; a class a test defines has no code on the other side.
        """
        mid = self.module_of.get(id(m))
        if mid is not None:
            return {"$m": mid}
        cls = type(m)
        path = "%s.%s" % (cls.__module__, cls.__qualname__)
        if not path.startswith("torch.") or "<" in path:
            raise TypeError(
                "a %s cannot be passed to the solution: only torch's own modules (nn.Linear, "
                "nn.ModuleList...) cross to its process, not a class the tests define" % cls.__name__
            )
        self.count += 1
        mid = self.count
        self.modules[mid], self.module_of[id(m)] = m, mid
        state = []
        for key, value in vars(m).items():
            if key in ("_parameters", "_buffers", "_modules"):
                items = [[name, None if x is None else self.encode(x, depth + 1, mirror)] for name, x in value.items()]
                state.append([key, items])
            elif not key.startswith("_") and _plain_value(value):
                state.append([key, self.encode(value, depth + 1, mirror)])
        return {"$mod": [mid, path, state]}

    def decode_module(self, body, depth):
        """The learner's side of `encode_module`."""
        if not isinstance(body, list) or len(body) != 3 or type(body[0]) is not int:
            raise ProtocolError("a module is [id, class, state]")
        mid, path, state = body
        torch = _torch()
        cls = _resolve(path)
        if not (isinstance(cls, type) and issubclass(cls, torch.nn.Module)):
            raise ProtocolError("%r is not a torch module" % (path,))
        m = cls.__new__(cls)
        torch.nn.Module.__init__(m)
        self.modules[mid] = m
        for entry in self._list(state):
            if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], str):
                raise ProtocolError("a module's state is a list of [name, value]")
            key, value = entry
            if key in ("_parameters", "_buffers", "_modules"):
                table = getattr(m, key)
                for item in self._list(value):
                    if not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], str):
                        raise ProtocolError("a module's %s is a list of [name, value]" % key)
                    table[item[0]] = self.decode(item[1], depth + 1)
            elif not key.startswith("_"):
                m.__dict__[key] = self.decode(value, depth + 1)
        return m

    def ref(self, v):
        rid = self.ref_of.get(id(v))
        if rid is None:
            self.count += 1
            rid = self.count
            self.objects[rid], self.ref_of[id(v)] = v, rid
        names = []
        for cls in type(v).__mro__[:-1]:
            names.append("%s.%s" % (cls.__module__, cls.__qualname__))
        return {"$r": rid, "ty": names[:16], "c": bool(callable(v))}

    def decode(self, v, depth=0):
        if depth > MAX_DEPTH:
            raise ProtocolError("a value nested more than %d levels deep" % MAX_DEPTH)
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, list):
            return [self.decode(x, depth + 1) for x in v]
        if not isinstance(v, dict) or len(v) == 0:
            raise ProtocolError("unexpected %s" % type(v).__name__)
        if "$t" in v:
            return self.decode_tensor(v)
        (tag, body), *rest = v.items()
        if rest and tag != "$r":
            raise ProtocolError("a tagged value has one tag")
        if tag == "$tu":
            return tuple(self.decode(x, depth + 1) for x in self._list(body))
        if tag == "$d":
            out = {}
            for pair in self._list(body):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise ProtocolError("a dict item must be a pair")
                key = self.decode(pair[0], depth + 1)
                try:
                    out[key] = self.decode(pair[1], depth + 1)
                except TypeError:
                    raise ProtocolError("a dict key must be hashable") from None
            return out
        if tag == "$set":
            try:
                return set(self.decode(x, depth + 1) for x in self._list(body))
            except TypeError:
                raise ProtocolError("a set item must be hashable") from None
        if tag == "$f":
            if body not in ("nan", "inf", "-inf"):
                raise ProtocolError("bad float %r" % (body,))
            return float(body)
        if tag == "$c":
            parts = self._list(body)
            if len(parts) != 2 or not all(isinstance(p, (int, float)) for p in parts):
                raise ProtocolError("a complex number is two numbers")
            return complex(*parts)
        if tag == "$by":
            return _unb64(body)
        if tag == "$sl":
            parts = self._list(body)
            if len(parts) != 3:
                raise ProtocolError("a slice has three parts")
            return slice(*(self.decode(p, depth + 1) for p in parts))
        if tag == "$el":
            return Ellipsis
        if tag == "$mod" and self.side == "l":
            return self.decode_module(body, depth)
        if tag == "$m" and self.side == "l":
            if body not in self.modules:
                raise ProtocolError("unknown module %r" % (body,))
            return self.modules[body]
        if tag in ("$sz", "$dt", "$dev", "$np"):
            torch = _torch()
            if torch is None:
                import torch
            if tag == "$sz":
                if not all(type(x) is int for x in self._list(body)):
                    raise ProtocolError("a size is a list of integers")
                return torch.Size(body)
            if tag == "$dt":
                if body not in DTYPES:
                    raise ProtocolError("unsupported dtype %r" % (body,))
                return getattr(torch, body)
            if tag == "$dev":
                if not isinstance(body, str) or len(body) > 40:
                    raise ProtocolError("bad device")
                return torch.device(body)
            t = _plain_tensor(torch, body)
            return t.numpy() if "numpy" in sys.modules or _has_numpy() else t
        if tag == "$r":
            rid = body
            if type(rid) is not int:
                raise ProtocolError("a reference id is an integer")
            if self.side == "l":
                if rid not in self.objects:
                    raise ProtocolError("unknown reference %d" % rid)
                return self.objects[rid]
            proxy = self.proxies.get(rid)
            if proxy is None:
                types = v.get("ty", [])
                if not isinstance(types, list) or not all(isinstance(t, str) and len(t) < 300 for t in types):
                    raise ProtocolError("a reference's types are a list of names")
                proxy = self.proxies[rid] = self.make_ref(rid, types[:16], v.get("c") is True)
            return proxy
        raise ProtocolError("unknown tag %r" % (tag,))

    @staticmethod
    def _list(body):
        if not isinstance(body, list):
            raise ProtocolError("expected a list")
        return body


def _plain_value(v, depth=0):
    """Whether a module's attribute is a plain setting (a size, a flag, a name) to copy over."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return True
    torch = _torch()
    if torch is not None and isinstance(v, torch.dtype):
        return True
    return isinstance(v, tuple) and depth < 4 and all(_plain_value(x, depth + 1) for x in v)


def _has_numpy():
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


# ------------------------------------------------------------------ framing


def _make_encoder():
    """JSON text for the protocol's values, from functions captured now (see the top).

    json.dumps would call isinstance and friends through the builtins the learner's code may
    have replaced; this encoder calls only what it captured here.
    """
    escape = json.encoder.encode_basestring_ascii  # C code, no builtins
    is_a, t_bool, t_int, t_float, t_str, t_dict, t_list, t_tuple = (
        isinstance, bool, int, float, str, dict, list, tuple
    )  # fmt: skip
    int_repr, float_repr, join, items, finite = int.__repr__, float.__repr__, str.join, dict.items, math.isfinite

    def enc(v, out, depth):
        if depth > MAX_DEPTH + 8:
            raise ValueError("a message nested too deeply")
        if v is None:
            out.append("null")
        elif v is True:
            out.append("true")
        elif v is False:
            out.append("false")
        elif is_a(v, t_str):
            out.append(escape(v))
        elif is_a(v, t_int) and not is_a(v, t_bool):
            out.append(int_repr(v))
        elif is_a(v, t_float):
            if not finite(v):
                raise ValueError("a non-finite float must be tagged")
            out.append(float_repr(v))
        elif is_a(v, t_dict):
            out.append("{")
            first = True
            for k, x in items(v):
                if not is_a(k, t_str):
                    raise TypeError("a message's keys are text")
                if not first:
                    out.append(",")
                first = False
                out.append(escape(k))
                out.append(":")
                enc(x, out, depth + 1)
            out.append("}")
        elif is_a(v, (t_list, t_tuple)):
            out.append("[")
            for i, x in enumerate(v):
                if i:
                    out.append(",")
                enc(x, out, depth + 1)
            out.append("]")
        else:
            raise TypeError("a %s is not part of the protocol" % type(v).__name__)

    def encode(message):
        out = []
        enc(message, out, 0)
        return join("", out)

    return encode


_encode_json = _make_encoder()


def write_line(fd, message):
    data = (_encode_json(message) + "\n").encode("ascii")
    view = memoryview(data)
    while view:
        n = _write(fd, view)
        view = view[n:]


class LineReader:
    """Reads one JSON line at a time from a pipe, with a deadline and a size bound."""

    def __init__(self, fd):
        self.fd, self.buffer = fd, b""

    def read(self, timeout=None):
        """The next message; None at end of file; TimeoutError when `timeout` passes first."""
        deadline = None if timeout is None else _monotonic() + timeout
        while b"\n" not in self.buffer:
            if deadline is not None:
                left = deadline - _monotonic()
                if left <= 0 or not _select([self.fd], [], [], left)[0]:
                    raise TimeoutError
            chunk = _read(self.fd, 1 << 20)
            if not chunk:
                return None
            self.buffer += chunk
            if len(self.buffer) > MAX_LINE:
                raise ProtocolError("a message over %d MiB" % (MAX_LINE >> 20))
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            text = line.decode("utf-8")
            value, end = _scan(text, 0)
        except (ValueError, StopIteration, RecursionError) as e:  # (nesting deeper than the stack)
            raise ProtocolError("a message that is not JSON: %r" % (e,)) from None
        if end != len(text):
            raise ProtocolError("a message that is not JSON: text after the value")
        return value


# ------------------------------------------------------------------ the learner's side

WATCHED = (
    ("torch.testing", "assert_close"), ("torch", "allclose"), ("torch", "equal"),
    ("torch", "isclose"), ("math", "isclose"), ("builtins", "isinstance"), ("builtins", "all"),
    ("builtins", "abs"), ("builtins", "len"), ("os", "_exit"),
)  # fmt: skip


def _replaced():
    """The watched names whose value no longer comes from its own module (the learner's patch)."""
    out = []
    for module, name in WATCHED:
        mod = sys.modules.get(module)
        f = getattr(mod, name, None) if mod is not None else None
        if f is None:
            continue
        owner = getattr(f, "__module__", None)
        own = ("posix", "nt") if module == "os" else (module.split(".")[0],)
        if not (isinstance(owner, str) and owner.split(".")[0] in own):
            out.append(module + "." + name)
    return out


def _where(e, work):
    """The innermost line of the learner's own files in a traceback, as text ("" if unknown)."""
    found = ""
    try:
        for frame in traceback.extract_tb(e.__traceback__):
            if frame.filename.startswith(work + os.sep):
                name = os.path.basename(frame.filename)
                line = ": " + frame.line.strip()[:120] if frame.line else ""
                found = "%s, line %d%s" % (name, frame.lineno, line)
    except BaseException:  # noqa: BLE001 - the stdlib may run on the learner's patched builtins
        return found
    return found


def serve(req_fd, rep_fd, work):
    """Import the learner's exercise.py and answer the checker's requests until it closes."""
    codec = Codec("l")
    reader = LineReader(req_fd)
    tracked = {}  # call id -> (inputs, outputs) of a call whose outputs need gradients
    try:
        import exercise

        module, failure = exercise, None
    except BaseException as e:  # noqa: BLE001 - any failure of the learner's import is reported
        module, failure = None, e
    reported = set()

    def fail(e):
        return {"exc": {"type": type(e).__name__, "msg": _message(e), "where": _where(e, work)}}

    while True:
        try:
            msg = reader.read()
        except ProtocolError:
            return
        if msg is None:
            return
        if not isinstance(msg, dict):
            return
        reply = {}
        try:
            codec.rng_in(msg.get("rng"))
            codec.apply(msg.get("sync", []))
            reply = _handle(codec, msg, module, failure, tracked)
        except BaseException as e:  # noqa: BLE001 - the learner's exception goes to the checker
            reply = fail(e)
        reply["q"] = msg.get("q")  # which request this answers
        flush_streams()  # what the call printed is in output.log before the checker can finish
        try:
            reply["sync"] = codec.changed()  # (no RNG state: the checker's random stream is its own)
            tampered = [k for k in _replaced() if k not in reported]
            if tampered:
                reported.update(tampered)
                reply["tampered"] = tampered
            write_line(rep_fd, reply)
        except BaseException as e:  # noqa: BLE001 - an unencodable reply is still an answer
            try:
                write_line(rep_fd, dict(fail(e), q=msg.get("q")))
            except BaseException:  # noqa: BLE001
                return


def flush_streams():
    """Flush stdout and stderr, whatever the learner's code did to them."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - the learner's code may have replaced them
            pass


def _message(e):
    try:
        return str(e)[:400]
    except BaseException:  # noqa: BLE001
        return "<unprintable>"


def _grad_mode(torch, enabled):
    torch = _torch()  # the call itself may import it
    return torch.set_grad_enabled(enabled) if torch is not None else _NoContext()


class _NoContext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _tensors_in(value, out, depth=0):
    torch = _torch()
    if torch is None or depth > MAX_DEPTH:
        return out
    if isinstance(value, torch.Tensor):
        out.append(value)
    elif isinstance(value, (list, tuple)):
        for x in value:
            _tensors_in(x, out, depth + 1)
    elif isinstance(value, dict):
        for x in value.values():
            _tensors_in(x, out, depth + 1)
    return out


def _handle(codec, msg, module, failure, tracked):
    op = msg.get("op")
    if op == "forget":
        codec.forget()
        tracked.clear()
        return {"ok": None}
    if failure is not None and op in ("attr", "dir"):
        raise ImportError("your exercise.py could not be imported: %s: %s" % (type(failure).__name__, _message(failure)))
    obj = module if msg.get("obj") is None else codec.decode({"$r": msg.get("obj")})
    torch = _torch()
    if op == "attr":
        return {"ok": codec.encode(getattr(obj, _name(msg)))}
    if op == "dir":
        return {"ok": [n for n in dir(obj) if isinstance(n, str)]}
    if op == "setattr":
        setattr(obj, _name(msg), codec.decode(msg.get("value")))
        return {"ok": None}
    if op == "getitem":
        return {"ok": codec.encode(obj[codec.decode(msg.get("key"))])}
    if op == "setitem":
        obj[codec.decode(msg.get("key"))] = codec.decode(msg.get("value"))
        return {"ok": None}
    if op == "len":
        return {"ok": len(obj)}
    if op == "list":
        items = []
        for i, x in enumerate(obj):
            if i >= 100000:
                raise ValueError("more than 100000 items")
            items.append(x)
        return {"ok": codec.encode(items)}
    if op in ("str", "repr"):
        return {"ok": (str if op == "str" else repr)(obj)[:2000]}
    if op == "isinstance":
        target = _resolve(msg.get("path"))
        return {"ok": isinstance(obj, target)}
    if op in ("call", "new"):
        fn = obj if op == "call" else _resolve(msg.get("path"))
        args = codec.decode(msg.get("args", []))
        kwargs = codec.decode(msg.get("kwargs", {"$d": []}))
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            raise ProtocolError("call arguments must be a list and a dict")
        enabled = msg.get("grad") is not False  # the checker's grad mode
        track = enabled and torch is not None
        inputs = []
        if track:  # tensors the checker differentiates through get a fresh leaf here
            args, kwargs = _detach_needed(torch, args, inputs), _detach_needed(torch, kwargs, inputs)
        with _grad_mode(torch, enabled):
            result = fn(*args, **kwargs)
        outs = [t for t in _tensors_in(result, []) if t.requires_grad] if track else []
        if not outs:
            return {"ok": codec.encode(result)}
        cid = len(tracked) + 1
        tracked[cid] = (inputs, outs)
        marked = {id(t): i for i, t in enumerate(outs)}
        encoded = _encode_marked(codec, result, marked)
        return {"ok": encoded, "call": cid, "n": len(outs), "k": len(inputs)}
    if op == "backward":
        cid = msg.get("call")
        if cid not in tracked:
            raise ProtocolError("unknown call %r" % (cid,))
        inputs, outs = tracked[cid]
        grads = codec.decode(msg.get("grads"))
        if not isinstance(grads, list) or len(grads) != len(outs):
            raise ProtocolError("one gradient per output")
        for x in inputs:
            x.grad = None
        pairs = [(o, g) for o, g in zip(outs, grads) if g is not None]
        if pairs:
            torch.autograd.backward([o for o, _ in pairs], [g for _, g in pairs], retain_graph=True)
        return {"ok": [None if x.grad is None else codec.encode_tensor(x.grad, mirror=False) for x in inputs]}
    raise ProtocolError("unknown operation %r" % (op,))


def _name(msg):
    name = msg.get("name")
    if not isinstance(name, str) or len(name) > 200:
        raise ProtocolError("an attribute name is text")
    return name


def import_path(path):
    """The object a dotted path names ("torch.nn.Linear"), importing the modules on the way."""
    import importlib

    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj
    raise ValueError("no such name %r" % path)


def _resolve(path):
    """`torch.nn.Linear` and the like: only names under torch, math, random and collections."""
    if not isinstance(path, str) or path.split(".")[0] not in ("torch", "math", "random", "collections"):
        raise ValueError("remote.new builds only torch, math, random or collections objects, not %r" % (path,))
    return import_path(path)


def _detach_needed(torch, value, inputs, depth=0):
    """`value` with each tensor that requires grad replaced by a fresh leaf, noted in `inputs`."""
    if isinstance(value, torch.Tensor) and value.requires_grad:
        leaf = value.detach().requires_grad_(True)
        inputs.append(leaf)
        return leaf
    if depth > MAX_DEPTH:
        return value
    if isinstance(value, list):
        return [_detach_needed(torch, x, inputs, depth + 1) for x in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_detach_needed(torch, x, inputs, depth + 1) for x in value)
    if isinstance(value, dict):
        return {k: _detach_needed(torch, x, inputs, depth + 1) for k, x in value.items()}
    return value


def _encode_marked(codec, result, marked):
    """Encode a tracked call's result: its differentiable tensors carry their output index."""
    torch = _torch()

    def walk(v, depth=0):
        if isinstance(v, torch.Tensor) and id(v) in marked:
            d = codec.encode_tensor(v, mirror=False)
            d["o"] = marked[id(v)]
            return d
        if depth > MAX_DEPTH:
            return codec.encode(v, depth)
        if isinstance(v, list):
            return [walk(x, depth + 1) for x in v]
        if isinstance(v, tuple) and not hasattr(v, "_fields"):
            return {"$tu": [walk(x, depth + 1) for x in v]}
        if isinstance(v, dict):
            return {"$d": [[codec.encode(k), walk(x, depth + 1)] for k, x in v.items()]}
        return codec.encode(v, depth)

    return walk(result)
