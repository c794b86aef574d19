"""Accuracy floors on the held-out files, measured on the model `make test` trained.

Scoring rules live in coach/evaluation.py (shared with `make eval`): the full pipeline is
used, guard and fallback included, so these are the intents the dialogue really sees.
"""

from __future__ import annotations

import asyncio

import pytest
import yaml

from coach.crisis import CRISIS_INTENTS
from coach.evaluation import (
    classifier_choice,
    classifier_ranking,
    letter_figures,
    macro_f1,
    plain,
    read_crisis_set,
    read_examples,
    score,
    sources,
)
from service.settings import PROJECT_DIR

NLU_TESTS = PROJECT_DIR / "tests" / "nlu"
SHORT = NLU_TESTS / "test_nlu.yml"
REALISTIC = NLU_TESTS / "test_realistic.yml"
FOLLOWUPS = NLU_TESTS / "test_followups.yml"
PRIVACY = NLU_TESTS / "test_privacy.yml"
CRISIS_SET = NLU_TESTS / "crisis_set.yml"
HARD_NEGATIVES = NLU_TESTS / "hard_negatives.yml"
SEARCH_QUESTIONS = NLU_TESTS / "search_questions.yml"
# messages rephrased from real letters, by other hands and from other pages than the
# training data, written before any tuning (issue 22); never edited after looking at errors
LETTERS = NLU_TESTS / "letters"
LETTERS_PARTNER = LETTERS / "partner.yml"
LETTERS_SELF = LETTERS / "self.yml"
LETTERS_CRISIS = LETTERS / "crisis.yml"
# written from scratch (no page) by another hand after the first one's misses had been read
LETTERS_CRISIS_2 = LETTERS / "crisis_2.yml"
TRAINING = PROJECT_DIR / "data" / "nlu"


def training_texts() -> set:
    texts = set()
    for path in TRAINING.glob("*.yml"):
        texts.update(plain(e.text) for e in read_examples(path))
    return texts


def held_out_texts() -> dict:
    files = {p.name: [e.text for e in read_examples(p)] for p in (SHORT, REALISTIC, FOLLOWUPS, PRIVACY)}
    files.update({f"letters/{p.name}": [e.text for e in read_examples(p)] for p in (LETTERS_PARTNER, LETTERS_SELF)})
    files[CRISIS_SET.name] = [e.text for e in read_crisis_set(CRISIS_SET)]
    files["letters/crisis.yml"] = [e.text for e in read_crisis_set(LETTERS_CRISIS)]
    files["letters/crisis_2.yml"] = [e.text for e in read_crisis_set(LETTERS_CRISIS_2)]
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
    "name",
    [
        "test_nlu.yml",
        "test_realistic.yml",
        "test_followups.yml",
        "test_privacy.yml",
        "crisis_set.yml",
        "hard_negatives.yml",
        "search_questions.yml",
        "letters/partner.yml",
        "letters/self.yml",
        "letters/crisis.yml",
        "letters/crisis_2.yml",
    ],
)
def test_held_out_file_shares_no_message_with_the_training_data(name):
    """Compared without entity markup, case and extra spaces, so annotated copies count."""
    texts = held_out_texts()[name]
    assert len(texts) >= 10, name
    overlap = sorted({plain(t) for t in texts} & training_texts())
    assert not overlap, overlap


def test_training_and_held_out_messages_come_from_different_pages():
    """A page whose letter was rephrased for training must not also give a held-out
    message: the test would then measure recall of the same situation. Pages are the
    metadata.source of data/nlu and of the letters, and the `# source:` comments of the
    letters' crisis set and of test_realistic.yml (addresses compared without scheme, www.
    and tracking parameters)."""
    training = set().union(*(sources(p) for p in TRAINING.glob("*.yml")))
    held_out = {p.name: sources(p) for p in (LETTERS_PARTNER, LETTERS_SELF, LETTERS_CRISIS, REALISTIC)}
    assert len(training) >= 400, len(training)
    assert all(len(pages) >= 25 for pages in held_out.values()), {k: len(v) for k, v in held_out.items()}
    shared = {name: sorted(pages & training) for name, pages in held_out.items() if pages & training}
    assert not shared, shared


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
    # 0.956 before the follow-up, pace and leaving data (2026-12-05), 0.946 after: the new
    # correct_bot and stop lines pull a few short ones ("nee, dat is het niet", "genoeg zo")
    # while follow-ups went from 0.546 to 0.869 (test_followups below). 2026-12-06: 0.920 with
    # the intents ask_plan, tell_feelings and tell_good_news and their 75 held-out messages from
    # another hand (the old intents alone 0.935, from 0.948: the new ones take a few of theirs);
    # the floor follows, a regression is reported in the closing note, not hidden. 2026-12-07:
    # 0.924 with a second hand's short turns (data/nlu/chat_turns.yml) and the letters' third
    # and fourth sets
    assert value >= 0.92, f"macro-F1 {value:.3f}; misses: {misses}"


def test_new_intents_held_out_recall_floor(parse):
    """A plan question, how it is for them, good news: held-out messages from another hand,
    written before the data was tuned. The NLU alone finds two in three (the coach adds the
    plan question's form: 23 of 30 plans)."""
    new = ("ask_plan", "tell_feelings", "tell_good_news")
    examples = [e for e in read_examples(SHORT) if e.intent in new]
    found = sum(1 for e in examples if classifier_choice(parse(e.text)) == e.intent)
    assert len(examples) >= 70 and found / len(examples) >= 0.6, f"{found} of {len(examples)}"


def test_followups_accuracy_floor(parse):
    """Follow-ups in the middle of a talk (what to say, now, if stuck, why, more, a
    correction, shorter), written apart from the training data: reached 0.869; 0.862 before
    2026-12-06, 0.846 after the three new intents (one if-stuck line went to good news), 0.831
    after the letters' third and fourth sets (2026-12-07: "wat antwoord ik daarop?" after a
    partner's words now reads as the partner who will not talk; letters top-1 went 0.758 ->
    0.789 and over 40 words 0.720 -> 0.752 for it)."""
    examples = read_examples(FOLLOWUPS)
    scores = score(examples, intent(parse))
    accuracy = scores.as_dict()["accuracy"]
    assert accuracy >= 0.825, f"accuracy {accuracy:.3f}; misses: {scores.misses}"


def test_realistic_topic_accuracy_floor(parse):
    scores = score(read_examples(REALISTIC), intent(parse))
    accuracy = scores.as_dict()["topic_accuracy"]
    assert accuracy >= 0.85, f"topic accuracy {accuracy:.3f}; misses: {scores.misses}"


# what the model trained on data/nlu reached on the letters (make eval, README), minus a
# small margin; raise them with the model, never above what it reaches
LETTERS_FLOORS = {"top1": 0.78, "top3": 0.94, "long_top1": 0.745}  # reached: 0.789, 0.943, 0.752


@pytest.fixture(scope="module")
def letters(parse) -> dict:
    examples = read_examples(LETTERS_PARTNER) + read_examples(LETTERS_SELF)
    predicted = {e.text: parse(e.text)["intent"]["name"] for e in examples}
    ranking = {e.text: [name for name, _ in classifier_ranking(parse(e.text))] for e in examples}
    return letter_figures(examples, predicted, ranking)


@pytest.mark.parametrize("figure", list(LETTERS_FLOORS))
def test_letters_floor(letters, figure):
    """top1: the intent the dialogue gets; top3: the intent (or an `also`) among the
    classifier's three best; long_top1: top1 on messages over 40 words."""
    per_intent = {i: (f["examples"], f["top1"]) for i, f in letters["per_intent"].items()}
    assert letters[figure] >= LETTERS_FLOORS[figure], f"{figure} {letters[figure]}; per intent {per_intent}"


@pytest.mark.parametrize("path", [SHORT, REALISTIC], ids=lambda p: p.name)
def test_every_crisis_is_found_and_nothing_else_is_a_crisis(parse, path):
    scores = score(read_examples(path), intent(parse))
    assert not scores.missed_crisis, scores.missed_crisis
    assert not scores.false_crisis, scores.false_crisis


def test_crisis_set_recall_and_no_false_alarms(parse):
    scores = score(read_crisis_set(CRISIS_SET), intent(parse))
    assert not scores.missed_crisis, scores.missed_crisis
    assert not scores.false_crisis, scores.false_crisis


# The letters (written apart, other pages) are far from the target of every crisis found and no
# false alarm (issue 22, open): these floors hold what the model reaches so it cannot get worse.
LETTERS_CRISIS_RECALL_FLOOR = 0.42  # reached 0.443 (0.377 before the crisis data of 2026-12-07)
LETTERS_FALSE_CRISIS_MAX = 3
# the second set, written after the first one's misses were read: recall 0.55; 7 false alarms,
# all of them the pattern net on history that is over, before told_as_over (now 1)
LETTERS_CRISIS_2_RECALL_FLOOR = 0.52
LETTERS_CRISIS_2_FALSE_CRISIS_MAX = 2


@pytest.mark.parametrize(
    "path, recall_floor, false_max",
    [
        (LETTERS_CRISIS, LETTERS_CRISIS_RECALL_FLOOR, LETTERS_FALSE_CRISIS_MAX),
        (LETTERS_CRISIS_2, LETTERS_CRISIS_2_RECALL_FLOOR, LETTERS_CRISIS_2_FALSE_CRISIS_MAX),
    ],
    ids=lambda v: v.name if hasattr(v, "name") else str(v),
)
def test_letters_crisis_floors(parse, path, recall_floor, false_max):
    crisis = read_crisis_set(path)
    scores = score(crisis, intent(parse))
    told = sum(1 for e in crisis if e.intent in CRISIS_INTENTS)
    assert 1 - len(scores.missed_crisis) / told >= recall_floor, scores.missed_crisis
    assert len(scores.false_crisis) <= false_max, scores.false_crisis


@pytest.mark.parametrize("path", [LETTERS_PARTNER, LETTERS_SELF], ids=lambda p: p.name)
def test_letters_topic_messages_rarely_get_a_crisis_reply(parse, path):
    assert len(score(read_examples(path), intent(parse)).false_crisis) <= 3


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
