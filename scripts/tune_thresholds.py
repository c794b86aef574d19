"""`make thresholds` (also part of `make eval`): choose the NLU thresholds on held-out data.

The fallback threshold, the ambiguity threshold, the confidence the classifier needs
for a crisis intent that the pattern net did not confirm, and the coach's two thresholds
(COACH_SURE: act on the intent; COACH_CHECK: offer a topic this likely in a check) are read
off out-of-fold predictions: 5-fold cross-validation over data/nlu, every example predicted by a model that
never saw it. The model is a scikit-learn replica of config.yml's classifier (same e5
embedding, sublinear tf-idf of word 1-2-grams and char 2-4-grams, logistic regression with
the same C); it skips spaCy lemmas, which barely move confidences, so it runs in about a
minute instead of five Rasa trainings. Writes reports/thresholds.json and prints the
choice next to what config.yml and service/settings.py use.

The coach's thresholds are calibrated on the out-of-fold predictions of the training
messages rephrased from real letters (data/nlu/letters_*.yml, the closest to what people
write; never the held-out letters in tests/nlu/letters/): COACH_SURE is the lowest
confidence from which on the top intent is right for at least 90% of the messages at or
above it; COACH_CHECK the lowest probability from which on a topic in the ranking of a
message below COACH_SURE is the right one at least a quarter of the time (with up to three
offered, the right one is then usually among them). Both on a 0.01 grid, each threshold
counting only with 20 or more examples above it.
"""

from __future__ import annotations

import json
import sys

import numpy as np
import scipy.sparse as sp
import yaml

from coach.crisis import CRISIS_INTENTS, detect_crisis
from coach.evaluation import FALLBACK, OUT_OF_SCOPE, bands, coach_decision, lowest_threshold, plain, read_examples
from service.settings import PROJECT_DIR, Settings

REPORT = PROJECT_DIR / "reports" / "thresholds.json"
FOLDS = 5
SEED = 2024
TOLERANCE = 0.005
CRISIS_MARGIN = 0.05
SURE_TARGET = 0.90  # right at least this often at or above COACH_SURE
CHECK_TARGET = 0.25  # an offered topic is the right one at least this often
GRID = [round(0.01 * i, 2) for i in range(2, 100)]


def training_examples():
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(PROJECT_DIR / "data" / "nlu"))
    pairs = [(m.get("text"), m.get("intent")) for m in data.intent_examples if m.get("text")]
    return [t for t, _ in pairs], np.array([i for _, i in pairs])


def classifier_config() -> dict:
    config = yaml.safe_load((PROJECT_DIR / "config.yml").read_text(encoding="utf-8"))
    return {c["name"].rsplit(".", 1)[-1]: c for c in config["pipeline"]}


def out_of_fold(texts, labels, c_value: float, segments=None):
    """Every example's probabilities from the fold model that never saw it (classes sorted),
    and with `segments` ({example index: [sentence, ...]}) those of its sentences too, from
    the same fold model: {index: array (sentences x classes)}."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from coach.embeddings import embed

    segments = segments or {}
    pieces = [(i, piece) for i, parts in sorted(segments.items()) for piece in parts]
    dense = embed(list(texts), threads=2).astype(np.float64)
    piece_dense = embed([p for _, p in pieces], threads=2).astype(np.float64) if pieces else None
    classes = sorted(set(labels))
    probabilities = np.zeros((len(texts), len(classes)))
    piece_probabilities = np.zeros((len(pieces), len(classes)))
    lowered = [plain(t) for t in texts]
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(texts, labels):
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        fit = [lowered[i] for i in train]
        x_train = sp.hstack([words.fit_transform(fit), chars.fit_transform(fit), dense[train]]).tocsr()
        model = LogisticRegression(C=c_value, max_iter=2000, class_weight="balanced", random_state=SEED)
        model.fit(x_train, labels[train])
        columns = [classes.index(c) for c in model.classes_]

        def predict(apply, vectors):
            x = sp.hstack([words.transform(apply), chars.transform(apply), vectors]).tocsr()
            return model.predict_proba(x)

        probabilities[np.ix_(test, columns)] = predict([lowered[i] for i in test], dense[test])
        held = set(test.tolist())
        rows = np.array([k for k, (i, _) in enumerate(pieces) if i in held], dtype=int)
        if rows.size:
            piece_probabilities[np.ix_(rows, columns)] = predict([plain(pieces[k][1]) for k in rows], piece_dense[rows])
    by_example = {i: piece_probabilities[[k for k, (j, _) in enumerate(pieces) if j == i]] for i in segments}
    return probabilities, classes, by_example


def letter_texts() -> set:
    """The training messages rephrased from real letters (data/nlu/letters_*.yml)."""
    return {plain(e.text) for f in (PROJECT_DIR / "data" / "nlu").glob("letters_*.yml") for e in read_examples(f)}


def coach_thresholds(probabilities, classes, labels, texts, everyday) -> dict:
    """COACH_SURE and COACH_CHECK (see the module's doc), with the share right per
    confidence band and what the coach would do, on the letters and on all messages."""
    topics = list(yaml.safe_load((PROJECT_DIR / "knowledge" / "topics.yml").read_text(encoding="utf-8"))["topics"])
    letters = letter_texts()
    from_letters = np.array([plain(t) in letters for t in texts]) & everyday
    rankings = [sorted(zip(classes, row.tolist()), key=lambda item: -item[1]) for row in probabilities]
    confidence = probabilities.max(axis=1)
    right = np.array([ranking[0][0] == label for ranking, label in zip(rankings, labels)])
    chosen = np.where(from_letters)[0]
    sure = lowest_threshold(confidence[chosen], right[chosen], SURE_TARGET, GRID)
    candidates = [
        (p, name == labels[i]) for i in chosen if confidence[i] < sure for name, p in rankings[i] if name in topics
    ]
    check = lowest_threshold([p for p, _ in candidates], [r for _, r in candidates], CHECK_TARGET, GRID)

    def described(index) -> dict:
        decisions = [coach_decision(rankings[i], topics, sure, check) for i in index]
        kinds = [kind for kind, _ in decisions]
        checks = [(i, offered) for i, (kind, offered) in zip(index, decisions) if kind == "check"]
        topic_checks = [(i, offered) for i, offered in checks if labels[i] in topics]
        share = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
        return {
            "examples": len(index),
            "right_at_or_above_sure": share(int(right[index][confidence[index] >= sure].sum()), kinds.count("sure")),
            "sure": share(kinds.count("sure"), len(index)),
            "check": share(kinds.count("check"), len(index)),
            "unknown": share(kinds.count("unknown"), len(index)),
            "right_among_offered": share(sum(labels[i] in o for i, o in checks), len(checks)),
            "right_among_offered_topic_messages": share(
                sum(labels[i] in o for i, o in topic_checks), len(topic_checks)
            ),
            "bands": bands(confidence[index].tolist(), right[index].tolist()),
        }

    return {
        "coach_sure": sure,
        "coach_check": check,
        "sure_target": SURE_TARGET,
        "check_target": CHECK_TARGET,
        "chosen_on": "out-of-fold predictions of data/nlu/letters_*.yml",
        "letters": described(chosen),
        "all_messages": described(np.where(everyday)[0]),
    }


def decide(probabilities, classes, threshold: float, ambiguity: float) -> list[str]:
    order = np.argsort(-probabilities, axis=1)
    decided = []
    for row, ranked in zip(probabilities, order):
        top, second = row[ranked[0]], row[ranked[1]]
        decided.append(FALLBACK if top < threshold or top - second < ambiguity else classes[ranked[0]])
    return decided


def accuracy(decided, labels) -> float:
    right = [d == t or (t == OUT_OF_SCOPE and d == FALLBACK) for d, t in zip(decided, labels)]
    return float(np.mean(right))


def main() -> int:
    texts, labels = training_examples()
    stages = classifier_config()
    c_value = float(stages["LinearIntentClassifier"].get("C", 10.0))
    print(f"==> {FOLDS}-fold out-of-fold predictions on {len(texts)} training examples (C={c_value})")
    probabilities, classes, _ = out_of_fold(texts, labels, c_value)
    everyday = np.array([t not in CRISIS_INTENTS for t in labels])
    grid = [(round(t, 2), round(a, 2)) for t in np.arange(0.05, 0.55, 0.05) for a in (0.0, 0.02, 0.05, 0.1)]
    scored = {(t, a): accuracy(decide(probabilities[everyday], classes, t, a), labels[everyday]) for t, a in grid}
    # the highest thresholds within half a point of the best accuracy: asking what someone
    # means is kinder than answering the wrong topic
    top_score = max(scored.values())
    best = max((k for k, s in scored.items() if s >= top_score - TOLERANCE), key=lambda k: (k[0], k[1]))
    # crisis intents the pattern net does not confirm: the confidence above every false alarm
    top = np.argmax(probabilities, axis=1)
    unconfirmed = [
        (probabilities[i, top[i]], labels[i] in CRISIS_INTENTS)
        for i in range(len(texts))
        if classes[top[i]] in CRISIS_INTENTS and not detect_crisis(texts[i])
    ]
    false_alarms = [c for c, real in unconfirmed if not real]
    crisis_min = round(min(1.0, max(false_alarms, default=0.0) + CRISIS_MARGIN), 2)
    kept = sum(1 for c, real in unconfirmed if real and c >= crisis_min)
    real_unconfirmed = sum(1 for _, real in unconfirmed if real)
    result = {
        "examples": len(texts),
        "folds": FOLDS,
        "C": c_value,
        "fallback_threshold": best[0],
        "ambiguity_threshold": best[1],
        "accuracy_at_choice": round(scored[best], 4),
        "accuracy_by_threshold": {f"{t}/{a}": round(s, 4) for (t, a), s in sorted(scored.items())},
        "crisis_min_confidence": crisis_min,
        "unconfirmed_crisis_false_alarms": len(false_alarms),
        "unconfirmed_real_crisis_kept": f"{kept}/{real_unconfirmed}",
    }
    result.update(coach_thresholds(probabilities, classes, labels, texts, everyday))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(result, indent=2))
    used = {
        "fallback_threshold": stages["FallbackClassifier"].get("threshold"),
        "ambiguity_threshold": stages["FallbackClassifier"].get("ambiguity_threshold"),
        "crisis_min_confidence": stages["MessageGuard"].get("crisis_min_confidence"),
    }
    for key, value in used.items():
        print(f"{key:28} chosen {result[key]:<6} config.yml {value}")
    settings = Settings()
    for key in ("coach_sure", "coach_check"):
        print(f"{key:28} chosen {result[key]:<6} service/settings.py {getattr(settings, key)}")
    print("share right per confidence band (out of fold, letters):")
    for row in result["letters"]["bands"]:
        print(f"  {row['band']}: {row['examples']:>4} examples, right {row['right']}")
    coach = {k: v for k, v in result["letters"].items() if k != "bands"}
    print(f"coach on the training letters (out of fold): {coach}")
    print(f"accuracy at the choice (out of fold, non-crisis): {result['accuracy_at_choice']}")
    print(
        f"unconfirmed classifier crises: {len(false_alarms)} false alarms below the floor, "
        f"real ones kept {result['unconfirmed_real_crisis_kept']}"
    )
    print(f"report: {REPORT.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
