"""The checker's side: the learner's `exercise` module as seen from the process that grades it.

Not imported by the server: copied beside `harness.py`. The checker process puts a stand-in
module named `exercise` in `sys.modules` whose attributes are fetched from the learner's
process (`wire.serve`), so a test's `from exercise import f` and `f(x)` run the learner's `f`
there and bring back only its result, as data. The tests, the test library and the verdicts
stay in the checker, which never imports the learner's code.

What crosses keeps the meaning it has in one process:
- results are numbers, lists, tensors...; other objects (a learner's module, a generator) stay
  in the learner's process and come back as a `Ref` that can be called, indexed, iterated and
  read; `isinstance(ref, torch.nn.Linear)` asks the learner's process which class it holds;
- a test can differentiate through the learner's functions: `Bridge` sends the gradient of
  the outputs back and the learner's process runs autograd there (its parameters get their
  `.grad` as they would in one process);
- tensors and torch's random generator are shared (see `wire.Codec`).

Tests use this module directly only to build torch objects on the learner's side that the
learner's code keeps (`remote.new("torch.nn.Linear", 10, 6)`), when a test would otherwise
hand the solution a module of its own. Outside the sandbox (`connected()` is False) the same
calls run locally, so the curated tests also run in a plain interpreter.
"""

import builtins
import os
import sys
import time
import types

import wire

MAX_DETECTED = 20  # what grading noticed, at most this many notes (each at most 300 characters)


def _module_class():
    torch = sys.modules.get("torch")
    return torch.nn.Module if torch is not None else ()


_link = None
_exceptions: dict = {}  # (name, builtin base) -> the class re-raised here


class SolutionGone(BaseException):  # not an Exception: a test's `except Exception` must not hide it
    """The learner's process ended (or stopped answering) during a test."""


class SolutionTimeout(BaseException):
    """The learner's code took longer than the time one call may take."""


class LearnerRaised:
    """Mixed into the exception re-raised here for one the learner's code raised."""


def connected():
    return _link is not None


def new(path, *args, **kwargs):
    """Build `path` (e.g. "torch.nn.Linear") in the learner's process; a Ref to it."""
    if _link is None:
        return wire.import_path(path)(*args, **kwargs)
    return _link.call(None, args, kwargs, op="new", path=path)


def isinstance(obj, cls):  # noqa: A001 - remote.isinstance reads as what it is
    """Whether `obj` (a Ref or a local value) is an instance of `cls` (a class or a dotted path)."""
    if type(obj) is Ref:
        path = cls if builtins.isinstance(cls, str) else "%s.%s" % (cls.__module__, cls.__qualname__)
        return _link.request({"op": "isinstance", "obj": object.__getattribute__(obj, "_rid"), "path": path})["ok"]
    if builtins.isinstance(cls, str):
        cls = wire.import_path(cls)
    return builtins.isinstance(obj, cls)


# ------------------------------------------------------------------ the link


class Link:
    """Requests to the learner's process, one at a time, each answered within `timeout` seconds."""

    def __init__(self, req_fd, rep_fd, timeout):
        self.req_fd, self.timeout = req_fd, timeout
        self.reader = wire.LineReader(rep_fd)
        self.codec = wire.Codec("c", make_ref=Ref._make)
        self.asked = 0  # requests sent; each reply names the one it answers
        self.dead = ""  # why the learner's process no longer answers
        self.detected = []  # what the learner's code did that grading noticed, in order
        self.reseeded = False  # a test seeded torch since the RNG state was last sent
        self.seeding_watched = False

    def notice(self, what):
        if what not in self.detected and len(self.detected) < MAX_DETECTED:
            self.detected.append(str(what)[:300])

    def _watch_seeding(self, torch):
        """Note every seeding by a test: seeding to the state last sent must be sent again.

        The RNG state travels from the checker to the solution's process only, so the
        solution cannot pick the random inputs of later tests. Its process keeps the state its
        own code advanced to between calls, unless the test seeds (or draws) in between.
        """
        self.seeding_watched = True
        link = self
        for owner in (torch, getattr(torch, "random", None)):
            for name in ("manual_seed", "seed", "set_rng_state"):
                original = getattr(owner, name, None)
                if original is None or getattr(original, "_notes_seeding", False):
                    continue

                def seeding(*args, _original=original, **kwargs):
                    link.reseeded = True
                    return _original(*args, **kwargs)

                seeding._notes_seeding = True
                setattr(owner, name, seeding)

    def request(self, msg):
        if self.dead:
            raise SolutionGone(self.dead)
        torch = sys.modules.get("torch")
        if torch is not None:
            msg.setdefault("grad", torch.is_grad_enabled())
        msg["sync"] = self.codec.changed()
        if torch is not None and not self.seeding_watched:
            self._watch_seeding(torch)
        rng = self.codec.rng_out(force=self.reseeded)
        self.reseeded = False
        if rng is not None:
            msg["rng"] = rng
        self.asked += 1
        msg["q"] = self.asked
        try:
            wire.write_line(self.req_fd, msg)
            reply = self._answer(self.asked)
        except TimeoutError:
            self.dead = "the solution did not answer within %g s" % self.timeout
            raise SolutionTimeout(self.dead) from None
        except wire.ProtocolError as e:
            self.dead = "the solution's process broke the protocol (%s)" % e
            self.notice("the solution's process sent something that is not an answer: %s" % e)
            raise SolutionGone(self.dead) from None
        except OSError:
            reply = None
        if reply is None:
            self.dead = "the solution's process ended"
            raise SolutionGone(self.dead)
        if not builtins.isinstance(reply, dict):
            self.dead = "the solution's process sent a malformed answer"
            self.notice(self.dead)
            raise SolutionGone(self.dead)
        for name in reply.get("tampered", []) if builtins.isinstance(reply.get("tampered"), list) else []:
            self.notice(
                "your code replaced %s; it changes nothing here (the tests run in a separate process)"
                % str(name)[:80]
            )
        self.codec.apply(reply.get("sync", []))
        if "exc" in reply:
            raise _learner_exception(reply["exc"])
        return reply

    def _answer(self, q):
        """The reply to request `q`; other lines (the learner's code writing to this pipe) are noted."""
        deadline = time.monotonic() + self.timeout
        for _ in range(10000):
            try:
                reply = self.reader.read(max(0.0, deadline - time.monotonic()))
            except wire.ProtocolError as e:
                if "not JSON" not in str(e):
                    raise
                reply = e
            if reply is None or (builtins.isinstance(reply, dict) and reply.get("q") == q):
                return reply
            self.notice("your code wrote to the channel the grading reads; what it wrote was ignored")
        raise wire.ProtocolError("too many lines that answer nothing")

    def value(self, msg):
        return self.codec.decode(self.request(msg).get("ok"))

    def forget(self):
        """Between tests: drop the tensor mirror on both sides."""
        if not self.dead:
            self.request({"op": "forget"})
        self.codec.forget()

    def call(self, rid, args, kwargs, op="call", path=None):
        torch = sys.modules.get("torch")
        enabled = torch.is_grad_enabled() if torch is not None else True
        need = _needing_grad(torch, [list(args), dict(kwargs)], []) if torch is not None and enabled else []
        msg = {
            "op": op,
            "obj": rid,
            "path": path,
            "args": self.codec.encode(list(args)),
            "kwargs": self.codec.encode(dict(kwargs)),
        }
        reply = self.request(msg)
        self.codec.marked = {}
        try:
            value = self.codec.decode(reply.get("ok"))
            marked = self.codec.marked
        finally:
            self.codec.marked = None
        if "call" not in reply:
            return value
        n = reply.get("n")
        outs = [marked.get(i) for i in range(n)] if builtins.isinstance(n, int) and 0 < n < 10000 else None
        if outs is None or any(o is None for o in outs) or reply.get("k") != len(need):
            raise wire.ProtocolError("the answer does not say which outputs are differentiable")
        info = _Info(self, reply["call"], outs, need)
        bridged = _bridge().apply(info, torch.zeros((), requires_grad=True), *need)
        swap = {id(o): b for o, b in zip(outs, bridged)}
        return _replace(value, swap)


class _Info:
    def __init__(self, link, cid, outs, inputs):
        self.link, self.cid, self.outs, self.inputs = link, cid, outs, inputs


def _needing_grad(torch, value, out, depth=0):
    """Tensors that require grad, in the order `wire._detach_needed` meets them."""
    if builtins.isinstance(value, torch.Tensor):
        if value.requires_grad:
            out.append(value)
    elif depth <= wire.MAX_DEPTH:
        if builtins.isinstance(value, (list, tuple)):
            for x in value:
                _needing_grad(torch, x, out, depth + 1)
        elif builtins.isinstance(value, dict):
            for x in value.values():
                _needing_grad(torch, x, out, depth + 1)
    return out


def _replace(value, swap, depth=0):
    if id(value) in swap:
        return swap[id(value)]
    if depth > wire.MAX_DEPTH:
        return value
    if type(value) is list:
        return [_replace(x, swap, depth + 1) for x in value]
    if type(value) is tuple:
        return tuple(_replace(x, swap, depth + 1) for x in value)
    if type(value) is dict:
        return {k: _replace(x, swap, depth + 1) for k, x in value.items()}
    return value


_BRIDGE: list = []


def _bridge():
    """The autograd function that runs a call's backward pass in the learner's process."""
    if _BRIDGE:
        return _BRIDGE[0]
    import torch

    class Bridge(torch.autograd.Function):
        @staticmethod
        def forward(ctx, info, anchor, *inputs):
            ctx.info = info
            ctx.set_materialize_grads(False)
            return tuple(o.detach().clone() for o in info.outs)

        @staticmethod
        def backward(ctx, *grads):
            info = ctx.info
            link = info.link
            got = link.value(
                {"op": "backward", "call": info.cid, "grads": link.codec.encode(list(grads), mirror=False)}
            )
            if not builtins.isinstance(got, list) or len(got) != len(info.inputs):
                raise RuntimeError("the solution's process returned no gradient for this call's inputs")
            out = []
            for g, x in zip(got, info.inputs):
                if g is not None and (not builtins.isinstance(g, torch.Tensor) or g.shape != x.shape):
                    raise RuntimeError("the gradient of an input came back with the wrong shape")
                out.append(None if g is None else g.to(x.dtype))
            return (None, None, *out)

    _BRIDGE.append(Bridge)
    return Bridge


def _learner_exception(exc):
    """The learner's exception as one of the same builtin class (so `except ValueError` works)."""
    if not builtins.isinstance(exc, dict):
        return SolutionGone("the solution's process sent a malformed error")
    name = str(exc.get("type", "Exception"))[:80]
    text = str(exc.get("msg", ""))[:400]
    where = str(exc.get("where", ""))[:200]
    if name in ("StopIteration", "StopAsyncIteration"):
        # as PEP 479 does for generators: raised here it would end a test's map() or loop quietly
        name, text = "RuntimeError", "the solution raised %s: %s" % (name, text)
    base = getattr(builtins, name, None)
    if not (builtins.isinstance(base, type) and issubclass(base, Exception)):
        base = Exception
    cls = _exceptions.get((name, base))
    if cls is None:
        cls = _exceptions[(name, base)] = type(name, (base, LearnerRaised), {"__module__": "exercise"})
    e = cls(text + (" (raised at %s)" % where if where else ""))
    return e


# ------------------------------------------------------------------ references


class Ref:
    """An object that lives in the learner's process."""

    _is_remote_ref = True
    __slots__ = ("_rid", "_types", "_callable", "__weakref__")

    @staticmethod
    def _make(rid, types_, is_callable):
        ref = object.__new__(Ref)
        object.__setattr__(ref, "_rid", rid)
        object.__setattr__(ref, "_types", tuple(types_))
        object.__setattr__(ref, "_callable", is_callable)
        return ref

    def _id(self):
        return object.__getattribute__(self, "_rid")

    @property  # type: ignore[misc]
    def __class__(self):  # isinstance(ref, torch.nn.Linear) falls back to this
        for name in object.__getattribute__(self, "_types"):
            module, _, qualname = name.rpartition(".")
            if module.split(".")[0] != "torch" or "<" in qualname:
                continue
            mod = sys.modules.get(module)
            cls = getattr(mod, qualname, None) if mod is not None else None
            # a module class only: torch's own C checks trust __class__ (a "Tensor" would crash them)
            if builtins.isinstance(cls, type) and issubclass(cls, _module_class()):
                return cls
        return Ref

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _link.value({"op": "attr", "obj": Ref._id(self), "name": name})

    def __setattr__(self, name, value):
        _link.request({"op": "setattr", "obj": Ref._id(self), "name": name, "value": _link.codec.encode(value)})

    def __call__(self, *args, **kwargs):
        return _link.call(Ref._id(self), args, kwargs)

    def __getitem__(self, key):
        return _link.value({"op": "getitem", "obj": Ref._id(self), "key": _link.codec.encode(key)})

    def __setitem__(self, key, value):
        codec = _link.codec
        _link.request({"op": "setitem", "obj": Ref._id(self), "key": codec.encode(key), "value": codec.encode(value)})

    def __len__(self):
        n = _link.value({"op": "len", "obj": Ref._id(self)})
        if type(n) is not int or n < 0:
            raise TypeError("len() of the solution's object is not a non-negative integer")
        return n

    def __iter__(self):
        items = _link.value({"op": "list", "obj": Ref._id(self)})
        if type(items) is not list:
            raise TypeError("the solution's object did not iterate to a list")
        return iter(items)

    def __contains__(self, item):
        return any(x is item or x == item for x in self)

    def __repr__(self):
        return str(_link.value({"op": "repr", "obj": Ref._id(self)}))

    def __str__(self):
        return str(_link.value({"op": "str", "obj": Ref._id(self)}))

    def __dir__(self):
        return list(_link.value({"op": "dir", "obj": Ref._id(self)}))


class ExerciseModule(types.ModuleType):
    """`exercise` in the checker: each attribute is fetched from the learner's process."""

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _link.value({"op": "attr", "obj": None, "name": name})

    def __dir__(self):
        return list(_link.value({"op": "dir", "obj": None}))


def connect(req_fd, rep_fd, timeout):
    """Make `exercise` the learner's module, reached over the two pipes; returns the link."""
    global _link
    _link = Link(req_fd, rep_fd, timeout)
    module = ExerciseModule("exercise")
    module.__file__ = os.path.join(os.getcwd(), "exercise.py")
    sys.modules["exercise"] = module
    return _link
