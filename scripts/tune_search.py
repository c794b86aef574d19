"""`make search-threshold`: the minimum score for answering a free question from the knowledge.

Reads tests/nlu/search_questions.yml (questions written apart from the knowledge and the
training data: answerable ones with the entries that answer them, and relationship
questions the articles do not cover), scores every question against every knowledge passage
(coach/search.py) and picks the lowest score at which at least TARGET of the answers given
are right (an answer to an unanswerable question counts as wrong). Writes
reports/search.json and prints the choice next to SEARCH_MIN_SCORE in service/settings.py.
"""

from __future__ import annotations

import json
import sys

import numpy as np

from service.settings import PROJECT_DIR, load

QUESTIONS = PROJECT_DIR / "tests" / "nlu" / "search_questions.yml"
REPORT = PROJECT_DIR / "reports" / "search.json"
TARGET = 0.85


def scored_questions():
    """(best score, right?) per question; unanswerable ones are never right."""
    import yaml

    from coach.embeddings import embed
    from coach.knowledge import load_knowledge
    from coach.search import build, ranked

    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    index = build(load_knowledge(), lambda texts: embed(texts, threads=2, passage=True))
    answerable = [(q["question"], set(q["entries"])) for q in data["answerable"]]
    texts = [q for q, _ in answerable] + list(data["unanswerable"])
    vectors = embed(texts, threads=2)
    results = []
    for i, vector in enumerate(vectors):
        passage, score = ranked(index, vector, texts[i])[0]
        right = i < len(answerable) and passage.entry_id in answerable[i][1]
        results.append((score, right, i < len(answerable)))
    return results


def at(results, threshold: float) -> dict:
    given = [(s, r, a) for s, r, a in results if s >= threshold]
    right = sum(1 for _, r, _ in given if r)
    answerable = sum(1 for _, _, a in results if a)
    return {
        "threshold": round(threshold, 3),
        "answers_given": len(given),
        "right": right,
        "precision": round(right / len(given), 4) if given else 1.0,
        "coverage": round(right / answerable, 4) if answerable else 0.0,
    }


def main() -> int:
    results = scored_questions()
    grid = [at(results, t) for t in np.arange(0.30, 0.80, 0.005)]
    good = [g for g in grid if g["precision"] >= TARGET and g["answers_given"] > 0]
    choice = min(good, key=lambda g: g["threshold"]) if good else grid[-1]
    current = at(results, load().search_min_score)
    report = {
        "questions": len(results),
        "target_precision": TARGET,
        "chosen": choice,
        "configured": current,
        "grid": grid,
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2))
    print(f"chosen     {choice}")
    print(f"configured {current}  (SEARCH_MIN_SCORE in service/settings.py)")
    print(f"report: {REPORT.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
