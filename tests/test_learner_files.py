"""Mistakes in the learner's own files are reported as theirs — file, line, field — and never
read as broken curated data; YAML that names a key twice is refused wherever it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcp_server.errors import KnowledgeError, ProfileError
from mcp_server.facade import Tutor
from mcp_server.storage.knowledge import load_knowledge
from mcp_server.storage.yamlio import YamlProblem, load

OBJ = "objectives: {1: {en: a, ko: a}, 2: {en: b, ko: b}, 3: {en: c, ko: c}}"


def concept(cid: str, prereqs: str = "[attention-mechanism]", title: str = "T", category: str = "architecture") -> str:
    return (f"  - id: {cid}\n    title: {{en: '{title}', ko: '{title}'}}\n    summary: {{en: s, ko: s}}\n"
            f"    category: {category}\n    prerequisites: {prereqs}\n    {OBJ}\n")


def plan_with(seed_world, journal, text: str) -> Tutor:
    journal.data_dir.mkdir(parents=True, exist_ok=True)
    journal.additions_path.write_text("concepts:\n" + text, encoding="utf-8")
    return Tutor(journal, knowledge_dir=seed_world)


@pytest.mark.parametrize(("text", "expected"), [
    (concept("mine") + concept("mine"), r"concepts.yaml:8: concepts\.1\.id: 'mine' is given twice"),
    (concept("mine", "[mine]"), r"concepts.yaml:6: concepts\.0\.prerequisites\.0: 'mine' lists itself"),
    (concept("mine", "[no-such-thing]"), r"concepts.yaml:6: concepts\.0\.prerequisites\.0: unknown prerequisite 'no-such-thing'"),
    (concept("a-one", "[b-two]") + concept("b-two", "[a-one]"),
     r"concepts.yaml:\d+: concepts\.\d\.prerequisites\.0: prerequisites form a cycle: (a-one → b-two → a-one|b-two → a-one → b-two)"),
    (concept("transformer"), r"concepts.yaml:2: concepts\.0\.id: 'transformer' is already curated"),
    (concept("mine", category="nope"), r"concepts.yaml:5: concepts\.0\.category: unknown category 'nope'"),
])
def test_a_mistake_in_the_learners_concepts_names_their_file_line_and_field(seed_world, journal, text, expected):
    t = plan_with(seed_world, journal, text)
    with pytest.raises(KnowledgeError, match=expected) as e:
        t.plan_lesson("attention", 1, "2025-11-03")
    assert "knowledge graph is invalid" not in str(e.value) and "curated knowledge is fine" in str(e.value)


def test_duplicate_keys_are_refused_with_both_lines(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("name: a\nweekly_goal: 3\nname: b\n")
    with pytest.raises(YamlProblem, match=r"x.yaml:3: key 'name' appears twice in one mapping \(first at line 1\)"):
        load(f)
    f.write_text("- {a: 1, b: 2}\n- {c: 1, c: 2}\n")
    with pytest.raises(YamlProblem, match=r"x.yaml:2: key 'c' appears twice"):
        load(f)


def test_a_duplicate_key_in_the_learners_concepts_is_refused(seed_world, journal):
    t = plan_with(seed_world, journal, concept("mine").replace("    summary:", "    category: x\n    summary:"))
    with pytest.raises(KnowledgeError, match=r"concepts.yaml:\d: key 'category' appears twice"):
        t.plan_lesson("attention", 1, "2025-11-03")


def test_a_duplicate_key_in_learner_yaml_is_a_profile_error(journal):
    journal.data_dir.mkdir(parents=True)
    journal.profile_path.write_text("language: en\nlanguage: ko\n")
    with pytest.raises(ProfileError, match=r"learner.yaml:2: key 'language' appears twice"):
        journal.profile()


def test_a_learner_yaml_that_is_a_folder_is_a_profile_error(journal):
    journal.profile_path.mkdir(parents=True)
    with pytest.raises(ProfileError, match="learner.yaml: is a folder, not a file"):
        journal.profile()


def test_an_unreadable_learner_yaml_is_a_profile_error(journal, monkeypatch):
    journal.data_dir.mkdir(parents=True)
    journal.profile_path.write_text("language: en\n")

    def denied(self, *a, **k):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", denied)  # root ignores chmod, so refuse the read itself
    with pytest.raises(ProfileError, match=r"learner.yaml: cannot be read \(Permission denied\)"):
        journal.profile()


def test_the_curated_knowledge_has_no_duplicate_keys(seed_world):
    load_knowledge(seed_world)
    load_knowledge()


def test_a_learner_concept_titled_like_a_curated_one_gets_its_own_post(seed_world, journal, slots):
    t = plan_with(seed_world, journal, concept("my-attention", title="Attention Mechanism"))
    first = t.publish_post(t.plan_lesson("attention-mechanism", 1, "2025-11-03").lesson_id, slots)
    second = t.publish_post(t.plan_lesson("my-attention", 1, "2025-11-03").lesson_id, slots)
    assert first.post != second.post
    assert Path(second.post).name == "2025-11-03-attention-mechanism-my-attention.md"
    assert (journal.root / first.post).read_text(encoding="utf-8") != (journal.root / second.post).read_text(encoding="utf-8")
