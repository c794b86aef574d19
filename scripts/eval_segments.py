"""`make segments` (or `python -m scripts.eval_segments [--model PATH]`): does classifying the
sentences of a long message, pooled with the whole message, beat the whole message alone?

Two measures, and a scheme is worth adopting only when it wins on both:
- out of fold on the training data: the 5-fold replica of scripts/tune_thresholds.py, each
  fold's model applied to its held-out messages and to their pieces;
- on the held-out letters (tests/nlu/letters/{partner,self}.yml), with the trained pipeline
  (build/eval-models/this_pipeline.tar.gz from `make eval`, or --model): the classifier's
  ranking of the whole message and of each piece.
Pieces are sentences or 20-word windows (coach/evaluation.py SEGMENTERS); schemes are
coach/evaluation.py SCHEMES (whole alone, whole + mean, whole + max, whole + the sentences
whose best intent is a topic or a question: "the complaint"). Figures are the classifier's
choice (top-1, without fallback), top-3 and top-1 over 40 words. Writes
reports/nlu/segments.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
import yaml

from coach.evaluation import (
    SCHEMES,
    SEGMENTERS,
    Distribution,
    Example,
    in_top,
    is_long,
    is_right,
    plain,
    pool,
    ranked,
    read_examples,
)
from service.settings import PROJECT_DIR

REPORT = PROJECT_DIR / "reports" / "nlu" / "segments.json"
LETTERS = [PROJECT_DIR / "tests" / "nlu" / "letters" / f"{name}.yml" for name in ("partner", "self")]
MODEL = PROJECT_DIR / "build" / "eval-models" / "this_pipeline.tar.gz"


def complaint_intents() -> List[str]:
    """The intents the bot answers with knowledge: every topic and every question."""
    data = yaml.safe_load((PROJECT_DIR / "knowledge" / "topics.yml").read_text(encoding="utf-8"))
    return [*data["topics"], *data["questions"]]


def figures(examples: Sequence[Example], distributions: Sequence[Distribution]) -> Dict[str, object]:
    top1 = top3 = long_n = long_right = 0
    for example, distribution in zip(examples, distributions):
        names = [n for n, _ in ranked(distribution)]
        right = is_right(example, names[0])
        top1 += right
        top3 += in_top(example, names[0], names)
        if is_long(example.text):
            long_n += 1
            long_right += right
    n = len(examples)
    return {
        "examples": n,
        "top1": round(top1 / n, 4),
        "top3": round(top3 / n, 4),
        "long_examples": long_n,
        "long_top1": round(long_right / long_n, 4) if long_n else None,
    }


def schemes(
    examples: Sequence[Example], whole: Sequence[Distribution], pieces: Dict[str, Sequence[Sequence[Distribution]]]
) -> Dict[str, Dict[str, object]]:
    """Every segmenter x scheme on these examples; `pieces[segmenter][i]` are example i's."""
    complaint = complaint_intents()
    results = {"whole": figures(examples, whole)}
    for segmenter, per_example in pieces.items():
        for scheme in SCHEMES[1:]:
            pooled = [pool(w, p, scheme, complaint) for w, p in zip(whole, per_example)]
            results[f"{segmenter}:{scheme}"] = figures(examples, pooled)
    return results


def out_of_fold_measure() -> Dict[str, Dict[str, object]]:
    from scripts.tune_thresholds import classifier_config, out_of_fold, training_examples

    texts, labels = training_examples()
    c_value = float(classifier_config()["LinearIntentClassifier"].get("C", 10.0))
    cut = {name: [split(t) for t in texts] for name, split in SEGMENTERS.items()}
    combined = {i: [p for name in SEGMENTERS for p in cut[name][i]] for i in range(len(texts))}
    combined = {i: parts for i, parts in combined.items() if any(len(cut[n][i]) > 1 for n in SEGMENTERS)}
    print(f"==> out of fold: {len(texts)} training messages, {len(combined)} with pieces")
    probabilities, classes, by_example = out_of_fold(texts, labels, c_value, combined)

    def distribution(row: np.ndarray) -> Distribution:
        return {c: float(p) for c, p in zip(classes, row)}

    whole = [distribution(row) for row in probabilities]
    pieces: Dict[str, List[List[Distribution]]] = {name: [] for name in SEGMENTERS}
    for i in range(len(texts)):
        rows = [distribution(r) for r in by_example.get(i, np.zeros((0, len(classes))))]
        start = 0
        for name in SEGMENTERS:
            count = len(cut[name][i]) if i in by_example else 0
            pieces[name].append(rows[start : start + count])
            start += count
    letters = {plain(e.text) for f in (PROJECT_DIR / "data" / "nlu").glob("letters_*.yml") for e in read_examples(f)}
    examples = [Example(t, str(label)) for t, label in zip(texts, labels)]
    subsets = {
        "all": list(range(len(texts))),
        "letters": [i for i, t in enumerate(texts) if plain(t) in letters],
    }
    results = {}
    for subset, index in subsets.items():
        chosen = {name: [pieces[name][i] for i in index] for name in SEGMENTERS}
        results[subset] = schemes([examples[i] for i in index], [whole[i] for i in index], chosen)
    return results


def held_out_measure(model: Path) -> Dict[str, Dict[str, object]]:
    from coach.evaluation import classifier_ranking
    from scripts.eval_nlu import predictor

    parse = predictor(model)
    examples = [e for path in LETTERS for e in read_examples(path)]
    print(f"==> held-out letters: {len(examples)} messages and their pieces, {model.relative_to(PROJECT_DIR)}")

    def distribution(text: str) -> Distribution:
        return dict(classifier_ranking(parse(text)))

    whole = [distribution(e.text) for e in examples]
    pieces = {}
    for name, split in SEGMENTERS.items():
        cut = [split(e.text) for e in examples]
        pieces[name] = [[distribution(p) for p in parts] if len(parts) > 1 else [] for parts in cut]
    return {"letters": schemes(examples, whole, pieces)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--skip-held-out", action="store_true")
    args = parser.parse_args()
    results = {"out_of_fold": out_of_fold_measure()}
    if not args.skip_held_out:
        results["held_out"] = held_out_measure(args.model)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(results, indent=2))
    columns = [(part, subset) for part in results for subset in results[part]]
    print(f"\n{'top-1 (long top-1)':28}" + "".join(f"{part[:11] + ' ' + subset:>24}" for part, subset in columns))
    for scheme in results["out_of_fold"]["all"]:
        cells = [results[p][s][scheme] for p, s in columns]
        print(f"{scheme:28}" + "".join(f"{c['top1']:>13} ({c['long_top1']})".rjust(24) for c in cells))
    print(f"\nReport: {REPORT.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
