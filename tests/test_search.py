"""Semantic search over the knowledge (coach/search.py); its use for free questions is in
tests/actions/test_topics.py."""

from __future__ import annotations

import pytest
import yaml

from coach import search
from coach.embeddings import embed
from service.settings import PROJECT_DIR, load

QUESTIONS = PROJECT_DIR / "tests" / "nlu" / "search_questions.yml"


@pytest.fixture(scope="module")
def index():
    """The index the action server builds at start-up."""
    from actions.common import search_index

    return search_index()


def test_every_entry_and_part_is_searchable(index, knowledge):
    covered = {(p.entry_id, p.part) for p in index.passages}
    for entry in knowledge.entries.values():
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
