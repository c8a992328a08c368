"""Bad input gets a clear error that says what to do, and nothing of the journal is lost."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from conftest import make_slots

from mcp_server import cli
from mcp_server.errors import EditedByLearner, InvalidRequest, NotFound, ProfileError
from mcp_server.facade import Tutor
from mcp_server.storage.journal import Journal
from mcp_server.storage.knowledge import load_knowledge


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.name.endswith(".lock")}



def lessons(events):
    """The lesson_published events (the log also holds the files_intended written ahead of them)."""
    return [e for e in events if e.type == "lesson_published"]

def test_an_unknown_concept_is_refused_with_suggestions(tutor):
    with pytest.raises(NotFound) as e:
        tutor.plan_lesson("multi-hed atention")
    assert "multi-head-attention" in str(e.value) and "find_concepts" in str(e.value)


@pytest.mark.parametrize("query", ["MHA", "멀티헤드 어텐션", "multihead attention", "Multi-Head Attention", "다중 헤드 어텐션"])
def test_a_concept_is_found_by_alias_or_title_in_either_language(tutor, query):
    assert tutor.plan_lesson(query, 1, "2025-11-10").concept == "multi-head-attention"


def test_a_depth_out_of_range_names_the_allowed_depths(tutor):
    with pytest.raises(InvalidRequest, match=r"depth 4 is out of range for multi-head-attention: choose one of 1, 2, 3"):
        tutor.plan_lesson("multi-head-attention", 4)


def test_a_depth_without_a_concept_is_refused(tutor):
    with pytest.raises(InvalidRequest, match="a depth needs a concept"):
        tutor.plan_lesson(None, 2)


def test_a_malformed_learner_yaml_names_file_line_and_field_and_blocks_writes(tutor, journal, slots):
    brief = tutor.plan_lesson("attention", 1, "2025-11-03")
    tutor.publish_post(brief.lesson_id, slots)
    journal.profile_path.write_text("language: ko\nweekly_goal: lots\ntimezone: Asia/Seoul\n")
    before = snapshot(journal.root)
    with pytest.raises(ProfileError) as e:
        tutor.publish_post(brief.lesson_id, slots)
    msg = str(e.value)
    assert "learner.yaml:2: weekly_goal" in msg and "nothing is written" in msg
    assert snapshot(journal.root) == before


def test_a_learner_yaml_that_does_not_parse_gives_the_line(journal):
    journal.data_dir.mkdir(parents=True)
    journal.profile_path.write_text("language: ko\ntimezone: [Asia/Seoul\n")
    with pytest.raises(ProfileError, match=r"learner.yaml:\d+: YAML syntax error"):
        journal.profile()


def test_an_unknown_timezone_says_what_to_use(journal):
    journal.data_dir.mkdir(parents=True)
    journal.profile_path.write_text("timezone: Mars/Olympus\n")
    with pytest.raises(ProfileError, match="use an IANA name such as Asia/Seoul"):
        journal.profile()


def test_a_torn_last_line_is_set_aside_with_a_warning_and_never_lost(tutor, journal, slots):
    tutor.publish_post(tutor.plan_lesson("attention", 1, "2025-11-03").lesson_id, slots)
    torn = b'{"v":1,"type":"lesson_published","lesson":"2025-11-04-transf'
    with open(journal.log_path, "ab") as f:
        f.write(torn)
    events, warnings = journal.events()
    assert len(lessons(events)) == 1 and any("incomplete" in w for w in warnings)
    assert tutor.learner_status().warnings == warnings  # the learner is told
    tutor.publish_post(tutor.plan_lesson("transformer", 1, "2025-11-04").lesson_id, slots)
    events, warnings = journal.events()
    assert [e.concept for e in lessons(events)] == ["attention-mechanism", "transformer"] and warnings == []
    kept = [json.loads(ln) for ln in journal.torn_path.read_text().splitlines()]
    assert kept[0]["bytes"] == torn.decode()
    assert base64.b64decode(kept[0]["base64"]) == torn


def test_a_tail_torn_inside_a_utf8_character_is_kept_byte_for_byte(tutor, journal, slots):
    tutor.publish_post(tutor.plan_lesson("attention", 1, "2025-11-03").lesson_id, slots)
    torn = '{"v":1,"type":"lesson_published","title":"어텐'.encode()[:-1]  # cut inside the last character
    with open(journal.log_path, "ab") as f:
        f.write(torn)
    tutor.publish_post(tutor.plan_lesson("transformer", 1, "2025-11-04").lesson_id, slots)
    kept = json.loads(journal.torn_path.read_text(encoding="utf-8").splitlines()[0])
    assert base64.b64decode(kept["base64"]) == torn


def test_an_unreadable_line_in_the_middle_is_skipped_with_a_warning_and_left_in_place(tutor, journal, slots):
    tutor.publish_post(tutor.plan_lesson("attention", 1, "2025-11-03").lesson_id, slots)
    with open(journal.log_path, "ab") as f:
        f.write(b"not json\n")
    tutor.publish_post(tutor.plan_lesson("transformer", 1, "2025-11-04").lesson_id, slots)
    events, warnings = Journal(journal.root).events()
    assert len(lessons(events)) == 2 and warnings == [
        f"{journal.log_path}:4: not valid JSON (Expecting value); the line was skipped and left in place"]
    assert b"not json\n" in journal.log_path.read_bytes()


def test_republishing_updates_the_post_the_tutor_wrote(tutor, journal, slots):
    brief = tutor.plan_lesson("attention", 1, "2025-11-03")
    tutor.publish_post(brief.lesson_id, slots)
    r = tutor.publish_post(brief.lesson_id, make_slots(intro="고친 도입부입니다."))
    assert r.updated and "고친 도입부입니다." in Path(r.post).read_text()
    assert tutor.learner_status().sessions == 1  # a republish is still one lesson


def test_a_post_the_learner_edited_is_never_overwritten(tutor, journal, slots):
    brief = tutor.plan_lesson("attention", 1, "2025-11-03")
    post = Path(tutor.publish_post(brief.lesson_id, slots).post)
    post.write_text(post.read_text() + "\n내가 덧붙인 메모\n")
    before = snapshot(journal.root)
    with pytest.raises(EditedByLearner) as e:
        tutor.publish_post(brief.lesson_id, make_slots(intro="새 도입부"))
    assert "move your edited copy out of _posts/" in str(e.value)
    assert snapshot(journal.root) == before


def test_the_learners_work_on_the_exercise_is_kept_when_the_post_is_regenerated(tutor, journal, slots):
    brief = tutor.plan_lesson("attention", 1, "2025-11-03")
    r = tutor.publish_post(brief.lesson_id, slots)
    ex = journal.root / "_exercises" / "2025-11-03-attention-mechanism" / "exercise.py"
    ex.write_text("def add(a, b):\n    return a + b  # mine\n")
    r = tutor.publish_post(brief.lesson_id, make_slots(intro="새 도입부"))
    assert "_exercises/2025-11-03-attention-mechanism/exercise.py" in r.kept
    assert "# mine" in ex.read_text() and "새 도입부" in Path(r.post).read_text()


def test_a_post_file_the_tutor_did_not_write_is_not_overwritten(tutor, journal, slots):
    post = journal.root / "_posts" / "2025-11-03-attention-mechanism.md"
    post.parent.mkdir(parents=True)
    post.write_text("my own post\n")
    with pytest.raises(EditedByLearner):
        tutor.publish_post(tutor.plan_lesson("attention", 1, "2025-11-03").lesson_id, slots)
    assert post.read_text() == "my own post\n"
    assert not journal.log_path.exists()


def test_a_title_whose_slug_would_escape_posts_stays_inside(seed_world, journal, slots):
    journal.data_dir.mkdir(parents=True)
    (journal.additions_path).write_text(
        "concepts:\n"
        "  - id: my-escape\n"
        "    title: {en: '../../../../etc/passwd', ko: '../../탈출'}\n"
        "    summary: {en: s, ko: s}\n"
        "    category: architecture\n"
        "    prerequisites: [attention-mechanism]\n"
        "    objectives: {1: {en: a, ko: a}, 2: {en: b, ko: b}, 3: {en: c, ko: c}}\n"
    )
    t = Tutor(journal, curated=load_knowledge(seed_world), knowledge_dir=seed_world)
    r = t.publish_post(t.plan_lesson("my-escape", 1, "2025-11-03").lesson_id, slots)
    post = Path(r.post).resolve()
    assert post.parent == (journal.root / "_posts").resolve()
    assert post.name == "2025-11-03-etc-passwd.md"


def test_a_title_with_no_ascii_falls_back_to_the_concept_id(seed_world, journal, slots):
    journal.data_dir.mkdir(parents=True)
    journal.additions_path.write_text(
        "concepts:\n  - {id: hangul-only, title: {en: '어텐션', ko: '어텐션'}, summary: {en: s, ko: s},"
        " category: architecture, prerequisites: [attention-mechanism],"
        " objectives: {1: {en: a, ko: a}, 2: {en: b, ko: b}, 3: {en: c, ko: c}}}\n"
    )
    t = Tutor(journal, knowledge_dir=seed_world)
    r = t.publish_post(t.plan_lesson("hangul-only", 1, "2025-11-03").lesson_id, slots)
    assert Path(r.post).name == "2025-11-03-hangul-only.md"


def test_a_learner_concept_that_reuses_a_curated_id_is_refused(seed_world, journal):
    journal.data_dir.mkdir(parents=True)
    journal.additions_path.write_text(
        "concepts:\n  - {id: transformer, title: {en: T, ko: T}, summary: {en: s, ko: s}, category: architecture,"
        " objectives: {1: {en: a, ko: a}, 2: {en: b, ko: b}, 3: {en: c, ko: c}}}\n"
    )
    t = Tutor(journal, knowledge_dir=seed_world)
    with pytest.raises(Exception, match="already curated; choose another id"):
        t.plan_lesson("transformer")


def test_a_lesson_id_that_plan_lesson_did_not_return_is_refused(tutor, slots):
    with pytest.raises(InvalidRequest, match="call plan_lesson first"):
        tutor.publish_post("../../etc/passwd", slots)


@pytest.mark.parametrize(("field", "value"), [("score", "high"), ("date", "2025-11-31"), ("depth", "two")])
def test_a_hand_edited_event_is_named_skipped_and_fails_validate(tutor, journal, slots, capsys, seed_world, field, value):
    tutor.publish_post(tutor.plan_lesson("attention", 1, "2025-11-03").lesson_id, slots)
    lines = journal.log_path.read_text(encoding="utf-8").splitlines()
    # lines[0] is the files_intended written ahead of it, lines[2] the one ahead of the pages
    ev = json.loads(lines[1])
    assert len(lines) == 3 and json.loads(lines[2])["lesson"] == "pages"
    if field == "score":  # a check on the lesson, then edited by hand
        ev = {"type": "check_recorded", "at": ev["at"], "lesson": ev["lesson"], "concept": ev["concept"],
              "depth": 1, "rating": "easy"}
    ev[field] = value
    with open(journal.log_path, "a", encoding="utf-8") as f:
        f.write(json.dumps(ev) + "\n")
    st = tutor.learner_status()
    assert any(w.startswith(f"{journal.log_path}:4: {field}: ") for w in st.warnings)
    assert st.sessions == 1  # the valid lesson still counts
    assert any(w.startswith(f"{journal.log_path}:4: ") for w in tutor.plan_lesson(date="2025-11-04").warnings)
    code = cli.main(["--journal", str(journal.root), "--knowledge", str(seed_world), "validate"])
    out = capsys.readouterr().out
    assert code == 1 and f"events.jsonl:4: {field}:" in out
    assert journal.log_path.read_text(encoding="utf-8").splitlines()[3] == json.dumps(ev)  # left in place
