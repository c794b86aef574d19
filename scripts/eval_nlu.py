"""`make eval` (or `python -m scripts.eval_nlu [pipeline ...]`): held-out NLU evaluation of
this pipeline beside DIET with the same e5 features (tests/nlu/config_diet_e5.yml) and Rasa's
default pipeline (what `rasa init` writes). DIET over long messages is slow: the default
pipeline takes the better part of an hour on two cores.

All are trained on data/nlu in this run and tested on files they never saw:
tests/nlu/test_nlu.yml (short messages), tests/nlu/test_realistic.yml (messages as people
really write them) and tests/nlu/crisis_set.yml (crisis detection on its own). Rasa's own
`rasa test nlu` writes the intent report, confusion matrix and confidence histogram per
pipeline and file under reports/nlu/<pipeline>/<file>/; this script adds the project's
figures (coach/evaluation.py) to reports/nlu/summary.json and prints them side by side.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

from coach.evaluation import Scores, classifier_choice, macro_f1, read_crisis_set, read_examples, score
from service.runtime import process_env
from service.settings import PROJECT_DIR, QUIET_ENV

NLU_TESTS = PROJECT_DIR / "tests" / "nlu"
HELD_OUT = {"short": NLU_TESTS / "test_nlu.yml", "realistic": NLU_TESTS / "test_realistic.yml"}
CRISIS_SET = NLU_TESTS / "crisis_set.yml"
PIPELINES = {
    "this_pipeline": PROJECT_DIR / "config.yml",
    "diet_e5": NLU_TESTS / "config_diet_e5.yml",
    "rasa_default": NLU_TESTS / "config_rasa_default.yml",
}
REPORTS = PROJECT_DIR / "reports" / "nlu"
MODELS = PROJECT_DIR / "build" / "eval-models"


def rasa(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "rasa", *args], cwd=PROJECT_DIR, env=process_env(), check=True)


def predictor(model: Path):
    """intent name of the full NLU pipeline (guard and fallback included) for a text."""
    import os

    os.environ.update(QUIET_ENV)
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    return lambda text: loop.run_until_complete(agent.parse_message(text))


def figures(parse, name: str) -> dict:
    results = {}
    for label, path in HELD_OUT.items():
        examples = read_examples(path)
        parsed = {e.text: parse(e.text) for e in examples}
        intent = {t: p["intent"]["name"] for t, p in parsed.items()}
        ranked = {t: classifier_choice(p) for t, p in parsed.items()}
        scores: Scores = score(examples, intent.get)
        results[label] = {
            **scores.as_dict(),
            "macro_f1": round(macro_f1([(e.intent, ranked[e.text]) for e in examples]), 4),
            "misses": scores.misses,
        }
    crisis: Scores = score(read_crisis_set(CRISIS_SET), lambda t: parse(t)["intent"]["name"])
    results["crisis_set"] = {**crisis.as_dict(), "missed": crisis.missed_crisis, "false_alarms": crisis.false_crisis}
    print(f"    {name}: done")
    return results


def main() -> int:
    only = sys.argv[1:] or list(PIPELINES)
    summary = REPORTS / "summary.json"
    results = {}
    for name in only:
        config = PIPELINES[name]
        print(f"==> Training {name} ({config.relative_to(PROJECT_DIR)}) on data/nlu")
        started = time.monotonic()
        rasa(
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            "data/nlu",
            "--domain",
            "domain.yml",
            "--out",
            str(MODELS),
            "--fixed-model-name",
            name,
        )
        trained = round(time.monotonic() - started, 1)
        model = MODELS / f"{name}.tar.gz"
        for label, path in HELD_OUT.items():
            print(f"==> rasa test nlu: {name} on {path.relative_to(PROJECT_DIR)}")
            rasa("test", "nlu", "--model", str(model), "--nlu", str(path), "--out", str(REPORTS / name / label))
        results[name] = {"train_seconds": trained, **figures(predictor(model), name)}
    REPORTS.mkdir(parents=True, exist_ok=True)
    # a run of some pipelines keeps the others' figures from an earlier run
    earlier = json.loads(summary.read_text()) if summary.exists() and sys.argv[1:] else {}
    results = {**earlier, **results}
    summary.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    rows = [
        ("short", "macro_f1"),
        ("short", "accuracy"),
        ("realistic", "macro_f1"),
        ("realistic", "topic_accuracy"),
        ("realistic", "false_crisis"),
        ("short", "false_crisis"),
        ("crisis_set", "crisis_recall"),
        ("crisis_set", "crisis_intent_right"),
        ("crisis_set", "false_crisis"),
    ]
    print(f"\n{'held-out figure':34}" + "".join(f"{n:>16}" for n in results))
    print(f"{'train seconds':34}" + "".join(f"{results[n]['train_seconds']:>16}" for n in results))
    for part, row in rows:
        print(f"{part + ' ' + row:34}" + "".join(f"{results[n][part][row]:>16}" for n in results))
    for name in results:
        misses = results[name]["realistic"]["misses"]
        print(f"\nRealistic misses ({name}, {len(misses)}), first 15:")
        for intent, predicted, text in misses[:15]:
            print(f"  {intent} -> {predicted}: {text[:90]}")
    print(f"\nReports: {REPORTS.relative_to(PROJECT_DIR)}/<pipeline>/<file>/ and summary.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
