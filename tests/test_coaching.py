"""The coaching data (coach/coaching.py, knowledge/coaching.yml): every topic answers every
kind of question, and the loader refuses a topic that does not."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from coach.coaching import COACHING_FILE, KINDS, CoachingError, load_coaching
from coach.knowledge import KNOWLEDGE_DIR


def coaching_copy(tmp_path: Path, edit) -> Path:
    """coaching.yml copied and changed by `edit`."""
    target = tmp_path / COACHING_FILE
    shutil.copy(KNOWLEDGE_DIR / COACHING_FILE, target)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    edit(data)
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def load(path: Path, knowledge):
    return load_coaching(path, knowledge.topics, knowledge.articles)


def test_every_topic_says_whether_it_is_normal_and_asked_again_has_its_line(knowledge):
    coaching = load(KNOWLEDGE_DIR / COACHING_FILE, knowledge)
    assert set(coaching.topics) == set(knowledge.topics)
    for topic_id, topic in coaching.topics.items():
        sentences = re.findall(r"[.!?](?:\s|$)", topic.normal.strip())
        assert 2 <= len(sentences) <= 4, f"{topic_id}: {len(sentences)} sentences"
        assert not topic.normal.startswith("{"), f"{topic_id}: a placeholder starts the sentence"
    assert set(coaching.again) == set(KINDS) and "normal" in KINDS
    # no topic label in quotes: read as the bot's own menu (rounds 29-30)
    assert not [kind for kind, line in coaching.again.items() if "'{topic}'" in line]


def test_the_normal_texts_are_different_per_topic(knowledge):
    """One text per topic from its own article, not one reassurance copied nine times."""
    coaching = load(KNOWLEDGE_DIR / COACHING_FILE, knowledge)
    openings = [t.normal[:40] for t in coaching.topics.values()]
    assert len(set(openings)) == len(openings)


def test_a_topic_without_a_normal_text_is_refused_naming_topic_and_field(tmp_path, knowledge):
    path = coaching_copy(tmp_path, lambda d: d["topics"]["pursue_withdraw"].pop("normal"))
    with pytest.raises(CoachingError, match=r"topics/pursue_withdraw: 'normal' is a required property"):
        load(path, knowledge)


def test_a_too_short_normal_text_is_refused(tmp_path, knowledge):
    path = coaching_copy(tmp_path, lambda d: d["topics"]["emotional_distance"].update(normal="Ja hoor."))
    with pytest.raises(CoachingError, match=r"topics/emotional_distance/normal"):
        load(path, knowledge)


def test_missing_asked_again_line_for_normal_is_refused(tmp_path, knowledge):
    path = coaching_copy(tmp_path, lambda d: d["questions"].pop("normal_again"))
    with pytest.raises(CoachingError, match=r"'normal_again' is a required property"):
        load(path, knowledge)


def bot_texts(value):
    """Every string under a YAML value, except the ways users ask (`asks`) and the patterns
    that read their messages (regular expressions, as in knowledge/conversation.yml)."""
    if isinstance(value, str):
        if not re.search(r"\\b|^\^", value):
            yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key != "asks":
                yield from bot_texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from bot_texts(inner)


def test_no_bot_text_assumes_the_time_of_day():
    """The bot does not know the user's time of day: "Meer hoeft er vannacht niet" came at a
    quarter to two in the afternoon, "leg vanavond je telefoon weg" to a woman on a morning
    train, "als de nacht zwaar wordt" to a nurse going to bed after a night shift (phone trials
    6-8). Its texts say now, today, the next time; "'s nachts" as when help is there is fine."""
    root = KNOWLEDGE_DIR.parent
    domain = yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8"))["responses"]
    sources = [domain] + [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(KNOWLEDGE_DIR.glob("*.yml"))]
    timed = re.compile(r"\b(vanavond|vannacht|vanochtend|morgenochtend|vanmiddag)\b", re.I)
    found = [t[:80] for source in sources for t in bot_texts(source) if timed.search(t)]
    assert found == []
