"""The exercise actions (actions/exercises.py): form validation, results, stopping, and
consistency between the domain's forms, the question texts and the scoring code."""

from __future__ import annotations

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.common import KNOWLEDGE
from actions.exercises import (
    ActionPatternResult,
    ActionReflectionSummary,
    ActionSignsResult,
    ActionStopExercise,
    FORM_SLOTS,
    ValidateReflectionForm,
    ValidateSignsForm,
)
from coach import exercises as ex
from tests.helpers import run_action, texts


def test_forms_questions_and_scoring_agree(domain):
    forms = {name: spec["required_slots"] for name, spec in domain.forms.items()}
    assert forms == FORM_SLOTS
    assert [q["slot"] for q in KNOWLEDGE.exercises["signs"]["questions"]] == ex.SIGN_SLOTS
    assert [q["slot"] for q in KNOWLEDGE.exercises["pattern"]["questions"]] == ex.PATTERN_SLOTS
    assert [q["slot"] for q in KNOWLEDGE.exercises["reflection"]["questions"]] == ex.REFLECTION_SLOTS
    for slots in FORM_SLOTS.values():
        for slot in slots:
            assert f"action_ask_{slot}" in domain.user_actions


def validate(action, tracker, domain_dict):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.get_validation_events(dispatcher, tracker, domain_dict))
    return dispatcher.messages, {e["name"]: e["value"] for e in events}


def test_signs_answer_is_normalised(make_tracker, domain_dict):
    tracker = make_tracker(
        "affirm", "ja klopt", {"requested_slot": "sign_1"}, active_loop="signs_form", extracted={"sign_1": "ja klopt"}
    )
    messages, values = validate(ValidateSignsForm(), tracker, domain_dict)
    assert values == {"sign_1": "ja"} and messages == []


def test_unclear_answer_is_asked_again(make_tracker, domain_dict):
    tracker = make_tracker(
        "partner_wont_talk",
        "mijn man praat niet",
        {"requested_slot": "sign_2"},
        active_loop="signs_form",
        extracted={"sign_2": "mijn man praat niet"},
    )
    messages, values = validate(ValidateSignsForm(), tracker, domain_dict)
    assert values == {"sign_2": None}
    assert "ja of nee" in messages[0]["text"]


def test_reflection_keeps_the_written_answer(make_tracker, domain_dict):
    answer = "Dat ik niet goed genoeg ben en dat hij iemand anders kiest."
    tracker = make_tracker(
        "fear_of_abandonment", answer, active_loop="reflection_form", extracted={"reflect_fear": answer}
    )
    _, values = validate(ValidateReflectionForm(), tracker, domain_dict)
    assert values == {"reflect_fear": answer}


def test_signs_result(make_tracker, domain_dict):
    slots = {s: "ja" for s in ex.SIGN_SLOTS[:7]} | {"sign_8": "nee"}
    messages, events = run_action(ActionSignsResult(), make_tracker("affirm", "ja", slots), domain_dict)
    text = texts(messages)
    assert "Je herkent 7 van de 8 signalen" in text and "geen diagnose" in text
    assert "Bron: Emotioneel onbereikbaar: wat is dat?" in text
    assert {e["name"] for e in events if e["value"] is None} >= set(ex.SIGN_SLOTS)


def test_pattern_result_names_the_best_fit_and_three_steps(make_tracker, domain_dict):
    slots = {s: "nee" for s in ex.PATTERN_SLOTS} | {"home_intimacy_1": "ja", "home_intimacy_2": "ja"}
    messages, _ = run_action(ActionPatternResult(), make_tracker("deny", "nee", slots), domain_dict)
    text = texts(messages)
    assert "ouders zonder intimiteit" in text
    assert "Stap 1: Zie het patroon" in text and "Stap 3: Verdraag het ongemak" in text


def test_reflection_summary_repeats_answers(make_tracker, domain_dict):
    slots = {s: f"antwoord {i}" for i, s in enumerate(ex.REFLECTION_QUESTIONS)} | {"reflect_side": "terugtrekken"}
    messages, events = run_action(ActionReflectionSummary(), make_tracker("deny", "x", slots), domain_dict)
    text = texts(messages)
    assert all(f"antwoord {i}" in text for i in range(6))
    assert "bindingsangst" in text and "geen diagnose" in text.lower()
    assert {"event": "slot", "name": "topic", "value": "fear_of_commitment", "timestamp": None} in events


def test_stop_leaves_the_form_with_a_summary(make_tracker, domain_dict):
    slots = {"sign_1": "ja", "sign_2": "nee", "requested_slot": "sign_3"}
    tracker = make_tracker("stop", "laat maar", slots, active_loop="signs_form")
    messages, events = run_action(ActionStopExercise(), tracker, domain_dict)
    assert "Je beantwoordde 2 van de 8 vragen" in texts(messages)
    assert {"event": "active_loop", "name": None, "timestamp": None} in events


def test_stop_without_exercise(make_tracker, domain_dict):
    messages, _ = run_action(ActionStopExercise(), make_tracker("stop", "stop"), domain_dict)
    assert "geen oefening" in texts(messages)
