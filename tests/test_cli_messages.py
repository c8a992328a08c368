"""The `ai-tutor` command: `find`, and every next step it prints is a command runnable here."""

from __future__ import annotations

import re

import anyio
import pytest

from mcp_server import cli
from mcp_server.server import server

TOOL_NAME = re.compile(r"\b(learner_status|find_concepts|plan_lesson|publish_post|open_resource|check_links|"
                       r"pending_check|run_exercise|record_check|set_profile)\b")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_find_lists_concepts_and_the_command_to_plan_one(capsys, tmp_path):
    code, out, _ = run(capsys, "--journal", str(tmp_path / "j"), "find", "멀티헤드", "어텐션")
    assert code == 0
    assert out.splitlines()[0].startswith("multi-head-attention ")
    assert out.splitlines()[-1] == "plan one: ai-tutor plan multi-head-attention"


def test_an_unknown_concept_names_the_find_command_not_the_tool(capsys, tmp_path):
    code, _, err = run(capsys, "--journal", str(tmp_path / "j"), "plan", "multi hed atention")
    assert code == 2
    assert "Run `ai-tutor find <words>` to search" in err and "Did you mean: multi-head-attention" in err
    assert not TOOL_NAME.search(err), err


def test_a_bad_profile_names_the_find_command(capsys, tmp_path):
    data = tmp_path / "j" / "_data" / "tutor"
    data.mkdir(parents=True)
    (data / "learner.yaml").write_text("known:\n  - {concept: backprop-typo, depth: 1}\n")
    code, _, err = run(capsys, "--journal", str(tmp_path / "j"), "status")
    assert code == 2 and "known[0].concept: unknown concept 'backprop-typo'" in err
    assert "ai-tutor find" in err and not TOOL_NAME.search(err), err


@pytest.mark.parametrize("tool", sorted(t.name for t in anyio.run(server.list_tools)))
def test_every_tool_a_message_can_name_has_a_command(tool):
    said = cli.for_cli(f"Call {tool} again; then {tool}.")
    assert not TOOL_NAME.search(said), said
    assert said.startswith("Run ")
