"""Semantic search over the knowledge, for free questions no intent covers.

Why: people ask things the articles answer in words no intent was trained on ("wat bedoelen
ze met die dans?"). Every sentence of every entry is a passage, embedded once with the same
e5 model as the NLU (the "passage:" side); a question (the "query:" side) is scored against
each entry by its best passage plus the words it shares with the entry (tf-idf), and
answered only from a minimum score on, chosen on held-out questions (`make
search-threshold`, tests/nlu/search_questions.yml); below it the bot asks what is meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple

import numpy as np

from coach.knowledge import Knowledge
from coach.conversation import who
from coach.replies import personalise

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
    vectors: np.ndarray  # one L2-normalised e5 row per passage
    entry_ids: Tuple[str, ...]
    entry_rows: Tuple[np.ndarray, ...]  # the passages of each entry, in entry_ids order
    lexical: Any  # a fitted TfidfVectorizer over whole entries (scikit-learn has no types)
    entry_terms: Any  # its sparse matrix, one row per entry


def passages(knowledge: Knowledge) -> List[Passage]:
    """One passage per sentence-sized unit: the entry's name, explanation, each background
    paragraph and each sign, step and reflection question (whole entries match questions
    worse with e5: a right entry first for 31% of the held-out questions, 33% per unit)."""
    found = []
    for entry in knowledge.entries.values():
        for text in (entry.name, entry.explanation, *entry.background):
            found.append(Passage(entry.id, "main", text))
        for part in PARTS:
            found += [Passage(entry.id, part, text) for text in entry.part(part) or ()]
    return found


def build(knowledge: Knowledge, embed_passages: Embed) -> Index:
    """e5 vectors per passage plus word tf-idf per entry: together they put a right entry
    first for 44% of the held-out questions, e5 alone for 33%."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    items = passages(knowledge)
    neutral = who(knowledge.conversation, None, None)  # "je partner"
    entry_ids = tuple(knowledge.entries)
    rows = tuple(np.array([i for i, p in enumerate(items) if p.entry_id == e]) for e in entry_ids)
    documents = [personalise(" ".join(items[i].text for i in entry_rows), neutral) for entry_rows in rows]
    lexical = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(documents)
    return Index(
        tuple(items),
        embed_passages([personalise(p.text, neutral) for p in items]),
        entry_ids,
        rows,
        lexical,
        lexical.transform(documents),
    )


def ranked(index: Index, query_vector: np.ndarray, query_text: str) -> List[Tuple[Passage, float]]:
    """Entries by 0.5 x their best passage's e5 similarity + 0.5 x word tf-idf similarity,
    each represented by that best passage."""
    semantic = index.vectors @ query_vector
    words = (index.lexical.transform([query_text]) @ index.entry_terms.T).toarray()[0]
    results = []
    for position, rows in enumerate(index.entry_rows):
        top = int(rows[np.argmax(semantic[rows])])
        results.append((index.passages[top], 0.5 * float(semantic[top]) + 0.5 * float(words[position])))
    return sorted(results, key=lambda item: -item[1])


def best(index: Index, query_vector: np.ndarray, query_text: str, min_score: float) -> Optional[Tuple[Passage, float]]:
    """The best passage when its entry scores at least `min_score`, else None."""
    top = ranked(index, query_vector, query_text)[0]
    return top if top[1] >= min_score else None


def closest_explanation(index: Index, query_vector: np.ndarray, entry_id: str, longer_than: int = 60) -> Passage:
    """The sentence of an entry's explanation and background closest in meaning to a text (a
    step the user asks about): the entry says why its steps help."""
    scores = index.vectors @ query_vector
    candidates = [
        i
        for i, p in enumerate(index.passages)
        if p.part == "main" and p.entry_id == entry_id and len(p.text) > longer_than
    ]
    return index.passages[max(candidates, key=lambda i: float(scores[i]))]
