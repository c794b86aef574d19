"""Semantic search over the knowledge (coach/search.py) and its use for free questions."""

from __future__ import annotations

import pytest
import yaml

from coach import search
from coach.embeddings import embed
from service.settings import PROJECT_DIR, load

QUESTIONS = PROJECT_DIR / "tests" / "nlu" / "search_questions.yml"


@pytest.fixture(scope="module")
def index():
    from actions.common import SEARCH

    return SEARCH


def test_every_entry_and_part_is_searchable(index):
    from actions.common import KNOWLEDGE

    covered = {(p.entry_id, p.part) for p in index.passages}
    for entry in KNOWLEDGE.entries.values():
        assert (entry.id, "main") in covered
        for part in search.PARTS:
            assert bool(entry.part(part)) == ((entry.id, part) in covered)


def test_precision_at_the_configured_threshold_on_held_out_questions(index):
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    assert len(data["answerable"]) + len(data["unanswerable"]) >= 40
    texts = [q["question"] for q in data["answerable"]] + data["unanswerable"]
    expected = [set(q["entries"]) for q in data["answerable"]] + [set()] * len(data["unanswerable"])
    answers = [search.best(index, vector, text, load().search_min_score) for vector, text in zip(embed(texts), texts)]
    given = [(hit[0].entry_id in want) for hit, want in zip(answers, expected) if hit]
    assert given, "the search never answers at this threshold"
    assert sum(given) / len(given) >= 0.85, f"precision {sum(given)}/{len(given)}"


def test_clarify_answers_a_free_question_from_the_knowledge(make_tracker, domain_dict):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.topics import ActionClarify

    dispatcher = CollectingDispatcher()
    question = "helpt tekenen of muziek maken ofzo om gevoelens eruit te krijgen waar ik geen woorden voor heb"
    events = ActionClarify().run(dispatcher, make_tracker("nlu_fallback", question), domain_dict)
    text = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert "Stap 1:" in text and "Bron: Emotioneel onbereikbaar" in text
    assert events and events[0]["name"] == "seen" and "steps:eo_zelf" in events[0]["value"]


def test_clarify_still_asks_when_nothing_matches(make_tracker, domain_dict):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.topics import ActionClarify

    dispatcher = CollectingDispatcher()
    ActionClarify().run(dispatcher, make_tracker("nlu_fallback", "hmm tja weet niet"), domain_dict)
    assert dispatcher.messages[0]["buttons"], "no topics offered"
