"""What channels do with a text before Rasa sees it (coach/inbound.py)."""

from __future__ import annotations

from coach.inbound import MAX_CHARS, clean, prepare

INTENTS = {"greet", "affirm", "partner_wont_talk"}


def test_only_exact_offered_payloads_stay_payloads():
    assert prepare("/greet", INTENTS).text == "/greet"
    assert prepare("/greet@1 ik wil niet meer leven", INTENTS).text == "greet@1 ik wil niet meer leven"
    assert prepare('/affirm{"persoon":"x"} ik word geslagen', INTENTS).text.startswith("affirm{")
    assert prepare("/unknown_intent", INTENTS).text == "unknown_intent"
    assert prepare("  //greet", INTENTS).text == "greet"


def test_text_is_cleaned_but_kept():
    assert clean("hoi\x00 daar\ud800") == "hoi  daar?"
    assert prepare(None, INTENTS).text == "" and prepare(5, INTENTS).text == ""


def test_too_long_is_not_classified_unless_its_start_is_a_crisis():
    assert prepare("bla " * MAX_CHARS, INTENTS).text is None
    crisis = prepare("ik wil niet meer leven " + "bla " * MAX_CHARS, INTENTS)
    assert crisis.too_long and crisis.text == "/crisis_suicidal"
