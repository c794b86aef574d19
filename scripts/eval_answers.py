"""`make eval` (part): where a question gets one of the session's answers (knowledge/answers.yml).

Reads tests/nlu/asked_questions.yml (held-out, written apart from the answers' ways of asking)
and the other held-out sets (test_realistic.yml, test_followups.yml: messages of every intent,
reported as how often an answer would be given to them). For each threshold and margin over
the nearest NLU training example: the share of positives answered with the right answer,
answered wrongly, and of negatives answered. Writes
reports/answers.json and prints the rows around the configured Limits.asked and asked_sure.
"""

from __future__ import annotations

import json

import numpy as np
import yaml

from coach.answers import ANSWERS_FILE, build, closest, load_answers, other_messages as trained, searched
from coach.embeddings import embed
from coach.knowledge import load_knowledge
from coach.session import Limits
from service.settings import PROJECT_DIR, load

HELD_OUT = PROJECT_DIR / "tests" / "nlu" / "asked_questions.yml"
OTHERS = ("test_realistic.yml", "test_followups.yml")
REPORT = PROJECT_DIR / "reports" / "answers.json"


def other_messages() -> list:
    """The texts of the other held-out NLU sets, without their entity marks."""
    import re

    texts = []
    for name in OTHERS:
        data = yaml.safe_load((PROJECT_DIR / "tests" / "nlu" / name).read_text(encoding="utf-8"))
        for block in data.get("nlu", []):
            examples = block.get("examples", [])
            if isinstance(examples, str):
                examples = [{"text": line[2:]} for line in examples.splitlines() if line.startswith("- ")]
            texts += [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", e["text"]).strip() for e in examples]
    return texts


def scores(texts, index, words: int):
    """The closest answer of each text, compared as the coach does (coach/answers.py: searched)."""
    parts = [searched(t, words) for t in texts]
    flat = embed([p for ps in parts for p in ps], threads=2)
    found, at = [], 0
    for ps in parts:
        found.append(closest(index, flat[at : at + len(ps)]))
        at += len(ps)
    return found


def main() -> int:
    limits = Limits()
    answers = load_answers(load().knowledge_dir / ANSWERS_FILE, load_knowledge().articles)
    index = build(answers, lambda texts: embed(texts, threads=2), trained(sorted(load().nlu_dir.glob("*.yml"))))
    data = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    positives = [(t, a) for a, ts in data["positives"].items() for t in ts]
    found_pos = scores([t for t, _ in positives], index, limits.asked_words)
    found_neg = scores(data["negatives"], index, limits.asked_words)
    others = other_messages()
    found_other = scores(others, index, limits.asked_words)
    grid = []
    for threshold in np.arange(0.89, 0.94, 0.005):
        for margin in (-0.01, 0.0, 0.01, 0.02):

            def ok(f) -> bool:
                return bool(f) and f[1] >= threshold and f[2] >= margin

            right = sum(1 for (_, a), f in zip(positives, found_pos) if ok(f) and f[0] == a)
            wrong = sum(1 for (_, a), f in zip(positives, found_pos) if ok(f) and f[0] != a)
            neg = sum(1 for f in found_neg if ok(f))
            other = sum(1 for f in found_other if ok(f))
            given = right + wrong + neg
            grid.append(
                {
                    "threshold": round(float(threshold), 3),
                    "margin": margin,
                    "right": round(right / len(positives), 3),
                    "wrong": round(wrong / len(positives), 3),
                    "negatives_answered": round(neg / len(found_neg), 3),
                    "precision": round(right / given, 3) if given else 1.0,
                    "other_sets_answered": round(other / len(others), 3),
                }
            )
    top1 = sum(1 for (_, a), f in zip(positives, found_pos) if f and f[0] == a) / len(positives)
    report = {
        "positives": len(positives),
        "negatives": len(found_neg),
        "other_messages": len(others),
        "right_answer_first": round(top1, 3),
        "configured": {
            "asked": [limits.asked, limits.asked_margin],
            "asked_sure": [limits.asked_sure, limits.asked_sure_margin],
        },
        "grid": grid,
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2))
    print(f"right answer first (no threshold): {top1:.3f} of {len(positives)}")
    for row in grid:
        if row["margin"] in (limits.asked_margin, limits.asked_sure_margin):
            print(row)
    print(f"report: {REPORT.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
