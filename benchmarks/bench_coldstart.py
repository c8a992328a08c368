"""Cold start as `.mcp.json` starts the server: spawn -> `tools/list` answered, over real stdio.

    uv run --frozen python benchmarks/bench_coldstart.py [--rounds 15] [--first-starts 1]
        [--without KEY ...] [--variant 'K=V,K2=V2' ...] [--no-registry]

The server is started exactly as `.mcp.json` says: its command, args and env, with
${CLAUDE_PLUGIN_ROOT} replaced by this repository and ${CLAUDE_PLUGIN_DATA} by a scratch
folder, the config's env merged over this process's environment with
PYTHONDONTWRITEBYTECODE=1 (as in many containers). The client is the SDK's own
(`mcp.Client` over `stdio_client`): the `initialize` handshake, then `tools/list`; the clock
runs from just before the spawn to the `tools/list` answer.

Variants, each with its own plugin data folder, so its own venv, made by an untimed warm-up
start that `uv run` performs itself:

- "as .mcp.json": the config as committed;
- "before": the same config without the env keys named by --without (default
  PYTHONDONTWRITEBYTECODE and PYTHONPYCACHEPREFIX), i.e. as it was before the server was
  let to keep bytecode;
- one per --variant: the committed env with K=V set (K alone drops K), to try alternatives;
  by default one, uv compiling the venv's bytecode instead (UV_COMPILE_BYTECODE=1, which
  `uv run` honours at every start, not only when it installs).

Each variant has its baseline: a one-tool `MCPServer` script run directly by that variant's
venv python with the same environment (same SDK, same bytecode or lack of it, no uv in
front). The ratio is a server over the "as .mcp.json" baseline. Everything is alternated
within each round, so drift on a shared machine hits all alike; medians over --rounds.

First starts (--first-starts times each): a fresh plugin data folder with uv's usual cache
(no venv yet, packages already cached), and a fresh data folder with an empty UV_CACHE_DIR,
where uv fetches the locked packages from the registry (skipped with --no-registry), then
the second start from that folder. Claude Code gives a server 30 s to connect.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client

REPO = Path(__file__).resolve().parent.parent
WITHOUT = ["PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"]
VARIANTS = ["PYTHONDONTWRITEBYTECODE,PYTHONPYCACHEPREFIX,UV_COMPILE_BYTECODE=1"]
CONNECT_TIMEOUT_S = 30.0
TARGET_RATIO = 1.3

ONE_TOOL = """\
from mcp.server.mcpserver import MCPServer

s = MCPServer("one")


@s.tool()
def ping() -> str:
    return "pong"


s.run("stdio")
"""


def mcp_json_server() -> dict:
    return json.loads((REPO / ".mcp.json").read_text())["mcpServers"]["tutor"]


def expand(value: str, data: Path) -> str:
    return value.replace("${CLAUDE_PLUGIN_ROOT}", str(REPO)).replace("${CLAUDE_PLUGIN_DATA}", str(data))


@dataclass
class Variant:
    label: str
    data: Path
    config_env: dict[str, str]
    extra: dict[str, str] = field(default_factory=dict)  # not from .mcp.json (UV_CACHE_DIR)

    def env(self) -> dict[str, str]:
        """This process's environment, as Claude Code passes its own, with the config's env over it."""
        env = dict(os.environ)
        env.pop("VIRTUAL_ENV", None)  # set by `uv run` around this script; not the plugin's venv
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["CLAUDE_PLUGIN_ROOT"] = str(REPO)
        env["CLAUDE_PLUGIN_DATA"] = str(self.data)
        env.update({k: expand(v, self.data) for k, v in self.config_env.items()})
        env.update(self.extra)
        return env

    def server(self) -> StdioServerParameters:
        cfg = mcp_json_server()
        return StdioServerParameters(command=expand(cfg["command"], self.data),
                                     args=[expand(a, self.data) for a in cfg["args"]],
                                     env=self.env(), cwd=str(self.data / "project"))

    def venv(self) -> Path:
        return Path(self.env()["UV_PROJECT_ENVIRONMENT"])

    def baseline(self, script: Path) -> StdioServerParameters:
        return StdioServerParameters(command=str(self.venv() / "bin" / "python"), args=[str(script)],
                                     env=self.env(), cwd=str(self.data / "project"))


def make_variant(root: Path, name: str, label: str, env: dict[str, str], extra: dict[str, str] | None = None) -> Variant:
    data = root / name
    (data / "project").mkdir(parents=True)
    return Variant(label, data, env, extra or {})


async def _listed(params: StdioServerParameters) -> tuple[float, list[str]]:
    with open(os.devnull, "w") as errlog:
        t0 = time.perf_counter()
        async with Client(stdio_client(params, errlog=errlog), mode="legacy",
                          read_timeout_seconds=CONNECT_TIMEOUT_S * 2) as c:
            tools = (await c.list_tools()).tools
            elapsed = time.perf_counter() - t0
    return elapsed, [t.name for t in tools]


def time_to_list(params: StdioServerParameters, expect_tools: int | None = None) -> float:
    elapsed, names = asyncio.run(_listed(params))
    assert names and (expect_tools is None or len(names) == expect_tools), (params.command, names)
    return elapsed


def count_pyc(v: Variant) -> tuple[int, int]:
    """The SDK's compiled modules, in the venv or in a PYTHONPYCACHEPREFIX under the data folder."""
    mcp = next((v.venv() / "lib").glob("python3*/site-packages")) / "mcp"
    pyc = [p for p in v.data.rglob("*.pyc") if "/site-packages/mcp/" in p.as_posix()]
    return len(pyc), sum(1 for _ in mcp.rglob("*.py"))


def steady(variants: list[Variant], script: Path, rounds: int) -> dict:
    first = {v.label: time_to_list(v.server()) for v in variants}  # warm-up: makes each venv
    n_tools = len(asyncio.run(_listed(variants[0].server()))[1])
    cases = []
    for v in variants:
        time_to_list(v.baseline(script), 1)
        cases += [((v.label, "server"), v.server(), n_tools), ((v.label, "one-tool"), v.baseline(script), 1)]
    runs: dict[tuple[str, str], list[float]] = {key: [] for key, _, _ in cases}
    for i in range(rounds):
        for key, params, n in (cases if i % 2 == 0 else cases[::-1]):
            runs[key].append(time_to_list(params, n))
    return {"tools": n_tools, "first": first, "runs": runs,
            "pyc": {v.label: count_pyc(v) for v in variants}}


def first_starts(root: Path, env: dict[str, str], times: int, registry: bool) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for i in range(times):
        warm = make_variant(root, f"first-warm-{i}", "", env)
        out.setdefault("fresh data folder, uv cache warm", []).append(time_to_list(warm.server()))
        if registry:
            cache = root / f"uv-cache-{i}"
            cache.mkdir()
            cold = make_variant(root, f"first-empty-{i}", "", env, {"UV_CACHE_DIR": str(cache)})
            out.setdefault("fresh data folder, empty UV_CACHE_DIR (registry)", []).append(time_to_list(cold.server()))
            out.setdefault("the next start from that folder", []).append(time_to_list(cold.server()))
    return out


def parse_variant(spec: str, base: dict[str, str]) -> dict[str, str]:
    env = dict(base)
    for item in filter(None, spec.split(",")):
        key, eq, value = item.partition("=")
        if eq:
            env[key] = value
        else:
            env.pop(key, None)
    return env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--first-starts", type=int, default=1)
    ap.add_argument("--without", action="append", help=f"env key of .mcp.json 'before' lacks (default {WITHOUT})")
    ap.add_argument("--variant", action="append", help=f"K=V,K2=V2 over .mcp.json's env, K alone drops K ({VARIANTS})")
    ap.add_argument("--no-registry", action="store_true", help="skip the first start from an empty uv cache")
    args = ap.parse_args()
    without = args.without or WITHOUT
    args.variant = args.variant or VARIANTS
    env = mcp_json_server().get("env", {})

    root = Path(tempfile.mkdtemp(prefix="bench-coldstart-"))
    try:
        script = root / "one_tool.py"
        script.write_text(ONE_TOOL)
        variants = [make_variant(root, "now", "as .mcp.json", env),
                    make_variant(root, "before", "before: without " + ", ".join(without),
                                 {k: v for k, v in env.items() if k not in without})]
        variants += [make_variant(root, f"variant-{i}", f"variant {i}", parse_variant(spec, env))
                     for i, spec in enumerate(args.variant, 1)]
        load0 = os.getloadavg()
        s = steady(variants, script, args.rounds)
        load1 = os.getloadavg()
        f = first_starts(root, env, args.first_starts, not args.no_registry)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average (1 min) {load0[0]:.2f} -> "
          f"{load1[0]:.2f}, PYTHONDONTWRITEBYTECODE=1, {s['tools']} tools")
    print(f".mcp.json env: {json.dumps(env)}")
    for i, spec in enumerate(args.variant, 1):
        print(f"variant {i}: .mcp.json env with {spec}")
    print()
    med = {k: statistics.median(v) * 1000 for k, v in s["runs"].items()}
    ref = med[("as .mcp.json", "one-tool")]
    w = max(len(v.label) for v in variants) + 10
    print(f"spawn -> tools/list, median of {args.rounds} alternated rounds; ratio over the "
          f"'as .mcp.json' one-tool baseline")
    print(f"| {'what':<{w}} | median | min | ratio | mcp .pyc/.py | warm-up (makes venv) |")
    print(f"|{'-' * (w + 2)}|---:|---:|---:|---:|---:|")
    for v in variants:
        pyc, py = s["pyc"][v.label]
        for kind in ("server", "one-tool"):
            key = (v.label, kind)
            warm = f"{s['first'][v.label]:.1f} s" if kind == "server" else ""
            print(f"| {v.label + ', ' + kind:<{w}} | {med[key]:.0f} ms | {min(s['runs'][key]) * 1000:.0f} ms "
                  f"| {med[key] / ref:.2f}× | {pyc}/{py} | {warm} |")
    print()
    print(f"ratio as .mcp.json starts it: {med[('as .mcp.json', 'server')] / ref:.2f}× (target ≤ {TARGET_RATIO}×)")
    print()
    print(f"first starts as .mcp.json starts it (connect timeout {CONNECT_TIMEOUT_S:.0f} s):")
    for name, vals in f.items():
        print(f"- {name}: " + ", ".join(f"{x:.1f} s" for x in vals))


if __name__ == "__main__":
    main()
