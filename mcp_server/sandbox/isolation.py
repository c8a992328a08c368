"""What a run enforced, limit by limit: `SandboxResult.isolated`.

The plan says what was intended; the harness's facts (an "ok" or the reason it failed, per
step of its setup) say what took effect in the child. Each guard's detail says how it was
enforced, or why it was not.
"""

from __future__ import annotations

from pathlib import Path

from . import planning
from .cgroups import Cgroups
from .limits import CGROUP_MEMORY_HEADROOM_MB, MAX_FILE_BYTES, MAX_OPEN_FILES, POLL_S, Limits, Meter
from .results import Guard, Isolation


def report(
    facts: dict,
    plan: planning.Plan,
    cgroups: Cgroups | None,
    limits: Limits,
    masks: list[tuple[str, str]],
    forbidden: list[Path] | tuple[Path, ...],
    plugin_masks: list[tuple[str, str]] = (),  # type: ignore[assignment]
    python: str = "",
) -> Isolation:
    """The guards of one run, from its plan and the facts the harness reported."""

    def ok(key: str) -> bool:
        return facts.get(key) == "ok"

    namespaces = plan.namespaces is not None
    memory_how = (
        f"resident memory watchdog at {limits.memory_mb} MB, polling {Meter.SOURCE} every {POLL_S:g} s"
    )
    if cgroups is not None and cgroups.memory:
        memory_how += f"; memory cgroup hard limit at {limits.memory_mb + CGROUP_MEMORY_HEADROOM_MB} MB"
    memory = Guard(
        enforced=Meter.SOURCE != "",
        detail=memory_how if Meter.SOURCE else "not enforced: no way to read memory use here",
    )

    if namespaces and ok("network"):
        network = Guard(enforced=True, detail="own network namespace with no interface up")
    else:
        network = Guard(
            enforced=False,
            detail="not isolated: " + str(facts.get("network") or planning.host().namespace_problem),
        )

    if namespaces and ok("filesystem"):
        filesystem = Guard(
            enforced=True, detail="private mount namespace: everything read-only except the work dir"
        )
    elif plan.user is not None:
        filesystem = Guard(
            enforced=True, detail="runs as nobody: it may write only where everyone may (such as /tmp)"
        )
    else:
        why = facts.get("filesystem") or planning.host().namespace_problem
        filesystem = Guard(enforced=False, detail=f"not isolated: writes anywhere this user may ({why})")

    if not forbidden:
        hidden = Guard(enforced=True, detail="none given")
    elif namespaces and ok("filesystem") and ok("masks"):
        shown = ", ".join(p for p, _ in masks) or "none of them exist"
        hidden = Guard(enforced=True, detail=f"covered by empty unreadable mounts: {shown}")
    elif plan.user is not None:
        readable = [p for p, _ in masks if _readable_by(plan.user, Path(p))]
        hidden = Guard(
            enforced=not readable,
            detail=("readable by nobody: " + ", ".join(readable))
            if readable
            else "unreadable to nobody by their permissions",
        )
    else:
        why = facts.get("masks") or planning.host().namespace_problem
        hidden = Guard(enforced=False, detail=f"not hidden: the child runs as this user ({why})")

    shown_plugin = ", ".join(p for p, _ in plugin_masks) or "not found"
    if namespaces and ok("filesystem") and ok("masks"):
        plugin = Guard(enforced=True, detail=f"covered by empty unreadable mounts: {shown_plugin}")
    elif plan.user is not None:
        readable = [p for p, _ in plugin_masks if _readable_by(plan.user, Path(p))]
        plugin = Guard(
            enforced=not readable,
            detail=("readable by nobody: " + ", ".join(readable)) if readable else "unreadable to nobody",
        )
    else:
        plugin = Guard(enforced=False, detail="not hidden: no mount namespace here")

    if namespaces and ok("devices") and facts.get("proc", "ok") == "ok":
        devices = Guard(enforced=True, detail="/dev holds only null, zero, urandom and shm; /proc is the sandbox's own")
    else:
        devices = Guard(enforced=False, detail="the host's /dev: " + str(facts.get("devices") or "no mount namespace"))
    unix = facts.get("unix_sockets")
    unix_sockets = Guard(
        enforced=unix == "ok",
        detail="seccomp: socket(AF_UNIX) fails with EACCES (socketpair works)" if unix == "ok" else str(unix),
    )
    grading = _grading(facts, plan, python)

    if ok("parent_death") and namespaces and ok("pid_namespace"):
        parent = Guard(
            enforced=True, detail="PR_SET_PDEATHSIG on the harness; the pid namespace dies with it"
        )
    elif ok("parent_death"):
        parent = Guard(
            enforced=True,
            detail="PR_SET_PDEATHSIG on the harness (processes it forks are killed with the group)",
        )
    elif facts.get("parent_death") == "pipe watch":
        parent = Guard(enforced=True, detail="a thread kills the group when the parent's pipe closes")
    else:
        parent = Guard(enforced=False, detail=str(facts.get("parent_death", "unknown")))

    privileges = str(facts.get("privileges", "unknown"))
    if facts.get("no_new_privs") == "ok":
        privileges += "; no_new_privs"

    def rlimit(key: str, how: str) -> Guard:
        value = facts.get("rlimit_" + key)
        return Guard(enforced=value == "ok", detail=how if value == "ok" else f"not set: {value}")

    processes = Guard(enforced=plan.processes[0], detail=plan.processes[1])
    if plan.nproc is not None and facts.get("rlimit_processes") != "ok":
        processes = Guard(enforced=False, detail=f"RLIMIT_NPROC not set: {facts.get('rlimit_processes')}")
    return Isolation(
        wall_time=Guard(
            enforced=True,
            detail=f"{limits.timeout_s:g} s for the whole run, then the process group is killed",
        ),
        cpu_time=rlimit("cpu", f"RLIMIT_CPU {limits.cpu_s} s per process"),
        memory=memory,
        processes=processes,
        file_size=rlimit(
            "file_size", f"RLIMIT_FSIZE {MAX_FILE_BYTES // 2**20} MiB for output and every file written"
        ),
        open_files=rlimit("open_files", f"RLIMIT_NOFILE {MAX_OPEN_FILES}"),
        network=network,
        filesystem=filesystem,
        forbidden_paths=hidden,
        plugin_folder=plugin,
        devices=devices,
        unix_sockets=unix_sockets,
        grading=grading,
        parent_death=parent,
        privileges=Guard(
            enforced="without capabilities" in privileges or "nobody" in privileges, detail=privileges
        ),
        environment=Guard(
            enforced=True, detail="scrubbed: PATH, HOME and TMPDIR (the work dir), LANG, thread counts"
        ),
    )


def _grading(facts: dict, plan: planning.Plan, python: str) -> Guard:
    """Whether the solution's process could reach the checker: the code it imports or its tests.

    The checker reads the tests as root before it drops privileges and imports only from the
    interpreter and the harness's lib/. So grading holds where the solution's process cannot
    write those: in a read-only mount namespace, or as nobody when nobody may write none of them.
    """
    split = "the tests run in a checker process of their own; the solution's process answers its calls as data"
    if plan.namespaces is not None and facts.get("filesystem") == "ok":
        return Guard(enforced=True, detail=split + " from a read-only mount namespace")
    if plan.user is not None:
        writable = [f for f in planning.interpreter_folders(python) if _writable_by(plan.user, Path(f))]
        if not writable:
            return Guard(enforced=True, detail=split + "; both run as nobody, who may write none of the "
                         "checker's code and read none of its tests")
        return Guard(enforced=False, detail="not enforced: nobody may write the interpreter's "
                     + ", ".join(writable) + ", which the checker imports")
    return Guard(enforced=False, detail="not enforced: without a mount namespace the solution's process runs as "
                 "the checker's user, so it could change the code the checker imports and read the tests")


def _writable_by(user: dict, path: Path) -> bool:
    """Whether `user` could create a file in the folder `path`, judged from permission bits."""
    try:
        return planning.permits(user, path.stat(), 3)
    except OSError:
        return False


def _readable_by(user: dict, path: Path) -> bool:
    """Whether `user` could open `path` for reading, judged from permission bits."""
    try:
        passable = all(planning.permits(user, parent.stat(), 1) for parent in reversed(path.parents))
        return passable and planning.permits(user, path.stat(), 4)
    except OSError:
        return False
