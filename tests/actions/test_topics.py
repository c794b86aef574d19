"""The knowledge actions (actions/topics.py), run with trackers built from the real domain."""

from __future__ import annotations

import pytest

from actions.common import KNOWLEDGE
from actions.topics import ActionAnswerQuestion, ActionClarify, ActionExplainTopic, ActionGiveSteps, ActionTellMore
from coach import replies
from coach.replies import MAX_CHARS
from tests.helpers import run_action, slot, texts, user_event

TOPICS = sorted(KNOWLEDGE.topics)
QUESTIONS = sorted(KNOWLEDGE.questions)


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_gets_explanation_slot_and_buttons(topic, make_tracker, domain_dict):
    messages, events = run_action(ActionExplainTopic(), make_tracker(topic), domain_dict)
    assert KNOWLEDGE.topics[topic].intro.split()[0] in texts(messages)
    assert texts(messages).endswith(f"Bron: {KNOWLEDGE.topics[topic].article.title}")
    assert slot(events, "topic") == topic
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert titles == ["Wat kan ik doen?", "Vertel meer", "Waar komt dit vandaan?"]
    assert all(len(m["text"]) <= MAX_CHARS for m in messages)


@pytest.mark.parametrize("topic", TOPICS)
def test_steps_for_every_topic(topic, make_tracker, domain_dict):
    tracker = make_tracker("ask_what_to_do", "wat kan ik doen?", {"topic": topic})
    messages, events = run_action(ActionGiveSteps(), tracker, domain_dict)
    text = texts(messages)
    entry = KNOWLEDGE.entries[KNOWLEDGE.topics[topic].steps]
    assert "Stap 1: " in text and f"Stap {len(entry.steps)}: " in text
    assert text.endswith(f"Bron: {entry.article.title}")
    assert f"steps:{entry.id}" in slot(events, "seen")


def test_steps_without_topic_ask_which_situation(make_tracker, domain_dict):
    messages, events = run_action(ActionGiveSteps(), make_tracker("ask_what_to_do", "heb je tips?"), domain_dict)
    assert "Over welke situatie gaat het?" in texts(messages)
    assert {b["payload"] for b in messages[0]["buttons"]} == {f"/{t}" for t in TOPICS}
    assert events == []


@pytest.mark.parametrize("topic", TOPICS)
def test_request_more_never_repeats_and_ends_gracefully(topic, make_tracker, domain_dict):
    seen, shown_texts = [], []
    sequence = replies.more_sequence(KNOWLEDGE.topics[topic], KNOWLEDGE)
    for _ in sequence:
        tracker = make_tracker("request_more", "vertel meer", {"topic": topic, "seen": seen})
        messages, events = run_action(ActionTellMore(), tracker, domain_dict)
        text = texts(messages)
        assert text not in shown_texts
        shown_texts.append(text)
        seen = slot(events, "seen")
    assert seen == [replies.seen_key(*item) for item in sequence]
    tracker = make_tracker("request_more", "vertel meer", {"topic": topic, "seen": seen})
    messages, events = run_action(ActionTellMore(), tracker, domain_dict)
    assert "alles verteld" in texts(messages)
    related = [f"/{t}" for t in KNOWLEDGE.topics[topic].related]
    assert [b["payload"] for b in messages[-1]["buttons"]][: len(related)] == related
    assert events == []


def test_request_more_skips_what_a_question_already_showed(make_tracker, domain_dict):
    tracker = make_tracker("ask_causes", "waar komt dat vandaan", {"topic": "partner_wont_talk"})
    _, events = run_action(ActionAnswerQuestion(), tracker, domain_dict)
    seen = slot(events, "seen")
    assert seen == ["pw_familie"]
    tracker = make_tracker("request_more", "vertel meer", {"topic": "partner_wont_talk", "seen": seen})
    messages, events = run_action(ActionTellMore(), tracker, domain_dict)
    # the explanation was shown by the answer: "vertel meer" goes on with that entry's steps
    assert "Wat je deze week kunt doen:" in texts(messages) and "pw_familie" not in texts(messages)
    assert slot(events, "seen") == ["pw_familie", "steps:pw_familie"]


def test_causes_follow_the_topic(make_tracker, domain_dict):
    with_topic = make_tracker("ask_causes", "waar komt dat vandaan?", {"topic": "partner_wont_talk"})
    text = texts(run_action(ActionAnswerQuestion(), with_topic, domain_dict)[0])
    assert "trouw aan hoe het thuis ging" in text
    assert text.endswith("Bron: Mijn partner wil niet over gevoelens praten")
    general = texts(run_action(ActionAnswerQuestion(), make_tracker("ask_causes", "waardoor komt het"), domain_dict)[0])
    assert "Affectieve verwaarlozing" in general
    assert general.endswith("Bron: Emotioneel onbereikbaar: wat is dat?")


@pytest.mark.parametrize("intent", QUESTIONS)
@pytest.mark.parametrize("topic", [None, "emotional_distance", "fear_of_commitment"])
def test_every_question_is_answered_with_and_without_topic(intent, topic, make_tracker, domain_dict):
    slots = {"topic": topic} if topic else {}
    messages, _ = run_action(ActionAnswerQuestion(), make_tracker(intent, intent, slots), domain_dict)
    entry = KNOWLEDGE.answer_entry(intent, topic)
    assert texts(messages).endswith(f"Bron: {entry.article.title}")
    assert len(texts(messages)) > 100


def test_signs_for_emotional_distance_are_the_four_signals(make_tracker, domain_dict):
    tracker = make_tracker("ask_signs", "hoe herken ik het", {"topic": "emotional_distance"})
    text = texts(run_action(ActionAnswerQuestion(), tracker, domain_dict)[0])
    assert "Signaal 4: De humor is weg" in text


def test_persoon_is_used_in_replies(make_tracker, domain_dict):
    tracker = make_tracker("partner_wont_talk", "mijn vrouw praat niet", {"persoon": "vrouw"})
    text = texts(run_action(ActionExplainTopic(), tracker, domain_dict)[0])
    assert "je vrouw" in text and "{partner}" not in text
    tracker = make_tracker("ask_what_to_do", "tips?", {"persoon": "vriend", "topic": "partner_unavailable"})
    assert "je vriend" in texts(run_action(ActionGiveSteps(), tracker, domain_dict)[0])


def test_first_reply_says_it_is_a_chatbot(make_tracker, domain_dict):
    first = texts(run_action(ActionExplainTopic(), make_tracker("emotional_distance"), domain_dict)[0])
    assert first.startswith("Even vooraf: ik ben een chatbot, geen therapeut.")
    later = make_tracker("emotional_distance", events=[{"event": "bot", "text": "Hoi"}])
    assert "chatbot" not in texts(run_action(ActionExplainTopic(), later, domain_dict)[0])


def test_clarify_offers_the_closest_topics(make_tracker, domain_dict):
    ranking = [
        {"name": "nlu_fallback", "confidence": 1.0},
        {"name": "ask_therapy", "confidence": 0.2},
        {"name": "pursue_withdraw", "confidence": 0.15},
        {"name": "emotional_distance", "confidence": 0.1},
    ]
    tracker = make_tracker("nlu_fallback", "hmm tja weet niet", ranking=ranking)
    messages, _ = run_action(ActionClarify(), tracker, domain_dict)
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/pursue_withdraw", "/emotional_distance"]


def test_clarify_twice_says_what_the_bot_can_do(make_tracker, domain_dict):
    earlier = [user_event("blabla", "nlu_fallback"), {"event": "bot", "text": "Ik weet niet zeker"}]
    tracker = make_tracker("nlu_fallback", "nog steeds blabla", events=earlier)
    messages, _ = run_action(ActionClarify(), tracker, domain_dict)
    assert messages[0]["response"] == "utter_capabilities"


def test_clarify_answers_a_free_question_from_the_knowledge(make_tracker, domain_dict):
    question = "helpt tekenen of muziek maken ofzo om gevoelens eruit te krijgen waar ik geen woorden voor heb"
    messages, events = run_action(ActionClarify(), make_tracker("nlu_fallback", question), domain_dict)
    text = texts(messages)
    assert "Stap 1:" in text and "Bron: Emotioneel onbereikbaar" in text
    assert events and events[0]["name"] == "seen" and "steps:eo_zelf" in events[0]["value"]


def test_clarify_still_asks_when_nothing_matches(make_tracker, domain_dict):
    messages, _ = run_action(ActionClarify(), make_tracker("nlu_fallback", "hmm tja weet niet"), domain_dict)
    assert messages[0]["buttons"], "no topics offered"
