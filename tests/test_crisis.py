"""The classifier-independent crisis net (coach/crisis.py); the NLU guard built on it is
tested in tests/components/test_message_guard.py."""

from __future__ import annotations

import pytest

from coach.crisis import crisis_in_message, detect_crisis, only_harmless_idiom

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


@pytest.mark.parametrize(
    "text, intent",
    [
        ("/crisis_violence", "crisis_violence"),  # a button, or a long message's crisis (coach/inbound.py)
        ("/crisis_other", "crisis_other"),
        ("/greet", None),
        ("mijn man slaat me", "crisis_violence"),
        ("ik wil niet meer leven", "crisis_suicidal"),
        ("mijn zus appte dat ze niet meer wil leven", "crisis_other"),
        ("ik ga dood van het lachen", None),
    ],
)
def test_crisis_in_message_reads_payloads_and_text(text, intent):
    assert crisis_in_message(text) == intent
