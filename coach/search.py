"""Semantic search over the knowledge, for free questions no intent covers.

Why: people ask things the articles answer in words no intent was trained on ("wat bedoelen
ze met die dans?"). Every part of every entry is a passage, embedded once with the same e5
model as the NLU (the "passage:" side); a question (the "query:" side) goes to the passage
with the highest cosine similarity, but only from a minimum score on, chosen on held-out
questions (`make search-threshold`, tests/nlu/search_questions.yml); below it the bot asks
what is meant, as before.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

import numpy as np

from coach.knowledge import Knowledge

PARTS = ("signs", "steps", "reflection")
Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Passage:
    entry_id: str
    part: str  # "main" (explanation and background) or signs/steps/reflection
    text: str


@dataclass(frozen=True)
class Index:
    passages: Tuple[Passage, ...]
    vectors: np.ndarray  # one L2-normalised row per passage


def passages(knowledge: Knowledge) -> List[Passage]:
    """One passage per sentence-sized unit: the entry's name, explanation, each background
    paragraph and each sign, step and reflection question. Whole entries match questions
    far worse (top-1 right for 27% of the held-out questions against 36% per unit)."""
    found = []
    for entry in knowledge.entries.values():
        for text in (entry.name, entry.explanation, *entry.background):
            found.append(Passage(entry.id, "main", text))
        for part in PARTS:
            found += [Passage(entry.id, part, text) for text in entry.part(part) or ()]
    return found


def build(knowledge: Knowledge, embed_passages: Embed) -> Index:
    items = passages(knowledge)
    return Index(tuple(items), embed_passages([p.text.replace("{partner}", "je partner") for p in items]))


def ranked(index: Index, query_vector: np.ndarray) -> List[Tuple[Passage, float]]:
    scores = index.vectors @ query_vector
    return [(index.passages[i], float(scores[i])) for i in np.argsort(-scores)]


def best(index: Index, query_vector: np.ndarray, min_score: float) -> Optional[Tuple[Passage, float]]:
    """The best passage when it scores at least `min_score`, else None."""
    top = ranked(index, query_vector)[0]
    return top if top[1] >= min_score else None
