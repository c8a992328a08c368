"""The program the sandbox starts, once per role: it isolates itself, then serves or checks.

`mcp_server.sandbox` copies this file (with `wire.py` and `remote.py`) into the run's
temporary folder and starts it twice as `<learner's python> -I -B harness.py` in new sessions,
with stdout and stderr going to size-capped files. The configuration, including a random
per-run nonce and the process's role, arrives as one JSON line on stdin; nothing of it is
printed, put in the environment or written to a file the learner's code can see.

Roles:
    learner  the solution's process: imports `exercise.py` and answers the checker's calls
             (`wire.serve`). Its records pipe carries only its setup, and it closes that pipe
             before the learner's code runs.
    checker  reads the tests while it still may, drops privileges, and runs each test
             function with `exercise` standing in for the other process (`remote`). It alone
             writes verdicts.

Processes of each role (Linux, when namespaces can be made):

    outer    reads the configuration, asks to die with its parent (PR_SET_PDEATHSIG),
             unshares the mount, network and pid namespaces (plus a user namespace when not
             root), gives itself a minimal /dev, hides forbidden paths, reveals the
             interpreter to nobody where needed, makes every mount read-only except its dir
     └ init  pid 1 of the new pid namespace, with its own /proc: when it dies, the kernel
             kills every process in the namespace, so nothing forked outlives the run;
             reports how the runner ended
        └ runner  drops privileges (to nobody when the server is root), sets rlimits, then
                  serves the solution or runs the tests

Without a pid namespace the runner is the outer process's child and the outer one reports.

Honesty of results: the tests, their source and the verdict writer live only in the checker,
which never imports the learner's code; what the solution's process sends is decoded as data
(no pickle). The checker's test loop also holds its own references in closures and decides
verdicts with the real exception classes.

Runs on Python 3.9 and later: it executes in the learner's interpreter.
"""
import builtins
import ctypes
import errno
import json
import os
import re
import resource
import select
import signal
import sys
import threading
import time
import types

IS_LINUX = sys.platform.startswith("linux")

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_NOATIME = 1024
MS_NODIRATIME = 2048
MS_BIND = 4096
MS_MOVE = 8192
MS_REC = 16384
MS_PRIVATE = 1 << 18
MS_RELATIME = 1 << 21
MS_STRICTATIME = 1 << 24
# flags a bind remount must repeat (in a user namespace they are locked and may not change)
KEPT_FLAGS = {
    "nosuid": MS_NOSUID,
    "nodev": MS_NODEV,
    "noexec": MS_NOEXEC,
    "noatime": MS_NOATIME,
    "nodiratime": MS_NODIRATIME,
    "relatime": MS_RELATIME,
}

# the new mount API (Linux 5.2): the same numbers on every architecture
SYS_OPEN_TREE, SYS_MOVE_MOUNT = 428, 429
AT_FDCWD, AT_RECURSIVE, OPEN_TREE_CLONE, MOVE_MOUNT_F_EMPTY_PATH = -100, 0x8000, 1, 4

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
PR_CAPBSET_DROP = 24
PR_SET_SECUREBITS = 28
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
# NOROOT | NOROOT_LOCKED | NO_SETUID_FIXUP | NO_SETUID_FIXUP_LOCKED | KEEP_CAPS_LOCKED
SECUREBITS_NO_ROOT = 0x2F
LINUX_CAPABILITY_VERSION_3 = 0x20080522

CO_NOT_PLAIN = 0x20 | 0x80 | 0x100 | 0x200  # generator, coroutine, iterable coroutine, async generator
MESSAGE_CHARS = 400
EXIT_SETUP_FAILED = 70


# ------------------------------------------------------------------ Linux system calls


class _Libc:
    """The few libc calls the harness needs, with errors returned as short strings."""

    def __init__(self):
        self.lib = ctypes.CDLL(None, use_errno=True)
        self.lib.mount.argtypes = [
            ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.c_ulong,
            ctypes.c_char_p,
        ]
        self.lib.unshare.argtypes = [ctypes.c_int]
        self.lib.syscall.restype = ctypes.c_long
        self.lib.prctl.argtypes = [
            ctypes.c_int,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_ulong,
        ]

    @staticmethod
    def _err(name):
        code = ctypes.get_errno()
        return "%s: %s" % (name, errno.errorcode.get(code, str(code)))

    def unshare(self, flags):
        return None if self.lib.unshare(flags) == 0 else self._err("unshare")

    def mount(self, source, target, fstype, flags, data=None):
        def b(s):
            return None if s is None else os.fsencode(s)

        if self.lib.mount(b(source), b(target), b(fstype), flags, b(data)) == 0:
            return None
        return self._err("mount " + target)

    def open_tree(self, path):
        """A descriptor of a detached copy of the mounts at `path`, or -errno."""
        fd = self.lib.syscall(
            ctypes.c_long(SYS_OPEN_TREE), ctypes.c_int(AT_FDCWD), ctypes.c_char_p(os.fsencode(path)),
            ctypes.c_uint(OPEN_TREE_CLONE | AT_RECURSIVE | os.O_CLOEXEC),
        )  # fmt: skip
        return fd if fd >= 0 else -ctypes.get_errno()

    def move_mount(self, fd, target):
        done = self.lib.syscall(
            ctypes.c_long(SYS_MOVE_MOUNT), ctypes.c_int(fd), ctypes.c_char_p(b""), ctypes.c_int(AT_FDCWD),
            ctypes.c_char_p(os.fsencode(target)), ctypes.c_uint(MOVE_MOUNT_F_EMPTY_PATH),
        )  # fmt: skip
        return None if done == 0 else self._err("move_mount " + target)

    def prctl(self, option, arg2=0, arg3=0, arg4=0, arg5=0):
        if self.lib.prctl(option, arg2, arg3, arg4, arg5) == 0:
            return None
        return self._err("prctl(%d)" % option)

    def drop_capabilities(self):
        """Empty every capability set of this process, for good (uid 0 stays, powerless)."""
        problems = [p for p in [self.prctl(PR_SET_SECUREBITS, SECUREBITS_NO_ROOT)] if p]
        with open("/proc/sys/kernel/cap_last_cap") as f:
            last = int(f.read())
        for cap in range(last + 1):
            problem = self.prctl(PR_CAPBSET_DROP, cap)
            if problem:
                problems.append(problem)
                break
        self.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)

        class Header(ctypes.Structure):
            _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

        class Data(ctypes.Structure):
            _fields_ = [
                ("effective", ctypes.c_uint32),
                ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32),
            ]

        header = Header(LINUX_CAPABILITY_VERSION_3, 0)
        data = (Data * 2)()
        if self.lib.capset(ctypes.byref(header), data) != 0:
            problems.append(self._err("capset"))
        return problems


def _status_field(name):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(name + ":"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _mountinfo():
    """(mount point, per-mount options) for every mount this process sees."""
    unescape = re.compile(r"\\([0-7]{3})")
    mounts = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            point = unescape.sub(lambda m: chr(int(m.group(1), 8)), fields[4])
            mounts.append((point, fields[5].split(",")))
    return mounts


def _kept_flags(options):
    flags = 0
    for option in options:
        flags |= KEPT_FLAGS.get(option, 0)
    if not flags & (MS_NOATIME | MS_RELATIME):
        flags |= MS_STRICTATIME
    return flags


def _write_file(path, text):
    with open(path, "w") as f:
        f.write(text)


def isolate(libc, cfg, facts):
    """Unshare namespaces and lock the filesystem down. Returns whether a pid namespace exists."""
    mode = cfg["namespaces"]
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | (CLONE_NEWUSER if mode == "user" else 0)
    problem = libc.unshare(flags)
    if problem:
        for key in ("network", "filesystem", "masks", "pid_namespace"):
            facts[key] = problem
        return False
    if mode == "user":
        try:
            _write_file("/proc/self/setgroups", "deny")
            _write_file("/proc/self/uid_map", "%d %d 1" % (uid, uid))
            _write_file("/proc/self/gid_map", "%d %d 1" % (gid, gid))
        except OSError as e:
            facts["filesystem"] = facts["masks"] = "user namespace id maps: %s" % e
            facts["network"] = facts["pid_namespace"] = "ok"
            return True
    facts["network"] = "ok"
    facts["pid_namespace"] = "ok"

    problem = libc.mount(None, "/", None, MS_REC | MS_PRIVATE)
    if problem:  # without private propagation every later mount would leak to the host
        facts["filesystem"] = facts["masks"] = problem
        return True
    work = cfg["work"]
    keep_writable = {work}
    problem = libc.mount(work, work, None, MS_BIND | MS_REC)
    if problem:
        facts["filesystem"] = facts["masks"] = problem
        return True
    facts["devices"] = minimal_dev(libc, cfg["root"])
    if not libc.mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=64m,mode=1777"):
        keep_writable.add("/dev/shm")

    mask_problems = []
    for path, kind in cfg["masks"]:
        if kind == "dir":
            problem = libc.mount(
                "tmpfs",
                path,
                "tmpfs",
                MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "size=4k,nr_inodes=2,mode=000",
            )
        else:
            problem = libc.mount(cfg["mask_file"], path, None, MS_BIND)
        if problem:
            mask_problems.append(problem)
    facts["masks"] = "; ".join(mask_problems) or "ok"
    facts["reveal"] = reveal(libc, cfg)

    ro_problems = []
    for point, options in _mountinfo():
        if point in keep_writable or "ro" in options:
            continue
        problem = libc.mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | _kept_flags(options))
        if problem and not (problem.endswith("ENOENT") and not os.path.lexists(point)):
            ro_problems.append(problem)  # (a mount shadowed by the new /dev cannot be reached)
    facts["filesystem"] = "; ".join(sorted(set(ro_problems))[:3]) or "ok"
    return True


def reveal(libc, cfg):
    """Cover folders with empty tmpfs and bind chosen paths back, in this mount namespace only.

    Used for a closed folder on the way to the interpreter (a 0700 /root nobody must pass), and
    for the learner's process: the folder holding this run's own (so other runs' folders and
    the server's temporary files are gone) and the plugin's folder when the interpreter lives
    in it. Each path's mounts are copied (open_tree, Linux 5.2+) while the path can still be
    reached, and moved back once the covers are in place. (A bind from an O_PATH descriptor
    would not do: the kernel crosses into the cover mounted on top of it.)
    """
    plan = cfg.get("reveal") or {}
    cover, paths = plan.get("cover") or [], plan.get("paths") or []
    if not cover:
        return "ok"
    held = []
    try:
        for path in paths:
            fd = libc.open_tree(path)
            if fd == -errno.ENOSYS:
                return _reveal_by_staging(libc, cfg, cover, paths)
            if fd < 0:
                return "open_tree %s: %s" % (path, errno.errorcode.get(-fd, str(-fd)))
            held.append((fd, path, os.path.isdir(path)))
        for folder in cover:
            problem = libc.mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=4096,mode=755")
            if problem:
                return problem
        for fd, path, is_dir in held:
            _mount_point(path, is_dir)
            problem = libc.move_mount(fd, path)
            if problem:
                return problem
    finally:
        for fd, _path, _is_dir in held:
            os.close(fd)
    return "ok"


def _mount_point(path, is_dir):
    if is_dir:
        os.makedirs(path, 0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(path), 0o755, exist_ok=True)
        open(path, "w").close()


def _reveal_by_staging(libc, cfg, cover, paths):
    """reveal() for kernels before 5.2: bind each path to the run's folder, cover, bind back.

    A cover that holds the run's folder would hide the staged paths too, so it is left out
    (other runs then stay as their permissions keep them).
    """
    stage = os.path.join(cfg["root"], "reveal-" + cfg["role"])
    cover = [c for c in cover if not (stage + os.sep).startswith(c.rstrip(os.sep) + os.sep)]
    os.mkdir(stage, 0o755)
    staged = []
    for i, path in enumerate(paths):
        if any((path + os.sep).startswith(c.rstrip(os.sep) + os.sep) for c in cover):
            target = os.path.join(stage, str(i))
            _mount_point(target, os.path.isdir(path))
            problem = libc.mount(path, target, None, MS_BIND | MS_REC)
            if problem:
                return "staging " + problem
            staged.append((target, path))
    for folder in cover:
        problem = libc.mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=4096,mode=755")
        if problem:
            return problem
    for target, path in staged:
        _mount_point(path, os.path.isdir(target))
        problem = libc.mount(target, path, None, MS_BIND | MS_REC)
        if problem:
            return problem
    return "ok"


DEVICES = ("null", "zero", "urandom")


def minimal_dev(libc, root):
    """Replace /dev by a tmpfs holding only null, zero, urandom (bound from the host) and shm."""
    stage = os.path.join(root, "dev")
    problem = libc.mount("tmpfs", stage, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,nr_inodes=64,mode=755")
    if problem:
        return problem
    for name in DEVICES:
        target = os.path.join(stage, name)
        with open(target, "w"):
            pass
        problem = libc.mount("/dev/" + name, target, None, MS_BIND)
        if problem:
            return problem
    os.mkdir(os.path.join(stage, "shm"), 0o1777)
    for name, to in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                     ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):  # fmt: skip
        os.symlink(to, os.path.join(stage, name))
    return libc.mount(stage, "/dev", None, MS_MOVE) or "ok"


def block_unix_sockets(libc):
    """A seccomp filter: socket(AF_UNIX, ...) fails with EACCES (socketpair still works).

    The network namespace already cuts off IP; a path-based unix socket outside the sandbox
    (a desktop bus, a database) would still be reachable by path without this. io_uring is
    refused as well: its requests open and connect sockets without the socket() system call.
    """
    machine = os.uname().machine
    io_uring = (425, 426, 427)  # setup, enter, register: the same numbers on both
    known = {
        "x86_64": (0xC000003E, (41, 0x40000029), io_uring + tuple(0x40000000 | n for n in io_uring)),
        "aarch64": (0xC00000B7, (198,), io_uring),
    }
    if machine not in known:
        return "not blocked: no filter for %s" % machine
    arch, sockets, refused = known[machine]
    ld, jeq, ret = 0x20, 0x15, 0x06
    allow, deny = 0x7FFF0000, 0x00050000 | errno.EACCES
    # instructions as (code, jump-if-true label, jump-if-false label, k); labels become offsets
    code = [(ld, None, None, 4), (jeq, None, "deny", arch), (ld, None, None, 0)]
    code += [(jeq, "deny", None, n) for n in refused]
    code += [(jeq, "family", None, n) for n in sockets]
    code += [(ret, None, None, allow), "family", (ld, None, None, 16), (jeq, "deny", None, 1),
             (ret, None, None, allow), "deny", (ret, None, None, deny)]  # fmt: skip
    at, program = {}, []
    for item in code:
        if isinstance(item, str):
            at[item] = len(program)
        else:
            program.append(item)
    program = [
        (op, 0 if t is None else at[t] - i - 1, 0 if f is None else at[f] - i - 1, k)
        for i, (op, t, f, k) in enumerate(program)
    ]

    class Filter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Filter))]

    filters = (Filter * len(program))(*[Filter(*f) for f in program])
    prog = Program(len(program), filters)
    return libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog)) or "ok"


# ------------------------------------------------------------------ results


def make_emitter(fd, nonce):
    """A function writing one JSON line per record; immune to later patching of anything."""
    write, ordinal, join, comma_join = os.write, ord, "".join, ",".join
    is_a, str_copy, index_of = isinstance, str.__str__, int.__index__
    to_str, encode, items, fmt_u, fmt_f = str, str.encode, dict.items, "\\u%04x", "%.6f"
    exc, t_bool, t_int, t_float, t_str, t_dict = BaseException, bool, int, float, str, dict

    def enc_str(s):
        out = ['"']
        append = out.append
        for ch in str_copy(s):
            o = ordinal(ch)
            if o == 34:
                append('\\"')
            elif o == 92:
                append("\\\\")
            elif 32 <= o < 127:
                append(ch)
            elif o < 0x10000:
                append(fmt_u % o)
            else:
                o -= 0x10000
                append(fmt_u % (0xD800 + (o >> 10)))
                append(fmt_u % (0xDC00 + (o & 0x3FF)))
        append('"')
        return join(out)

    def enc(value):
        if value is None:
            return "null"
        if is_a(value, t_bool):
            return "true" if value else "false"
        if is_a(value, t_int):
            return to_str(index_of(value))
        if is_a(value, t_float):
            return fmt_f % value
        if is_a(value, t_str):
            return enc_str(value)
        if is_a(value, t_dict):
            return "{" + comma_join([enc_str(k) + ":" + enc(v) for k, v in items(value)]) + "}"
        return enc_str(to_str(value))

    def emit(record):
        record["n"] = nonce
        try:
            write(fd, encode(enc(record) + "\n", "ascii"))
            return True
        except exc:
            return False

    return emit


def make_test_loop(emit, tests_dir, sources, quoted, remote, link):
    """The checker's test loop, with every function and class it uses captured now.

    `sources` maps each test module to its source, read before the run started. `quoted` names
    the modules whose lines a message may quote (the visible tests the learner has); a hidden
    test's message says what failed, never its code. `remote` and `link` reach the learner's
    process: before each test the tensors shared with it are forgotten, and a test that finds
    it gone is not run.
    """
    perf, exec_, compile_, new_module, dict_copy = time.perf_counter, exec, compile, types.ModuleType, dict
    is_a, get_attr, to_str, type_of, str_copy = isinstance, getattr, str, type, str.__str__
    dict_get, length, t_str, starts_with = dict.get, len, str, str.startswith
    split_lines, decode, strip = bytes.splitlines, bytes.decode, str.strip
    modules = sys.modules
    builtins_snapshot = dict_copy(vars(builtins))
    exc, assertion_error, memory_error = BaseException, AssertionError, MemoryError
    gone, timeout, raised = remote.SolutionGone, remote.SolutionTimeout, remote.LearnerRaised
    prefix, max_chars, not_plain = tests_dir + os.sep, MESSAGE_CHARS, CO_NOT_PLAIN

    def source_line(filename, lineno):
        module = filename[length(prefix) : -3]
        source = dict_get(sources, module)
        if source is None or module not in quoted:
            return None
        lines = split_lines(source)
        if not 0 < lineno <= length(lines):
            return ""
        return strip(decode(lines[lineno - 1], "utf-8", "replace"))[:160]

    def describe(e):
        try:
            name = get_attr(type_of(e), "__name__", "Exception")
            try:
                text = str_copy(to_str(e))
            except exc:
                text = "<unprintable>"
            where = ""
            tb = e.__traceback__
            while tb is not None:  # the innermost frame of a test the learner may see
                filename = tb.tb_frame.f_code.co_filename
                if is_a(filename, t_str) and starts_with(filename, prefix):
                    line = source_line(filename, tb.tb_lineno)
                    if line is not None:
                        where = "%s:%d%s" % (filename[length(prefix) :], tb.tb_lineno, ": " + line if line else "")
                tb = tb.tb_next
            message = str_copy(name) + (": " + text if text else "")
            if where:
                message += " (at " + where + ")"
            return message[:max_chars]
        except exc:
            return "<message unavailable>"

    def verdict_for(e):
        if is_a(e, gone):
            return "crashed"
        if is_a(e, timeout):
            return "time_limit"
        if is_a(e, assertion_error):
            return "failed"
        if is_a(e, memory_error):
            return "memory_limit"
        return "error"

    def before():
        """Why the next test cannot run, or None; forgets the tensors the last test shared."""
        if link.dead:
            return link.dead
        try:
            link.forget()
        except exc:
            return link.dead or "the solution's process does not answer"
        return None

    def load(module):
        path = prefix + module + ".py"
        mod = new_module(module)
        namespace = mod.__dict__
        namespace["__file__"] = path
        namespace["__builtins__"] = dict_copy(builtins_snapshot)
        modules[module] = mod
        exec_(compile_(sources[module], path, "exec"), namespace)
        return namespace

    def end(label, name, verdict, message, started):
        emit({"e": "end", "label": label, "test": name, "verdict": verdict,
              "message": message[:max_chars], "duration_s": perf() - started})  # fmt: skip

    def run(tests):
        stopped = ""
        for label, module, names in tests:
            emit({"e": "start", "label": label, "test": names[0], "phase": "import"})
            started = perf()
            why = stopped or before()
            if why:
                stopped = stopped or "not run: %s before %s::%s" % (why, label, names[0])
                for name in names:
                    end(label, name, "error", stopped, started)
                continue
            try:
                namespace = load(module)
            except exc as e:
                verdict = verdict_for(e)
                message = describe(e) if is_a(e, raised) else "could not import the tests: " + describe(e)
                for name in names:
                    end(label, name, verdict, message, started)
                if verdict in ("crashed", "time_limit"):
                    stopped = "not run: %s while %s was imported" % (link.dead, module)
                continue
            for name in names:
                emit({"e": "start", "label": label, "test": name, "phase": "call"})
                started = perf()
                why = stopped or before()
                if why:
                    stopped = stopped or "not run: %s before %s::%s" % (why, label, name)
                    end(label, name, "error", stopped, started)
                    continue
                verdict, message = "passed", ""
                try:
                    fn = dict_get(namespace, name)
                    code = get_attr(fn, "__code__", None)
                    if fn is None:
                        verdict, message = "error", "test function %s not found after import" % name
                    elif code is not None and code.co_flags & not_plain:
                        verdict, message = "error", "a test must be a plain function (not async or a generator)"
                    else:
                        fn()
                except exc as e:
                    verdict, message = verdict_for(e), describe(e)
                    if verdict in ("crashed", "time_limit"):
                        stopped = "not run: %s at %s::%s" % (link.dead, label, name)
                end(label, name, verdict, message, started)

    return run


# ------------------------------------------------------------------ processes


def read_config():
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(0, 65536)
        if not chunk:
            os._exit(EXIT_SETUP_FAILED)
        data += chunk
    return json.loads(data.decode("utf-8"))


def wait_and_report(emit, pid):
    """Wait for the runner and report how it ended (reaping any orphans meanwhile)."""
    while True:
        try:
            got, status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            return
        except InterruptedError:
            continue
        if got == pid:
            record = {"e": "exit", "cpu_s": usage.ru_utime + usage.ru_stime}
            if os.WIFSIGNALED(status):
                record["signal"] = os.WTERMSIG(status)
            else:
                record["code"] = os.WEXITSTATUS(status)
            emit(record)
            return


def set_limits(cfg, facts):
    limits = cfg["limits"]
    wanted = [
        ("core", resource.RLIMIT_CORE, 0),
        ("cpu", resource.RLIMIT_CPU, limits["cpu_s"]),
        ("file_size", resource.RLIMIT_FSIZE, limits["file_size"]),
        ("open_files", resource.RLIMIT_NOFILE, limits["open_files"]),
    ]
    if limits.get("processes") is not None:
        wanted.append(("processes", resource.RLIMIT_NPROC, limits["processes"]))
    for name, which, value in wanted:
        try:
            soft, hard = resource.getrlimit(which)
            new_hard = value if hard == resource.RLIM_INFINITY else min(value, hard)
            if name == "cpu":  # SIGXCPU at the soft limit, SIGKILL one second later
                new_hard = value + 1 if hard == resource.RLIM_INFINITY else min(value + 1, hard)
            resource.setrlimit(which, (min(value, new_hard), new_hard))
            facts["rlimit_" + name] = "ok"
        except (ValueError, OSError) as e:
            facts["rlimit_" + name] = str(e)


def drop_privileges(libc, cfg, facts):
    user = cfg.get("user")
    if user is not None:
        try:
            os.setgroups([])
            os.setgid(user["gid"])
            os.setuid(user["uid"])
            facts["privileges"] = "user %s (uid %d)" % (user["name"], os.getuid())
        except OSError as e:
            facts["privileges"] = "could not switch to %s: %s" % (user["name"], e)
            return False
    elif cfg["drop_capabilities"] and libc is not None:
        problems = libc.drop_capabilities()
        cap_eff = _status_field("CapEff")
        if problems or cap_eff.strip("0"):
            facts["privileges"] = "capabilities not dropped: " + "; ".join(problems or ["CapEff " + cap_eff])
            return False
        facts["privileges"] = "uid %d without capabilities" % os.getuid()
    else:
        facts["privileges"] = "uid %d (unchanged)" % os.getuid()
    if libc is not None:
        problem = libc.prctl(PR_SET_NO_NEW_PRIVS, 1)
        facts["no_new_privs"] = problem or "ok"
    return True


def watch_parent(fd):
    """Where PR_SET_PDEATHSIG does not exist: kill the group when the parent's pipe closes."""

    def watch():
        try:
            while os.read(fd, 4096):
                pass
        except OSError:
            pass
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def runner(libc, cfg, emit, facts, expected_parent):
    """Drop privileges, set the limits, then serve the learner's code or run the tests."""
    if cfg["masks"] and cfg["namespaces"] and facts.get("masks", "ok") != "ok":
        # the plan counted on hiding forbidden paths and it did not work: run nothing
        emit({"e": "setup", "facts": facts, "fatal": "could not hide a forbidden path: " + facts["masks"]})
        os._exit(EXIT_SETUP_FAILED)
    if cfg["namespaces"] and facts.get("reveal", "ok") != "ok":
        # it was planned to let nobody reach the interpreter or to hide the other runs: run nothing
        emit({"e": "setup", "facts": facts, "fatal": "could not cover and reveal folders: " + facts["reveal"]})
        os._exit(EXIT_SETUP_FAILED)
    checker = cfg["role"] == "checker"
    work = cfg["work"]
    os.chdir(work)
    sources = {}
    if checker:  # read while still able to: the test files are root's, 0600 in a 0700 folder
        for _label, module, _names in cfg["tests"]:
            with open(os.path.join(cfg["tests_dir"], module + ".py"), "rb") as f:
                sources[module] = f.read()
    if not drop_privileges(libc, cfg, facts):
        emit({"e": "setup", "facts": facts, "fatal": facts["privileges"]})
        os._exit(EXIT_SETUP_FAILED)
    set_limits(cfg, facts)
    if libc is not None:
        facts["parent_death"] = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) or "ok"
        if os.getppid() != expected_parent:
            os._exit(EXIT_SETUP_FAILED)
    else:
        watch_parent(os.dup(0))
        facts["parent_death"] = "pipe watch"
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.umask(0o077)
    lib = os.path.dirname(os.path.abspath(__file__))
    # the checker imports only from the interpreter and lib/, folders the learner's uid may not
    # write (so a module the solution drops into a folder it can write is never loaded here)
    sys.path[:0] = [lib] if checker else [work, lib]
    facts["python"] = sys.version.split()[0]
    import wire

    if not checker:
        facts["unix_sockets"] = block_unix_sockets(libc) if libc is not None else "not blocked: not Linux"
        sys.argv = [os.path.join(work, "exercise.py")]
        sys.path.remove(lib)
        emit({"e": "setup", "facts": facts})
        os.close(cfg["results_fd"])  # the learner's code cannot write a record
        if libc is not None:
            libc.prctl(PR_SET_DUMPABLE, 1)  # an ordinary process to the learner's own code
        wire.serve(cfg["req_fd"], cfg["rep_fd"], work)
        wire.flush_streams()
        os._exit(0)

    for key in ("results_fd", "req_fd", "rep_fd"):
        os.set_inheritable(cfg[key], False)
    import remote

    link = remote.connect(cfg["req_fd"], cfg["rep_fd"], cfg["call_timeout_s"])
    run = make_test_loop(emit, cfg["tests_dir"], sources, set(cfg["quoted"]), remote, link)
    emit({"e": "setup", "facts": facts})
    run(cfg["tests"])
    os.close(cfg["req_fd"])  # the learner's process sees the end and exits
    for what in link.detected:
        emit({"e": "detected", "what": what})
    wire.flush_streams()
    emit({"e": "done"})
    os._exit(0)


def close_links(cfg):
    """In the processes that only wait: the pipes to the other process belong to the runner."""
    for key in ("req_fd", "rep_fd"):
        try:
            os.close(cfg[key])
        except OSError:
            pass


def main():
    libc = _Libc() if IS_LINUX else None
    if libc is not None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    cfg = read_config()
    if os.getppid() != cfg["parent_pid"]:
        os._exit(EXIT_SETUP_FAILED)
    emit = make_emitter(cfg["results_fd"], cfg["nonce"])
    facts = {}
    pid_namespace = False
    if cfg["namespaces"] and libc is not None:
        pid_namespace = isolate(libc, cfg, facts)
    if libc is not None:  # after the id maps are written: no process of this uid may trace it
        libc.prctl(PR_SET_DUMPABLE, 0)
    outer = os.getpid()
    if not pid_namespace:
        pid = os.fork()
        if pid == 0:
            runner(libc, cfg, emit, facts, outer)
        close_links(cfg)
        wait_and_report(emit, pid)
        os._exit(0)

    alive_r, alive_w = os.pipe()
    init = os.fork()
    if init == 0:  # pid 1 of the new namespace
        os.close(alive_w)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if select.select([alive_r], [], [], 0)[0]:  # the outer process is already gone
            os._exit(EXIT_SETUP_FAILED)
        # this namespace's own /proc: the server and the other sandboxed process are not in it
        facts["proc"] = libc.mount("proc", "/proc", "proc", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC) or "ok"
        pid = os.fork()
        if pid == 0:
            os.close(alive_r)
            runner(libc, cfg, emit, facts, 1)
        close_links(cfg)
        wait_and_report(emit, pid)
        os._exit(0)
    os.close(alive_r)
    close_links(cfg)
    while True:
        try:
            os.waitpid(init, 0)
            break
        except InterruptedError:
            continue
    os._exit(0)


def probe():
    """What this host allows: used once by the sandbox to plan its runs."""
    libc = _Libc()
    mode = "root" if os.geteuid() == 0 else "user"
    facts = {"mode": mode}
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | (CLONE_NEWUSER if mode == "user" else 0)
    problem = libc.unshare(flags)
    if not problem and mode == "user":
        try:
            _write_file("/proc/self/setgroups", "deny")
            _write_file("/proc/self/uid_map", "%d %d 1" % (os.getuid(), os.getuid()))
        except OSError as e:
            problem = "user namespace id maps: %s" % e
    if not problem:
        problem = libc.mount(None, "/", None, MS_REC | MS_PRIVATE)
    if not problem:
        options = dict(_mountinfo()).get("/", [])
        problem = libc.mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | _kept_flags(options))
    facts["namespaces"] = problem or "ok"
    return facts


if __name__ == "__main__":
    if sys.argv[1:] == ["--probe"]:
        print(json.dumps(probe()))
    else:
        main()
