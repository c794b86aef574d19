"""Accuracy floors on the held-out set, measured on the model `make test` trained."""
from __future__ import annotations

import asyncio

import pytest
import yaml
from sklearn.metrics import f1_score

from coach.settings import PROJECT_DIR

HELD_OUT = PROJECT_DIR / "tests" / "nlu" / "test_nlu.yml"
HARD_NEGATIVES = PROJECT_DIR / "tests" / "nlu" / "hard_negatives.yml"
CRISIS = {"crisis_suicidal", "crisis_violence"}


def held_out():
    data = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    return [(block["intent"], line[2:].strip()) for block in data["nlu"]
            for line in block["examples"].splitlines() if line.strip().startswith("- ")]


@pytest.fixture(scope="module")
def parse_full(trained_model):
    from rasa.core.agent import Agent
    agent = Agent.load(str(trained_model))
    loop = asyncio.new_event_loop()
    yield lambda text: loop.run_until_complete(agent.parse_message(text))
    loop.close()


@pytest.fixture(scope="module")
def parse(parse_full):
    def intent_of(text: str) -> str:
        """The classifier's intent; past the FallbackClassifier, like `rasa test nlu` reports it."""
        parsed = parse_full(text)
        ranking = [r["name"] for r in parsed["intent_ranking"] if r["name"] != "nlu_fallback"]
        return parsed["intent"]["name"] if parsed["intent"]["name"] != "nlu_fallback" else ranking[0]

    return intent_of


@pytest.fixture(scope="module")
def predictions(parse):
    return [(intent, parse(text), text) for intent, text in held_out()]


def test_held_out_set_is_big_enough():
    counts = {}
    for intent, _ in held_out():
        counts[intent] = counts.get(intent, 0) + 1
    assert len(counts) >= 30 and min(counts.values()) >= 10


def test_held_out_set_is_not_in_the_training_data():
    training = set()
    for path in (PROJECT_DIR / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            training.update(l[2:].strip().lower() for l in block.get("examples", "").splitlines()
                            if l.strip().startswith("- "))
    overlap = [text for _, text in held_out() if text.lower() in training]
    assert not overlap, overlap


def test_macro_f1_floor(predictions):
    truth = [t for t, _, _ in predictions]
    predicted = [p for _, p, _ in predictions]
    score = f1_score(truth, predicted, labels=sorted(set(truth)), average="macro", zero_division=0)
    misses = [(t, p, x) for t, p, x in predictions if t != p]
    assert score >= 0.92, f"macro-F1 {score:.3f}; misses: {misses}"


@pytest.mark.parametrize("crisis", sorted(CRISIS))
def test_crisis_recall_is_complete(predictions, crisis):
    missed = [x for t, p, x in predictions if t == crisis and p != crisis]
    assert not missed, f"{crisis} missed: {missed}"


def test_no_hard_negative_is_a_crisis(parse):
    phrases = yaml.safe_load(HARD_NEGATIVES.read_text(encoding="utf-8"))
    flagged = [(p, parse(p)) for p in phrases if parse(p) in CRISIS]
    assert not flagged, flagged


@pytest.mark.parametrize("text, value", [
    ("mijn vriendin praat nooit over haar gevoelens", "vriendin"),
    ("mn man is zo afstandelijk de laatste tijd", "man"),
    ("mijn echtgenoot houdt alles voor zich", "man"),
    ("mijn vriendje trekt zich steeds terug", "vriend"),
    ("ik denk dat mijn vrouw emotioneel onbereikbaar is", "vrouw"),
])
def test_persoon_entity_and_synonyms(parse_full, text, value):
    entities = [e for e in parse_full(text)["entities"] if e["entity"] == "persoon"]
    assert [e["value"] for e in entities] == [value]
