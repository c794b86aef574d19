"""The classifier-independent crisis net and the NLU guard built on it."""

from __future__ import annotations

import pytest

from coach.crisis import detect_crisis, only_harmless_idiom
from components.message_guard import guard_intent

SUICIDAL = [
    "ik wil niet meer leven",
    "Ik denk de laatste tijd aan zelfmoord",
    "soms wil ik gewoon dood",
    "ik wil er een einde aan maken, aan mijn leven",
    "het leven heeft geen zin meer sinds hij weg is",
    "ik wil mezelf iets aandoen",
    "ik snij mezelf weer",
    "ik zie het niet meer zitten",
    "ik denk aan suïcide",
]
VIOLENCE = [
    "mijn man slaat me",
    "ik word geslagen door mijn vriendin",
    "hij heeft me gisteren geslagen",
    "hij dreigt me te vermoorden",
    "er is huiselijk geweld bij ons",
    "mijn ex stalkt me",
    "ik voel me niet veilig thuis",
    "hij dwingt me tot seks",
]
HARMLESS = [
    "ik ga dood van het lachen",
    "ik ben doodmoe van al dat gedoe",
    "hij slaat de spijker op zijn kop",
    "hij slaat dicht als ik iets vraag",
    "ik ga dood van de honger",
    "dat slaat nergens op",
    "mijn vriend praat nooit over zijn gevoelens",
    "ik ben doodsbang dat ze me verlaat",
]


@pytest.mark.parametrize("text", SUICIDAL)
def test_suicidal_messages_detected(text):
    assert detect_crisis(text) == "crisis_suicidal"


@pytest.mark.parametrize("text", VIOLENCE)
def test_violence_messages_detected(text):
    assert detect_crisis(text) == "crisis_violence"


@pytest.mark.parametrize("text", HARMLESS)
def test_everyday_phrases_not_flagged(text):
    assert detect_crisis(text) is None


def test_idiom_next_to_a_real_crisis_still_counts():
    assert detect_crisis("ik ben doodmoe en ik wil niet meer leven") == "crisis_suicidal"
    assert not only_harmless_idiom("ik ben doodmoe en ik wil niet meer leven")
    assert only_harmless_idiom("ik ben doodmoe")


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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ik heb een afscheidsbrief geschreven", "crisis_suicidal"),
        ("ik wil verdwijnen voorgoed", "crisis_suicidal"),
        ("mijn man dreigt me iets aan te doen als ik weg ga", "crisis_violence"),
        ("vorige week heeft hij me tegen de muur geduwd, misschien duw ik ook te hard?", "crisis_violence"),
        ("ik ben bang voor mijn man", "crisis_violence"),
        ("mijn beste vriendin appte net dat ze er een eind aan wil maken", "crisis_other"),
        ("ik denk dat mijn zus geslagen wordt door haar vriend", "crisis_other"),
        ("mijn broer zegt dat niemand hem zou missen", "crisis_other"),
        ("mn vader slaat mn moeder en mij", "crisis_violence"),
        ("ik schrok me dood", None),
        ("het leven is soms gewoon druk met de kinderen", None),
        ("mijn man klapt echt helemaal dicht zodra ik iets wil bespreken", None),
        ("ik maak er een eind aan met hem", None),
        ("zij duwt en ik trek me terug", None),
        ("als zij 'relatie' zegt slaat mijn hart over", None),
    ],
)
def test_issue_examples(text, expected):
    """The misses and false alarms that were reported against the first version."""
    assert detect_crisis(text) == expected


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
