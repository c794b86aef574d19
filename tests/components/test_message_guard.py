"""The NLU guard (components/message_guard.py): crisis patterns over an unsure classifier,
harmless idioms, letterless input and keyboard mashing, unsure crisis and stop predictions."""

from __future__ import annotations

import pytest

from components.message_guard import MessageGuard, guard_intent


def test_guard_overrides_an_unsure_classifier():
    predicted = {"name": "partner_wont_talk", "confidence": 0.31}
    assert guard_intent("hij slaat me als hij gedronken heeft", predicted, [predicted]) == {
        "name": "crisis_violence",
        "confidence": 1.0,
    }


def test_guard_hands_a_harmless_idiom_to_the_next_intent():
    ranking = [{"name": "crisis_suicidal", "confidence": 0.6}, {"name": "emotional_distance", "confidence": 0.3}]
    assert guard_intent("ik ga dood van het lachen", ranking[0], ranking)["name"] == "emotional_distance"


@pytest.mark.parametrize("text", ["", "   ", "😢😢", "???", "123"])
def test_guard_sends_input_without_letters_to_fallback(text):
    assert guard_intent(text, None, [])["name"] == "nlu_fallback"


def test_guard_keeps_normal_predictions():
    predicted = {"name": "greet", "confidence": 0.9}
    assert guard_intent("hallo daar", predicted, [predicted]) is None


def test_an_unconfirmed_unsure_crisis_prediction_is_handed_on():
    ranking = [{"name": "crisis_violence", "confidence": 0.45}, {"name": "out_of_scope", "confidence": 0.2}]
    assert (
        guard_intent("de klok sloeg twaalf", ranking[0], ranking, crisis_min_confidence=0.7)["name"] == "out_of_scope"
    )
    sure = {"name": "crisis_violence", "confidence": 0.9}
    assert guard_intent("de klok sloeg twaalf", sure, [sure], crisis_min_confidence=0.7) is None


@pytest.mark.parametrize("text", ["asdkjh qwe zzz", "sdfghj", "qwerty"])
def test_guard_sends_keyboard_mashing_to_fallback(text):
    predicted = {"name": "affirm", "confidence": 0.4}
    assert guard_intent(text, predicted, [predicted])["name"] == "nlu_fallback"


@pytest.mark.parametrize("text", ["goeiendag", "hoiii", "mn vriend klapt dicht", "ik wil asdkjh"])
def test_guard_lets_words_that_look_dutch_through(text):
    predicted = {"name": "greet", "confidence": 0.4}
    assert guard_intent(text, predicted, [predicted], known=frozenset({"mn"})) is None


def test_an_unsure_stop_is_not_a_stop():
    unsure = {"name": "stop", "confidence": 0.15}
    assert guard_intent("vasthouden", unsure, [unsure], sure={"stop": 0.5})["name"] == "nlu_fallback"
    sure = {"name": "stop", "confidence": 0.9}
    assert guard_intent("stop maar", sure, [sure], sure={"stop": 0.5}) is None


@pytest.mark.parametrize(
    "text",
    [
        "ik ben niet suicidaal!!",
        "waarom geef je me nou zelfmoordpreventie??",
        "ik kan hem soms wel wurgen als hij zijn sokken laat slingeren",
        "5 en 7",
        "ze zijn 8 en 11",
    ],
)
def test_a_sure_crisis_prediction_on_a_correction_or_numbers_is_handed_on(text):
    """Corrections about the bot, figures of speech and numbers alone are no crisis, however
    sure the classifier is."""
    ranking = [{"name": "crisis_suicidal", "confidence": 0.95}, {"name": "deny", "confidence": 0.03}]
    assert guard_intent(text, ranking[0], ranking, crisis_min_confidence=0.7)["name"] == "deny"


def test_childhood_history_does_not_override_the_classifier():
    predicted = {"name": "childhood_patterns", "confidence": 0.6}
    text = "vroeger kreeg ik klappen van mijn vader als ik huilde, nu klap ik dicht bij mijn vriend"
    assert guard_intent(text, predicted, [predicted]) is None


def test_implicit_suicide_signs_override_a_violence_prediction():
    predicted = {"name": "crisis_violence", "confidence": 0.8}
    text = "mijn brief ligt klaar. alleen het gezichtje van mijn jongste houdt me nog tegen"
    assert guard_intent(text, predicted, [predicted]) == {"name": "crisis_suicidal", "confidence": 1.0}


def test_a_longer_message_that_ends_with_a_farewell_is_a_goodbye_but_a_crisis_comes_first():
    from coach.conversation import compile_closings

    closings = compile_closings({"goodbye": [r"\bdoei\b"], "thank": [r"\bdank (je|u)\b"]})
    unsure = {"name": "partner_wont_talk", "confidence": 0.3}
    said = "ik ga het vanavond proberen, zonder telefoon. Dank u."
    assert guard_intent(said, unsure, [unsure], closings=closings) == {"name": "thank", "confidence": 1.0}
    assert guard_intent("dank u", unsure, [unsure], closings=closings) is None  # one sentence: the classifier's
    crisis = "ik wil er niet meer zijn. doei"
    assert guard_intent(crisis, unsure, [unsure], closings=closings)["name"] == "crisis_suicidal"


def test_the_training_cache_sees_a_changed_closings_file(tmp_path):
    # Rasa restored the guard from its cache after `closings` changed: the old list stayed
    closings = tmp_path / "conversation.yml"
    closings.write_text("closings: {goodbye: ['doei']}\n", encoding="utf-8")
    config = {"closings_from": str(closings)}
    before = MessageGuard.fingerprint_addon(config)
    closings.write_text("closings: {goodbye: ['doei'], forget_me: ['vergeet mij']}\n", encoding="utf-8")
    assert before and MessageGuard.fingerprint_addon(config) not in (None, before)
    assert MessageGuard.fingerprint_addon({}) is None
