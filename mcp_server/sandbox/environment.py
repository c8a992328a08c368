"""The environment every child starts with: nothing of the server's, only what Python needs."""

from __future__ import annotations

import os
import sys

# threads the numeric libraries may start; RLIMIT_CPU is sized from it (see limits.Limits)
THREADS = max(1, min(4, os.cpu_count() or 1))


def child_env(home: str, threads_wanted: int = THREADS) -> dict[str, str]:
    """A scrubbed environment: no tokens, proxies or PYTHONPATH from the server reach the child."""
    lang = "C.UTF-8" if sys.platform.startswith("linux") else "en_US.UTF-8"
    threads = str(threads_wanted)
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": lang,
        "LC_ALL": lang,
        "OMP_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
        "OMP_WAIT_POLICY": "PASSIVE",
    }
