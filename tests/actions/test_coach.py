"""The coaching action (actions/coach.py): the knowledge search uses the NLU's embedding of
the message instead of embedding the same text again in the action server."""

from __future__ import annotations

import dataclasses

import numpy as np

import actions.common as common
from actions.coach import ActionCoach
from coach.embeddings import PARSE_KEY, embed, pack
from tests.helpers import run_action


def test_the_search_uses_the_nlu_embedding_of_the_message(make_tracker, domain_dict, monkeypatch):
    text = "hij trekt zich altijd terug als ik iets over ons wil bespreken en ik snap niet waarom"
    vector = embed([text])[0]
    tracker = make_tracker("nlu_fallback", text)
    tracker.latest_message[PARSE_KEY] = pack(vector)
    used = []
    monkeypatch.setattr(common, "embed", lambda texts, *a, **k: used.append(list(texts)) or embed(texts, *a, **k))
    searched = []
    real_best = common.search.best
    monkeypatch.setattr(
        common.search, "best", lambda index, query, *a, **k: searched.append(query) or real_best(index, query, *a, **k)
    )
    run_action(ActionCoach(), tracker, domain_dict)
    assert searched, "the coach did not search for this message"
    assert all(np.array_equal(query, vector) for query in searched)
    assert [text] not in used, "the message was embedded a second time"
    assert common.NLU_VECTOR == {}, "the vector outlived the action"


def test_without_the_nlu_embedding_the_search_embeds_the_text(make_tracker, domain_dict, monkeypatch):
    text = "hij trekt zich altijd terug als ik iets over ons wil bespreken en ik snap niet waarom"
    used = []
    monkeypatch.setattr(common, "embed", lambda texts, *a, **k: used.append(list(texts)) or embed(texts, *a, **k))
    run_action(ActionCoach(), make_tracker("nlu_fallback", text), domain_dict)
    assert [text] in used


def test_the_privacy_answer_says_the_retention_the_server_keeps(monkeypatch):
    monkeypatch.setattr(common, "SETTINGS", dataclasses.replace(common.SETTINGS, retention_days=7))
    assert common.coach.__wrapped__().limits.retention_days == 7  # not the coach's own default


def test_yes_to_going_on_with_a_paused_exercise_runs_its_form(make_tracker, domain_dict):
    # round 15: "ja verder" to "zullen we daar verder gaan?" got an article, not the questions
    from coach.state import Question, SessionState

    state = SessionState(topic="attracts_unavailable", paused="pattern", asked=Question("resume", ["pattern"]))
    tracker = make_tracker("affirm", "ja verder", slots={"session": state.to_slot()})
    _, events = run_action(ActionCoach(), tracker, domain_dict)
    assert {"event": "followup", "name": "pattern_form"} in [{k: e.get(k) for k in ("event", "name")} for e in events]
