"""Accuracy floors on the held-out files, measured on the model `make test` trained.

Scoring rules live in coach/evaluation.py (shared with `make eval`): the full pipeline is
used, guard and fallback included, so these are the intents the dialogue really sees.
"""

from __future__ import annotations

import asyncio

import pytest
import yaml

from coach.crisis import CRISIS_INTENTS
from coach.evaluation import classifier_choice, macro_f1, plain, read_crisis_set, read_examples, score
from service.settings import PROJECT_DIR

NLU_TESTS = PROJECT_DIR / "tests" / "nlu"
SHORT = NLU_TESTS / "test_nlu.yml"
REALISTIC = NLU_TESTS / "test_realistic.yml"
CRISIS_SET = NLU_TESTS / "crisis_set.yml"
HARD_NEGATIVES = NLU_TESTS / "hard_negatives.yml"
SEARCH_QUESTIONS = NLU_TESTS / "search_questions.yml"


def training_texts() -> set:
    texts = set()
    for path in (PROJECT_DIR / "data" / "nlu").glob("*.yml"):
        texts.update(plain(e.text) for e in read_examples(path))
    return texts


def held_out_texts() -> dict:
    files = {p.name: [e.text for e in read_examples(p)] for p in (SHORT, REALISTIC)}
    files[CRISIS_SET.name] = [e.text for e in read_crisis_set(CRISIS_SET)]
    files[HARD_NEGATIVES.name] = yaml.safe_load(HARD_NEGATIVES.read_text(encoding="utf-8"))
    search = yaml.safe_load(SEARCH_QUESTIONS.read_text(encoding="utf-8"))
    files[SEARCH_QUESTIONS.name] = [q["question"] for q in search["answerable"]] + search["unanswerable"]
    return files


@pytest.fixture(scope="module")
def parse(trained_model):
    from rasa.core.agent import Agent

    agent = Agent.load(str(trained_model))
    loop = asyncio.new_event_loop()
    cache: dict = {}

    def parsed(text: str) -> dict:
        if text not in cache:
            cache[text] = loop.run_until_complete(agent.parse_message(text))
        return cache[text]

    yield parsed
    loop.close()


def intent(parse):
    return lambda text: parse(text)["intent"]["name"]


@pytest.mark.parametrize(
    "name", ["test_nlu.yml", "test_realistic.yml", "crisis_set.yml", "hard_negatives.yml", "search_questions.yml"]
)
def test_held_out_file_shares_no_message_with_the_training_data(name):
    """Compared without entity markup, case and extra spaces, so annotated copies count."""
    overlap = sorted({plain(t) for t in held_out_texts()[name]} & training_texts())
    assert not overlap, overlap


def test_realistic_set_covers_every_topic_and_out_of_scope(knowledge):
    counts: dict = {}
    for example in read_examples(REALISTIC):
        counts[example.intent] = counts.get(example.intent, 0) + 1
    assert len(read_examples(REALISTIC)) >= 150
    assert all(counts.get(t, 0) >= 10 for t in knowledge.topics), counts
    assert counts["out_of_scope"] >= 30


def test_crisis_set_size():
    examples = read_crisis_set(CRISIS_SET)
    assert sum(1 for e in examples if e.intent) >= 120
    assert sum(1 for e in examples if not e.intent) >= 200


def test_short_held_out_macro_f1_floor(parse):
    examples = read_examples(SHORT)
    pairs = [(e.intent, classifier_choice(parse(e.text))) for e in examples]
    value = macro_f1(pairs)
    misses = [(e.intent, p, e.text) for e, (_, p) in zip(examples, pairs) if e.intent != p]
    assert value >= 0.95, f"macro-F1 {value:.3f}; misses: {misses}"


def test_realistic_topic_accuracy_floor(parse):
    scores = score(read_examples(REALISTIC), intent(parse))
    accuracy = scores.as_dict()["topic_accuracy"]
    assert accuracy >= 0.85, f"topic accuracy {accuracy:.3f}; misses: {scores.misses}"


@pytest.mark.parametrize("path", [SHORT, REALISTIC], ids=lambda p: p.name)
def test_every_crisis_is_found_and_nothing_else_is_a_crisis(parse, path):
    scores = score(read_examples(path), intent(parse))
    assert not scores.missed_crisis, scores.missed_crisis
    assert not scores.false_crisis, scores.false_crisis


def test_crisis_set_recall_and_no_false_alarms(parse):
    scores = score(read_crisis_set(CRISIS_SET), intent(parse))
    assert not scores.missed_crisis, scores.missed_crisis
    assert not scores.false_crisis, scores.false_crisis


def test_someone_elses_crisis_is_recognised_as_such(parse):
    others = [e for e in read_crisis_set(CRISIS_SET) if e.intent == "crisis_other"]
    wrong = [(e.text, intent(parse)(e.text)) for e in others if intent(parse)(e.text) != "crisis_other"]
    assert not wrong, wrong


def test_no_hard_negative_is_a_crisis(parse):
    phrases = yaml.safe_load(HARD_NEGATIVES.read_text(encoding="utf-8"))
    flagged = [(p, intent(parse)(p)) for p in phrases if intent(parse)(p) in CRISIS_INTENTS]
    assert not flagged, flagged


@pytest.mark.parametrize("text", ["asdkjh qwe zzz", "sdfghj", "lkjsdf lkjsdf", "😢😢", "???", "...", "123 456"])
def test_keyboard_mashing_and_letterless_input_go_to_clarification(parse, text):
    assert intent(parse)(text) == "nlu_fallback"


@pytest.mark.parametrize(
    "text, value",
    [
        ("mijn vriendin praat nooit over haar gevoelens", "vriendin"),
        ("mn man is zo afstandelijk de laatste tijd", "man"),
        ("mijn echtgenoot houdt alles voor zich", "man"),
        ("mijn vriendje trekt zich steeds terug", "vriend"),
        ("ik denk dat mijn vrouw emotioneel onbereikbaar is", "vrouw"),
    ],
)
def test_persoon_entity_and_synonyms(parse, text, value):
    entities = [e for e in parse(text)["entities"] if e["entity"] == "persoon"]
    assert [e["value"] for e in entities] == [value]
