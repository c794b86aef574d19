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


# ---- letters: top-1, top-3, long messages, per intent ----------------------------------------

LONG_WORDS = 40  # a message over this many words counts as long (the coach reflects it first)


def is_long(text: str) -> bool:
    return len(text.split()) > LONG_WORDS


def classifier_ranking(parsed: Dict[str, Any]) -> List[Tuple[str, float]]:
    """The classifier's intents and confidences, best first, without the fallback."""
    return [
        (r["name"], float(r.get("confidence") or 0.0))
        for r in parsed.get("intent_ranking") or []
        if r["name"] != FALLBACK
    ]


def in_top(example: Example, predicted: str, ranking: Sequence[str], k: int = 3) -> bool:
    """Right at the top, or the intent or one of its alternatives among the k best."""
    return is_right(example, predicted) or any(is_right(example, name) for name in ranking[:k])


def letter_figures(
    examples: Sequence[Example], predicted: Dict[str, str], ranked: Dict[str, Sequence[str]]
) -> Dict[str, Any]:
    """Top-1 (the intent the dialogue gets), top-3 (the classifier's ranking) and top-1 on
    long messages, over the whole file and per intent."""

    def figures(group: Sequence[Example]) -> Dict[str, Any]:
        long = [e for e in group if is_long(e.text)]
        share = lambda hits, n: round(hits / n, 4) if n else None  # noqa: E731
        return {
            "examples": len(group),
            "top1": share(sum(is_right(e, predicted[e.text]) for e in group), len(group)),
            "top3": share(sum(in_top(e, predicted[e.text], ranked[e.text]) for e in group), len(group)),
            "long_examples": len(long),
            "long_top1": share(sum(is_right(e, predicted[e.text]) for e in long), len(long)),
        }

    intents = sorted({e.intent for e in examples})
    return {**figures(examples), "per_intent": {i: figures([e for e in examples if e.intent == i]) for i in intents}}


# ---- the coach's confidence: sure, check, don't know ----------------------------------------


def coach_decision(
    ranking: Sequence[Tuple[str, float]], topics: Iterable[str], sure: float, check: float
) -> Tuple[str, List[str]]:
    """What the coach does with a classifier ranking: ("sure", [intent]) at or above `sure`;
    below it ("check", up to three topics at or above `check`); else ("unknown", [])."""
    if ranking and ranking[0][1] >= sure:
        return "sure", [ranking[0][0]]
    known = set(topics)
    offered = [name for name, p in ranking if name in known and p >= check][:3]
    return ("check", offered) if offered else ("unknown", [])


def decision_figures(
    examples: Sequence[Example],
    rankings: Dict[str, Sequence[Tuple[str, float]]],
    topics: Iterable[str],
    sure: float,
    check: float,
) -> Dict[str, Any]:
    """How often the coach is sure, checks or does not know; right when sure; the right
    topic among the offered ones when it checks (all checks, and checks of topic messages)."""
    topics = set(topics)
    counts = {"sure": 0, "check": 0, "unknown": 0}
    sure_right = check_hit = check_topic = check_topic_hit = offered_total = 0
    for example in examples:
        kind, names = coach_decision(rankings[example.text], topics, sure, check)
        counts[kind] += 1
        hit = any(is_right(example, n) for n in names)
        if kind == "sure":
            sure_right += hit
        elif kind == "check":
            check_hit += hit
            offered_total += len(names)
            if example.intent in topics or topics & set(example.also):
                check_topic += 1
                check_topic_hit += hit
    n = len(examples)
    share = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
    return {
        "examples": n,
        "sure": share(counts["sure"], n),
        "check": share(counts["check"], n),
        "unknown": share(counts["unknown"], n),
        "right_when_sure": share(sure_right, counts["sure"]),
        "right_among_offered": share(check_hit, counts["check"]),
        "right_among_offered_topic_messages": share(check_topic_hit, check_topic),
        "offered_per_check": share(offered_total, counts["check"]),
    }


def bands(confidences: Sequence[float], rights: Sequence[bool], width: float = 0.1) -> List[Dict[str, Any]]:
    """Share right per confidence band [lo, lo + width)."""
    edges = [round(i * width, 4) for i in range(int(round(1 / width)))]
    rows = []
    for lo in edges:
        hi = round(lo + width, 4)
        inside = [r for c, r in zip(confidences, rights) if lo <= c < hi or (hi >= 1.0 and c >= lo)]
        rows.append(
            {
                "band": f"{lo:.2f}-{hi:.2f}",
                "examples": len(inside),
                "right": round(sum(inside) / len(inside), 4) if inside else None,
            }
        )
    return rows


def lowest_threshold(
    confidences: Sequence[float], rights: Sequence[bool], target: float, grid: Sequence[float], min_examples: int = 20
) -> float:
    """The lowest threshold of `grid` from which on every higher one keeps the share right
    among the examples at or above it at `target` or more (thresholds with fewer than
    `min_examples` above them do not count); the highest of the grid when none does."""
    chosen = None
    for t in sorted(grid, reverse=True):
        above = [r for c, r in zip(confidences, rights) if c >= t]
        if len(above) < min_examples:
            continue
        if sum(above) / len(above) < target:
            break
        chosen = t
    return chosen if chosen is not None else max(grid)


# ---- long messages: sentences, pooled with the whole message --------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n+\s*")
MIN_SEGMENT_WORDS = 4


def sentences(text: str) -> List[str]:
    """The sentences of a message; a piece shorter than MIN_SEGMENT_WORDS joins the one
    before it (or after it, at the start)."""
    pieces = [p.strip() for p in SENTENCE_END.split(text) if p and p.strip()]
    merged: List[str] = []
    for piece in pieces:
        if merged and len(piece.split()) < MIN_SEGMENT_WORDS:
            merged[-1] = f"{merged[-1]} {piece}"
        elif merged and len(merged[-1].split()) < MIN_SEGMENT_WORDS:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


Distribution = Dict[str, float]
SCHEMES = ("whole", "whole+mean", "whole+max", "whole+complaint")


def pool(
    whole: Distribution, segments: Sequence[Distribution], scheme: str, complaint: Iterable[str] = ()
) -> Distribution:
    """One distribution for a message from the whole message's and its sentences':
    `whole` alone; `whole+mean` the whole averaged with the mean of the sentences;
    `whole+max` the whole plus each intent's best sentence, renormalised;
    `whole+complaint` the whole averaged with the mean of the sentences whose best intent is
    in `complaint` (the topics and questions: the sentences that say what is wrong), or the
    whole alone when none is. One sentence or none: the whole."""
    if scheme == "whole" or len(segments) < 2:
        return dict(whole)
    names = set(whole).union(*segments)
    if scheme == "whole+complaint":
        wanted = set(complaint)
        segments = [s for s in segments if s and max(s, key=s.__getitem__) in wanted]
        if not segments:
            return dict(whole)
        scheme = "whole+mean"
    if scheme == "whole+mean":
        mean = {n: sum(s.get(n, 0.0) for s in segments) / len(segments) for n in names}
        return {n: (whole.get(n, 0.0) + mean[n]) / 2 for n in names}
    if scheme == "whole+max":
        summed = {n: whole.get(n, 0.0) + max(s.get(n, 0.0) for s in segments) for n in names}
        total = sum(summed.values()) or 1.0
        return {n: v / total for n, v in summed.items()}
    raise ValueError(f"unknown scheme {scheme!r}")


def ranked(distribution: Distribution) -> List[Tuple[str, float]]:
    return sorted(distribution.items(), key=lambda item: (-item[1], item[0]))


WINDOW_WORDS = 20


def windows(text: str, size: int = WINDOW_WORDS) -> List[str]:
    """The message in pieces of `size` words (the last piece, when shorter than half, joins
    the one before): for chat messages that run on without full stops."""
    words = text.split()
    pieces = [words[i : i + size] for i in range(0, len(words), size)]
    if len(pieces) > 1 and len(pieces[-1]) < size // 2:
        last = pieces.pop()
        pieces[-1] += last
    return [" ".join(p) for p in pieces]


SEGMENTERS: Dict[str, Callable[[str], List[str]]] = {"sentences": sentences, "windows": windows}


# ---- where examples come from: training and held-out pages must not meet --------------------

SOURCE_COMMENT = re.compile(r"^\s*#\s*source:\s*(\S+)", re.MULTILINE)


def page(url: str) -> str:
    """A page address compared loosely: no scheme, no www., no tracking parameters, no
    fragment, no trailing slash, lowercase host."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_")])
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def sources(path: Path) -> set:
    """The pages of a file: every example's metadata.source and every `# source: URL`
    comment ("own" and other non-addresses are left out)."""
    text = path.read_text(encoding="utf-8")
    found = set(SOURCE_COMMENT.findall(text))
    data = yaml.safe_load(text) or {}
    for block in data.get("nlu", []) if isinstance(data, dict) else []:
        raw = block.get("examples")
        for item in raw if isinstance(raw, list) else []:
            source = (item.get("metadata") or {}).get("source")
            found.update([source] if isinstance(source, str) else source or [])
    return {page(s) for s in found if s.startswith(("http://", "https://"))}
