"""How the NLU is scored on the held-out files: shared by `make eval` and the floors in pytest.

Pure functions. A held-out example is right when the predicted intent (after the fallback
and the guard) is its intent or one of the intents its metadata lists as equally fitting
(`also`); an out-of-scope example is also right when the bot asks what is meant
(`nlu_fallback`). "Topic accuracy" is this score over every example of a file that is not a
crisis; "false crisis" counts non-crisis examples that got a crisis intent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Sequence, Tuple

import yaml

from coach.crisis import CRISIS_INTENTS

FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
ANNOTATION = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    also: Tuple[str, ...] = ()


def plain(text: str) -> str:
    """The text without entity markup, lowercased and trimmed: how files are compared."""
    return re.sub(r"\s+", " ", ANNOTATION.sub(r"\1", text)).strip().lower()


def read_examples(path: Path) -> List[Example]:
    """Examples of a Rasa NLU YAML file, in block (`- text`) or list (`text:`) form."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        raw = block.get("examples") or []
        items: List[Dict[str, Any]]
        if isinstance(raw, str):
            items = [{"text": line.strip()[2:]} for line in raw.splitlines() if line.strip().startswith("- ")]
        else:
            items = raw
        for item in items:
            also = tuple((item.get("metadata") or {}).get("also") or ())
            examples.append(Example(ANNOTATION.sub(r"\1", item["text"]).strip(), block["intent"], also))
    return examples


def read_crisis_set(path: Path) -> List[Example]:
    """The crisis test set: lists per crisis intent plus `harmless` (intent None -> '')."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples = [Example(t, intent) for intent in CRISIS_INTENTS for t in data.get(intent) or []]
    examples += [Example(t, "") for t in data.get("harmless") or []]
    return examples


def classifier_choice(parsed: Dict[str, Any]) -> str:
    """The classifier's best intent, past the fallback: what `rasa test nlu` scores."""
    return next((r["name"] for r in parsed["intent_ranking"] if r["name"] != FALLBACK), parsed["intent"]["name"])


def is_right(example: Example, predicted: str) -> bool:
    if predicted == example.intent or predicted in example.also:
        return True
    return example.intent == OUT_OF_SCOPE and predicted == FALLBACK


@dataclass
class Scores:
    total: int = 0
    right: int = 0
    topic_total: int = 0
    topic_right: int = 0
    crisis_total: int = 0
    crisis_found: int = 0
    crisis_exact: int = 0
    false_crisis: List[str] = field(default_factory=list)
    missed_crisis: List[str] = field(default_factory=list)
    misses: List[Tuple[str, str, str]] = field(default_factory=list)

    def as_dict(self) -> Dict[str, object]:
        def share(a: int, b: int) -> float:
            return round(a / b, 4) if b else 1.0

        return {
            "examples": self.total,
            "accuracy": share(self.right, self.total),
            "topic_accuracy": share(self.topic_right, self.topic_total),
            "crisis_recall": share(self.crisis_found, self.crisis_total),
            "crisis_intent_right": share(self.crisis_exact, self.crisis_total),
            "false_crisis": len(self.false_crisis),
        }


def score(examples: Iterable[Example], predict: Callable[[str], str]) -> Scores:
    """Score every example; a crisis counts as found when any crisis intent is predicted."""
    result = Scores()
    for example in examples:
        predicted = predict(example.text)
        right = is_right(example, predicted)
        result.total += 1
        result.right += right
        if example.intent in CRISIS_INTENTS:
            result.crisis_total += 1
            result.crisis_found += predicted in CRISIS_INTENTS
            result.crisis_exact += right
            if predicted not in CRISIS_INTENTS:
                result.missed_crisis.append(example.text)
        else:
            if predicted in CRISIS_INTENTS:
                result.false_crisis.append(example.text)
            if example.intent:
                result.topic_total += 1
                result.topic_right += right
        if not right and example.intent:
            result.misses.append((example.intent, predicted, example.text))
    return result


def macro_f1(pairs: Sequence[Tuple[str, str]]) -> float:
    """Macro-F1 over the true labels of (truth, predicted) pairs."""
    labels = sorted({t for t, _ in pairs})
    f1s = []
    for label in labels:
        tp = sum(1 for t, p in pairs if t == label and p == label)
        fp = sum(1 for t, p in pairs if t != label and p == label)
        fn = sum(1 for t, p in pairs if t == label and p != label)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0
