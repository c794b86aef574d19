"""`make eval` (or `python -m scripts.eval_nlu [pipeline ...]`): held-out NLU evaluation of this pipeline beside Rasa's default pipeline.

Both are trained on data/nlu in this run and tested on tests/nlu/test_nlu.yml (never
trained on). Rasa's own `rasa test nlu` writes the intent report, confusion matrix and
confidence histogram per pipeline under reports/nlu/<name>/; this script adds
reports/nlu/summary.json and prints the comparison.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from coach.runtime import process_env
from coach.settings import PROJECT_DIR

HELD_OUT = PROJECT_DIR / "tests" / "nlu" / "test_nlu.yml"
PIPELINES = {"this_pipeline": PROJECT_DIR / "config.yml",
             "rasa_default": PROJECT_DIR / "tests" / "nlu" / "config_rasa_default.yml"}
REPORTS = PROJECT_DIR / "reports" / "nlu"
MODELS = PROJECT_DIR / "build" / "eval-models"
CRISIS = ("crisis_suicidal", "crisis_violence")


def rasa(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "rasa", *args], cwd=PROJECT_DIR, env=process_env(), check=True)


def figures(report_dir: Path) -> dict:
    """Accuracy, macro-F1, crisis recall and the most frequent confusions of one run."""
    report = json.loads((report_dir / "intent_report.json").read_text())
    errors = json.loads((report_dir / "intent_errors.json").read_text()) \
        if (report_dir / "intent_errors.json").exists() else []
    confusions = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    return {
        "accuracy": round(report["accuracy"], 4),
        "macro_f1": round(report["macro avg"]["f1-score"], 4),
        **{f"recall_{c}": round(report[c]["recall"], 4) for c in CRISIS},
        "top_confusions": [{"intent": a, "predicted": b, "count": n} for (a, b), n in confusions.most_common(5)],
    }


def main() -> int:
    only = sys.argv[1:] or list(PIPELINES)
    results = {}
    for name, config in ((n, PIPELINES[n]) for n in only):
        print(f"==> Training {name} ({config.relative_to(PROJECT_DIR)}) on data/nlu")
        rasa("train", "nlu", "--config", str(config), "--nlu", "data/nlu", "--domain", "domain.yml",
             "--out", str(MODELS), "--fixed-model-name", name)
        print(f"==> Testing {name} on {HELD_OUT.relative_to(PROJECT_DIR)}")
        out = REPORTS / name
        rasa("test", "nlu", "--model", str(MODELS / f"{name}.tar.gz"), "--nlu", str(HELD_OUT),
             "--out", str(out))
        results[name] = figures(out)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "summary.json").write_text(json.dumps(results, indent=2))
    rows = ["accuracy", "macro_f1", *(f"recall_{c}" for c in CRISIS)]
    print(f"\n{'held-out figure':28}" + "".join(f"{n:>16}" for n in results))
    for row in rows:
        print(f"{row:28}" + "".join(f"{results[n][row]:>16.3f}" for n in results))
    for name in results:
        print(f"\nMost confused ({name}):")
        for c in results[name]["top_confusions"]:
            print(f"  {c['intent']} -> {c['predicted']}: {c['count']}")
    print(f"\nReports: {REPORTS.relative_to(PROJECT_DIR)}/<pipeline>/ and summary.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
