"""The crisis replies and what follows them (actions/safety.py)."""

from __future__ import annotations

import pytest

from actions.safety import ActionCrisisReply, ActionSafetyFollowUp
from tests.helpers import run_action, slot


@pytest.mark.parametrize("kind", ["crisis_suicidal", "crisis_violence", "crisis_other"])
def test_the_first_crisis_message_gets_the_helplines_and_a_second_other_words(kind, make_tracker, domain_dict):
    messages, events = run_action(ActionCrisisReply(), make_tracker(kind, "..."), domain_dict)
    assert messages[0]["response"] == f"utter_{kind}" and f"crisis:{kind}" in slot(events, "seen")
    again = make_tracker(kind, "het is nog steeds zo", {"seen": slot(events, "seen")})
    messages, events = run_action(ActionCrisisReply(), again, domain_dict)
    assert messages[0]["response"] == f"utter_{kind}_again" and "112" in messages[0]["text"]


def test_playing_violence_down_after_telling_it_gets_a_calm_clear_answer(make_tracker, domain_dict):
    tracker = make_tracker(
        "crisis_violence", "hij sloeg me maar 1 keer, hij zei sorry", {"seen": ["crisis:crisis_violence"]}
    )
    messages, _ = run_action(ActionCrisisReply(), tracker, domain_dict)
    assert messages[0]["response"] == "utter_violence_minimised" and "nooit jouw schuld" in messages[0]["text"]


@pytest.mark.parametrize(
    "intent, text, response",
    [
        ("ask_helpline", "als ik veilig thuis bel gaan ze dan naar hem toe", "utter_helpline_veilig_thuis"),
        ("ask_helpline", "ik wil eigenlijk niet bellen", "utter_helpline_no_call"),
        ("ask_helpline", "is 113 alleen voor mensen die echt niet meer willen?", "utter_helpline_113"),
        ("ask_helpline", "wat kan ik verwachten?", "utter_helpline_general"),
        ("minimise_violence", "zo erg is het nou ook weer niet", "utter_violence_minimised"),
        ("minimise_violence", "hij is verder echt lief", "utter_violence_minimised"),
    ],
)
def test_helpline_follow_ups(intent, text, response, make_tracker, domain_dict):
    messages, _ = run_action(ActionSafetyFollowUp(), make_tracker(intent, text), domain_dict)
    assert messages[0]["response"] == response


def test_after_violence_a_general_helpline_question_gets_veilig_thuis(make_tracker, domain_dict):
    tracker = make_tracker("ask_helpline", "wat kan ik verwachten?", {"concern_violence": True})
    messages, _ = run_action(ActionSafetyFollowUp(), tracker, domain_dict)
    assert messages[0]["response"] == "utter_helpline_veilig_thuis"
