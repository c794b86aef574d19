"""The knowledge base: complete against the coverage map, valid, and in our own words."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from coach.knowledge import KNOWLEDGE_DIR, KnowledgeError, load_knowledge
from service.runtime import actions_command, free_port, process_env
from tests import helpers
from tests.helpers import SOURCES, require_sources

WORD = re.compile(r"[a-zà-ÿ0-9']+")
RUN = 8


def coverage_map(readme: Path) -> dict:
    """{article file: {item numbers}} from the coverage map in the sources README."""
    expected, current = {}, None
    for line in readme.read_text(encoding="utf-8").split("## Coverage map", 1)[1].splitlines():
        if line.strip().endswith(".txt"):
            current = line.strip()
            expected[current] = set()
        elif current and re.match(r"^\d+\.", line.strip()):
            expected[current].add(int(line.split(".")[0]))
    return expected


def test_missing_sources_fail_in_ci_and_skip_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setattr(helpers, "SOURCES", tmp_path / "no-sources")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run with ../shared/sources"):
        require_sources()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="not beside the project"):
        require_sources()


def test_every_coverage_item_has_an_entry(knowledge):
    require_sources()
    expected = coverage_map(SOURCES / "README.md")
    assert set(expected) == set(knowledge.articles)
    for article, items in expected.items():
        covered = {n for e in knowledge.entries.values() if e.article.file == article for n in e.covers}
        assert covered == items, f"{article}: missing {items - covered}, unknown {covered - items}"


def test_every_step_is_one_thing_to_do(knowledge):
    """The schema requires the fields; how long a step may be is this test's rule."""
    long_steps = [(e.id, s[:40]) for e in knowledge.entries.values() for s in e.steps if len(s) >= 300]
    assert not long_steps, f"steps too long for one thing to do: {long_steps}"


def words(text: str):
    return WORD.findall(text.lower().replace("’", "'"))


def test_nothing_copied_from_the_articles():
    require_sources()
    grams = set()
    for source in SOURCES.glob("*.txt"):
        w = words(source.read_text(encoding="utf-8"))
        grams.update(tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1))
    project = KNOWLEDGE_DIR.parent
    files = list(KNOWLEDGE_DIR.glob("*.yml")) + list((project / "data").rglob("*.yml")) + [project / "domain.yml"]
    copied = []
    for path in files:
        w = words(path.read_text(encoding="utf-8"))
        copied += [
            f"{path.name}: {' '.join(w[i : i + RUN])}"
            for i in range(len(w) - RUN + 1)
            if tuple(w[i : i + RUN]) in grams
        ]
    assert not copied, "copied from the articles:\n" + "\n".join(copied[:20])


def broken_copy(tmp_path: Path, file: str, edit) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    data = yaml.safe_load((target / file).read_text(encoding="utf-8"))
    edit(data)
    (target / file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def test_missing_field_is_refused_naming_file_and_entry(tmp_path):
    directory = broken_copy(tmp_path, "erfenis-van-je-jeugd.yml", lambda d: d["entries"][1].pop("steps"))
    with pytest.raises(KnowledgeError, match=r"erfenis-van-je-jeugd\.yml, entry ej_vier_patronen.*steps"):
        load_knowledge(directory)


def test_unknown_related_topic_is_refused(tmp_path):
    directory = broken_copy(
        tmp_path, "emotioneel-onbereikbaar.yml", lambda d: d["entries"][0]["related"].append("eo_bestaat_niet")
    )
    with pytest.raises(KnowledgeError, match=r"entry eo_wat_is: unknown related topic 'eo_bestaat_niet'"):
        load_knowledge(directory)


def test_topic_pointing_at_unknown_entry_is_refused(tmp_path):
    directory = broken_copy(
        tmp_path, "topics.yml", lambda d: d["topics"]["pursue_withdraw"]["path"].append("pw_nergens")
    )
    with pytest.raises(KnowledgeError, match=r"topic pursue_withdraw: unknown entry 'pw_nergens'"):
        load_knowledge(directory)


@pytest.mark.e2e  # starts the action server's process
def test_action_server_refuses_to_start_on_invalid_knowledge(tmp_path):
    """The knowledge is validated when the action server starts, not in the middle of a chat."""
    directory = broken_copy(
        tmp_path, "verlatingsangst-en-bindingsangst.yml", lambda d: d["entries"][0].pop("explanation")
    )
    result = subprocess.run(
        actions_command(free_port()),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=KNOWLEDGE_DIR.parent,
        env=process_env({"KNOWLEDGE_DIR": str(directory)}),
    )
    assert result.returncode != 0
    assert "verlatingsangst-en-bindingsangst.yml, entry vb_geven_ontvangen" in result.stderr
    assert "'explanation' is a required property" in result.stderr


NEW_TOPIC = {
    "label": "Je voelt je niet gezien",
    "source": "emotioneel-onbereikbaar.txt",
    "intro": "Je voelt je niet gezien door {partner}, ook als jullie samen zijn. Dat is eenzaam.",
    "path": ["eo_wat_is", "eo_omgaan"],
    "steps": "eo_partner_strategie",
    "answers": {},
    "related": ["partner_unavailable"],
    "exercise": "signs",
    "question": "Wanneer voelde je je voor het laatst echt gezien door {partner}?",
}


NEW_COACHING = {
    "source": "emotioneel-onbereikbaar.txt",
    "theme": "dat je je niet gezien voelt",
    "say": ["Ik zou graag willen dat je vraagt hoe mijn dag was."],
    "say_intro": "Je zou kunnen zeggen:",
    "now": {"text": "Schrijf op wanneer je je vandaag wel gezien voelde.", "own": True},
    "why": "Wie zich niet gezien voelt, trekt zich vaak terug, en dan ziet de ander nog minder.",
    "if_stuck": "Geef het tijd en kijk wat er wel lukt, ook als het klein is.",
    "normal": "Je niet gezien voelen komt voor en verdient aandacht, ook als het vaak gebeurt.",
    "weigh": {"text": "Kijk of je plan je helpt gezien te worden.", "lean": "Helpt het, doe het dan."},
    "for_you": "Wat jij voelt doet ertoe, ook als de ander het niet ziet.",
    "check": "Gaat het erom dat je je niet gezien voelt?",
    "option": "Niet gezien",
    "gist": "Je niet gezien voelen is pijnlijk; zeg wat je mist en kijk wat er wel lukt.",
}


def test_adding_a_topic_needs_only_knowledge_data_and_the_intent(tmp_path, make_tracker, domain_dict):
    """A topic is data: with an entry in topics.yml and coaching.yml (and, in a real change,
    NLU examples, a rule and the intent in the domain) the coach explains it and offers its
    exercise."""
    from actions.coach import ActionCoach
    from coach.coaching import COACHING_FILE, load_coaching
    from coach.session import Coach
    from tests.helpers import run_action, texts

    directory = broken_copy(tmp_path, "topics.yml", lambda d: d["topics"].update(feeling_unseen=NEW_TOPIC))
    with pytest.raises(KnowledgeError, match="intents not in the domain: feeling_unseen"):
        load_knowledge(directory, domain_dict["intents"])
    knowledge = load_knowledge(directory, [*domain_dict["intents"], "feeling_unseen"])
    with pytest.raises(ValueError, match="no entry for topic"):
        load_coaching(directory / COACHING_FILE, knowledge.topics, knowledge.articles)
    coaching_file = directory / COACHING_FILE
    data = yaml.safe_load(coaching_file.read_text(encoding="utf-8"))
    data["topics"]["feeling_unseen"] = NEW_COACHING
    coaching_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    coach = Coach(
        knowledge,
        load_coaching(coaching_file, knowledge.topics, knowledge.articles),
        domain_dict["responses"],
        lambda text: None,
        lambda step, entry: step,
    )
    messages, events = run_action(
        ActionCoach(coach), make_tracker("feeling_unseen", "ik voel me niet gezien"), domain_dict
    )
    assert "Je voelt je niet gezien door je partner" in texts(messages)
    assert messages[-1]["text"] == "Wanneer voelde je je voor het laatst echt gezien door je partner?"
    assert "/exercise_signs" in [b["payload"] for b in messages[-1]["buttons"]]
    assert helpers.slot(events, "session")["topic"] == "feeling_unseen"


LEAVING = re.compile(r"\b(vertrekken|weggaan|weg te gaan|uit elkaar (te )?gaan|verlaat|verlaten)\b")


def test_leaving_is_only_advised_in_steps_that_violence_hides(knowledge):
    """After violence, leaving without a safety plan is dangerous: advice to leave lives in the
    steps of an entry marked confronts_partner (replaced by the safety note), never in the
    explanation or background that are always shown. Fear of being left is no advice."""
    advice = re.compile(r"\b(beter|kiezen|kies|weeg)\b")
    for entry in knowledge.entries.values():
        for text in (entry.explanation, *entry.background):
            assert not (LEAVING.search(text) and advice.search(text)), f"{entry.id}: {text[:60]}"
        if any(LEAVING.search(s) for s in entry.steps):
            assert entry.confronts_partner, f"{entry.id} advises leaving in a step without confronts_partner"
