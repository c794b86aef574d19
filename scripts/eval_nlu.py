"""`make eval` (or `python -m scripts.eval_nlu [--compare] [--reports] [pipeline ...]`):
held-out NLU evaluation of the trained pipeline.

The pipeline is trained on data/nlu in this run and tested on files it never saw:
- tests/nlu/letters/{partner,self}.yml: messages rephrased from real reader letters and forum
  posts (other hands, other pages than the training data): top-1 (the intent the dialogue
  gets, fallback and guard included), top-3 (the intent or one of its `also` intents among
  the classifier's three best), top-1 on messages over 40 words, per intent; and what the
  coach does with each message at COACH_SURE / COACH_CHECK (sure, check, don't know);
- tests/nlu/letters/crisis.yml, letters/crisis_2.yml and tests/nlu/crisis_set.yml: crisis recall,
  false crisis;
- tests/nlu/test_nlu.yml (short messages): macro-F1; tests/nlu/test_realistic.yml.
- tests/nlu/test_followups.yml: follow-ups in the middle of a talk (what to say, now, if
  stuck, why, more, a correction, shorter), accuracy and macro-F1.
- tests/nlu/test_privacy.yml: questions about what happens to the conversation, and leaving
  in a hurry (someone comes home), accuracy and macro-F1.
The project's figures (coach/evaluation.py) go to reports/nlu/summary.json and are printed.

`--compare` also trains and tests DIET with the same e5 features (tests/nlu/config_diet_e5.yml)
and Rasa's default pipeline (what `rasa init` writes, tests/nlu/config_rasa_default.yml); DIET
over long messages is slow (the default pipeline takes the better part of an hour on two
cores). `--reports` (implied by `--compare`) also runs Rasa's own `rasa test nlu` per pipeline
and file: intent report, confusion matrix and confidence histogram under
reports/nlu/<pipeline>/<file>/. `--model PATH --name NAME` evaluates a model already trained
(for example on older data) under NAME, without training.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict

import yaml

from coach.evaluation import (
    Scores,
    classifier_choice,
    classifier_ranking,
    decision_figures,
    letter_figures,
    macro_f1,
    read_crisis_set,
    read_examples,
    score,
)
from service.runtime import process_env
from service.settings import PROJECT_DIR, QUIET_ENV, load

NLU_TESTS = PROJECT_DIR / "tests" / "nlu"
LETTERS = NLU_TESTS / "letters"
HELD_OUT = {
    "short": NLU_TESTS / "test_nlu.yml",
    "realistic": NLU_TESTS / "test_realistic.yml",
    "letters_partner": LETTERS / "partner.yml",
    "letters_self": LETTERS / "self.yml",
    "followups": NLU_TESTS / "test_followups.yml",
    "privacy": NLU_TESTS / "test_privacy.yml",
}
CRISIS_SETS = {
    "crisis_set": NLU_TESTS / "crisis_set.yml",
    "letters_crisis": LETTERS / "crisis.yml",
    "letters_crisis_2": LETTERS / "crisis_2.yml",
}
PIPELINES = {
    "this_pipeline": PROJECT_DIR / "config.yml",
    "diet_e5": NLU_TESTS / "config_diet_e5.yml",
    "rasa_default": NLU_TESTS / "config_rasa_default.yml",
}
REPORTS = PROJECT_DIR / "reports" / "nlu"
MODELS = PROJECT_DIR / "build" / "eval-models"

Parse = Callable[[str], Dict[str, Any]]


def rasa(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "rasa", *args], cwd=PROJECT_DIR, env=process_env(), check=True)


def predictor(model: Path) -> Parse:
    """The full NLU pipeline (guard and fallback included) of a model, one parse per text."""
    import os

    os.environ.update(QUIET_ENV)
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    cache: Dict[str, Dict[str, Any]] = {}

    def parse(text: str) -> Dict[str, Any]:
        if text not in cache:
            cache[text] = loop.run_until_complete(agent.parse_message(text))
        return cache[text]

    return parse


def topic_names() -> list:
    topics = yaml.safe_load((PROJECT_DIR / "knowledge" / "topics.yml").read_text(encoding="utf-8"))
    return list(topics["topics"])


def figures(parse: Parse, name: str) -> dict:
    results: Dict[str, Any] = {}
    settings = load()
    letters_all = []
    for label, path in HELD_OUT.items():
        examples = read_examples(path)
        intent = {e.text: parse(e.text)["intent"]["name"] for e in examples}
        scores: Scores = score(examples, intent.get)
        results[label] = {
            **scores.as_dict(),
            "macro_f1": round(macro_f1([(e.intent, classifier_choice(parse(e.text))) for e in examples]), 4),
            "misses": scores.misses,
        }
        if label.startswith("letters_"):
            letters_all += examples
            ranking = {e.text: [n for n, _ in classifier_ranking(parse(e.text))] for e in examples}
            results[label].update(letter_figures(examples, intent, ranking))
    intent = {e.text: parse(e.text)["intent"]["name"] for e in letters_all}
    ranking = {e.text: [n for n, _ in classifier_ranking(parse(e.text))] for e in letters_all}
    confidences = {e.text: classifier_ranking(parse(e.text)) for e in letters_all}
    results["letters"] = {
        **score(letters_all, intent.get).as_dict(),
        **letter_figures(letters_all, intent, ranking),
        "coach": {
            "coach_sure": settings.coach_sure,
            "coach_check": settings.coach_check,
            **decision_figures(letters_all, confidences, topic_names(), settings.coach_sure, settings.coach_check),
        },
    }
    for label, path in CRISIS_SETS.items():
        crisis: Scores = score(read_crisis_set(path), lambda t: parse(t)["intent"]["name"])
        results[label] = {**crisis.as_dict(), "missed": crisis.missed_crisis, "false_alarms": crisis.false_crisis}
    print(f"    {name}: done")
    return results


def train(name: str, config: Path) -> float:
    print(f"==> Training {name} ({config.relative_to(PROJECT_DIR)}) on data/nlu")
    started = time.monotonic()
    rasa(
        *("train", "nlu", "--config", str(config), "--nlu", "data/nlu", "--domain", "domain.yml"),
        *("--out", str(MODELS), "--fixed-model-name", name),
    )
    return round(time.monotonic() - started, 1)


def rasa_reports(name: str, model: Path) -> None:
    for label, path in HELD_OUT.items():
        print(f"==> rasa test nlu: {name} on {path.relative_to(PROJECT_DIR)}")
        rasa("test", "nlu", "--model", str(model), "--nlu", str(path), "--out", str(REPORTS / name / label))


ROWS = [
    ("letters", "top1"),
    ("letters", "top3"),
    ("letters", "long_top1"),
    ("letters_partner", "top1"),
    ("letters_self", "top1"),
    ("letters", "false_crisis"),
    ("short", "macro_f1"),
    ("short", "accuracy"),
    ("realistic", "topic_accuracy"),
    ("followups", "accuracy"),
    ("followups", "macro_f1"),
    ("realistic", "false_crisis"),
    ("short", "false_crisis"),
    ("letters_crisis", "crisis_recall"),
    ("letters_crisis", "crisis_intent_right"),
    ("letters_crisis", "false_crisis"),
    ("letters_crisis_2", "crisis_recall"),
    ("letters_crisis_2", "crisis_intent_right"),
    ("letters_crisis_2", "false_crisis"),
    ("crisis_set", "crisis_recall"),
    ("crisis_set", "crisis_intent_right"),
    ("crisis_set", "false_crisis"),
]
COACH_ROWS = ["sure", "right_when_sure", "check", "right_among_offered", "offered_per_check", "unknown"]


def cell(value: Any) -> str:
    return f"{'-' if value is None else value:>16}"


def print_table(results: Dict[str, dict]) -> None:
    names = list(results)
    print(f"\n{'held-out figure':34}" + "".join(f"{n:>16}" for n in names))
    print(f"{'train seconds':34}" + "".join(cell(results[n].get("train_seconds")) for n in names))
    for part, row in ROWS:
        print(f"{part + ' ' + row:34}" + "".join(cell(results[n].get(part, {}).get(row)) for n in names))
    for row in COACH_ROWS:
        print(
            f"{'letters coach ' + row:34}"
            + "".join(cell(results[n]["letters"].get("coach", {}).get(row)) for n in names)
        )
    first = names[0]
    print(f"\nLetters per intent ({first}): examples, top-1, top-3, long examples, long top-1")
    for intent, f in results[first]["letters"]["per_intent"].items():
        print(
            f"  {intent:26}{f['examples']:>5}{cell(f['top1'])[-8:]}{cell(f['top3'])[-8:]}"
            f"{f['long_examples']:>6}{cell(f['long_top1'])[-8:]}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pipelines", nargs="*", help=f"of {', '.join(PIPELINES)}; default: this_pipeline")
    parser.add_argument("--compare", action="store_true", help="also DIET+e5 and Rasa's default (slow)")
    parser.add_argument("--reports", action="store_true", help="also Rasa's own reports per file")
    parser.add_argument("--model", type=Path, help="evaluate this trained model, do not train")
    parser.add_argument("--name", default="model", help="the name of --model in the summary")
    args = parser.parse_args()
    unknown = [p for p in args.pipelines if p not in PIPELINES]
    if unknown:
        parser.error(f"unknown pipeline(s) {unknown}; known: {list(PIPELINES)}")
    only = args.pipelines or (list(PIPELINES) if args.compare else ["this_pipeline"])
    summary = REPORTS / "summary.json"
    results: Dict[str, dict] = {}
    if args.model:
        results[args.name] = figures(predictor(args.model), args.name)
    else:
        for name in only:
            seconds = train(name, PIPELINES[name])
            model = MODELS / f"{name}.tar.gz"
            if args.reports or args.compare:
                rasa_reports(name, model)
            results[name] = {"train_seconds": seconds, **figures(predictor(model), name)}
    REPORTS.mkdir(parents=True, exist_ok=True)
    # the figures of pipelines and models not run this time are kept from earlier runs
    earlier = json.loads(summary.read_text()) if summary.exists() else {}
    summary.write_text(json.dumps({**earlier, **results}, indent=2, ensure_ascii=False))
    print_table(results)
    for name in results:
        misses = results[name]["realistic"]["misses"]
        print(f"\nRealistic misses ({name}, {len(misses)}), first 10:")
        for intent, predicted, text in misses[:10]:
            print(f"  {intent} -> {predicted}: {text[:90]}")
    print(f"\nSummary: {summary.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
