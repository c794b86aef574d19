"""The knowledge actions (actions/topics.py), run with trackers built from the real domain."""

from __future__ import annotations

import pytest

from actions.common import KNOWLEDGE
from actions.topics import (
    ActionAnswerQuestion,
    ActionClarify,
    ActionDeny,
    ActionExplainTopic,
    ActionGiveSteps,
    ActionOutOfScope,
    ActionTellMore,
)
from coach import replies
from coach.replies import MAX_CHARS
from tests.helpers import run_action, slot, texts, user_event

TOPICS = sorted(KNOWLEDGE.topics)
QUESTIONS = sorted(KNOWLEDGE.questions)


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_gets_explanation_slot_and_buttons(topic, make_tracker, domain_dict):
    messages, events = run_action(ActionExplainTopic(), make_tracker(topic), domain_dict)
    spec = KNOWLEDGE.topics[topic]
    assert spec.intro.split()[0] in texts(messages)
    assert f"Bron: {spec.article.title}" in texts(messages)
    assert slot(events, "topic") == topic and f"intro:{topic}" in slot(events, "seen")
    # one open question closes the answer, with what can come next as buttons
    assert messages[-1]["text"] == replies.personalise(spec.question, "je partner")
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert titles[:3] == ["Wat kan ik doen?", "Vertel meer", "Waar komt dit vandaan?"]
    if spec.exercise:
        assert titles[3] == KNOWLEDGE.exercises[spec.exercise]["offer"]
    assert all(len(m["text"]) <= MAX_CHARS for m in messages)


def test_a_topic_told_again_goes_on_instead_of_repeating_the_intro(make_tracker, domain_dict):
    shown = ["intro:partner_wont_talk"]
    tracker = make_tracker(
        "partner_wont_talk", "nee het gaat over mijn man die niet praat", {"topic": "partner_wont_talk", "seen": shown}
    )
    messages, events = run_action(ActionExplainTopic(), tracker, domain_dict)
    assert KNOWLEDGE.topics["partner_wont_talk"].intro[:30] not in texts(messages)
    assert messages[0]["response"] == "utter_keep_talking" and "Stap 1:" in texts(messages)


def test_asking_for_steps_with_the_story_gets_intro_and_steps(make_tracker, domain_dict):
    tracker = make_tracker("emotional_distance", "we leven als huisgenoten, wat kan ik doen?")
    text = texts(run_action(ActionExplainTopic(), tracker, domain_dict)[0])
    assert "Naast elkaar" in text and "Stap 1:" in text


def test_a_correction_switches_topic_and_says_so(make_tracker, domain_dict):
    tracker = make_tracker(
        "fear_of_abandonment",
        "hij praat wel hoor, het gaat om mijn verlatingsangst",
        {"topic": "partner_wont_talk", "seen": ["intro:partner_wont_talk"]},
    )
    messages, events = run_action(ActionExplainTopic(), tracker, domain_dict)
    assert messages[0]["response"] == "utter_correction"
    assert slot(events, "topic") == "fear_of_abandonment"


@pytest.mark.parametrize(
    "topic, heard, expected",
    [
        ("fear_of_abandonment", "fear_of_abandonment", "fear_of_commitment"),
        ("fear_of_abandonment", "fear_of_commitment", "fear_of_commitment"),
    ],
)
def test_the_other_way_round_goes_to_the_opposite_topic(topic, heard, expected, make_tracker, domain_dict):
    tracker = make_tracker(
        heard, "nee andersom, ik ben juist degene die wegloopt", {"topic": topic, "seen": [f"intro:{topic}"]}
    )
    messages, events = run_action(ActionExplainTopic(), tracker, domain_dict)
    assert messages[0]["response"] == "utter_correction_reversed"
    assert slot(events, "topic") == expected


def test_the_other_way_round_of_the_dance_tells_it_from_the_other_side(make_tracker, domain_dict):
    slots = {"topic": "pursue_withdraw", "seen": ["intro:pursue_withdraw"]}
    tracker = make_tracker("pursue_withdraw", "nee andersom, zij duwt en ik trek me terug", slots)
    messages, events = run_action(ActionExplainTopic(), tracker, domain_dict)
    assert "degene die zich terugtrekt" in texts(messages)
    assert "reversed:pursue_withdraw" in slot(events, "seen")


def test_a_single_user_is_not_told_about_a_partner(make_tracker, domain_dict):
    tracker = make_tracker("partner_unavailable", "ik heb geen relatie maar val op mannen die afstand houden")
    messages, events = run_action(ActionExplainTopic(), tracker, domain_dict)
    assert slot(events, "relationship") == "single"
    assert "je partner" not in texts(messages) and "iemand die je leuk vindt" in texts(messages)


def test_a_subject_that_is_not_ours_gets_a_pointer_first(make_tracker, domain_dict):
    tracker = make_tracker("emotional_distance", "mijn vrouw gaat vreemd denk ik en we leven langs elkaar heen")
    messages, _ = run_action(ActionExplainTopic(), tracker, domain_dict)
    assert [m.get("response") for m in messages[:2]] == ["utter_first_contact", "utter_referral_affair"]
    assert (
        "relatietherapeut" in messages[1]["text"] and "verwijzing van de huisarts is niet nodig" in messages[1]["text"]
    )
    assert "Bron:" in texts(messages), "the part that is ours follows"
    guessed = make_tracker("emotional_distance", "hoe zit het met de hypotheek als we scheiden")
    messages, _ = run_action(ActionExplainTopic(), guessed, domain_dict)
    assert [m["response"] for m in messages] == ["utter_first_contact", "utter_referral_money_legal"]


def test_out_of_scope_points_the_way_or_says_what_the_bot_does(make_tracker, domain_dict):
    custody = make_tracker("out_of_scope", "hoe regelen we de omgangsregeling")
    assert run_action(ActionOutOfScope(), custody, domain_dict)[0][0]["response"] == "utter_referral_children"
    weather = make_tracker("out_of_scope", "wat voor weer wordt het morgen")
    assert run_action(ActionOutOfScope(), weather, domain_dict)[0][0]["response"] == "utter_out_of_scope"


def test_a_question_about_a_step_explains_that_step(make_tracker, domain_dict):
    slots = {"topic": "partner_wont_talk", "seen": ["intro:partner_wont_talk", "steps:pw_communicatie"]}
    tracker = make_tracker("ask_what_to_do", "stap 2 snap ik niet, wat bedoel je?", slots)
    messages, _ = run_action(ActionGiveSteps(), tracker, domain_dict)
    step = KNOWLEDGE.entries["pw_communicatie"].steps[1]
    assert messages[0]["text"].startswith("Stap 2 was: " + step[:20])
    # the sentence of the entry's own explanation that says why: old feelings in yourself
    assert "iets ouds in jou" in texts(messages)


def test_steps_asked_for_when_all_were_given_say_so(make_tracker, domain_dict):
    topic = KNOWLEDGE.topics["emotional_distance"]
    every = [f"steps:{e}" for e, entry in KNOWLEDGE.entries.items() if entry.steps]
    tracker = make_tracker("ask_what_to_do", "nog meer tips?", {"topic": topic.id, "seen": every})
    messages, events = run_action(ActionGiveSteps(), tracker, domain_dict)
    assert messages[0]["response"] == "utter_all_steps_given" and events == []
    assert "/ask_what_to_do" not in [b["payload"] for b in messages[0]["buttons"]]


def test_no_after_a_topic_is_a_correction_and_after_the_question_an_answer(make_tracker, domain_dict):
    after_steps = make_tracker("deny", "nee", {"topic": "emotional_distance", "seen": ["intro:emotional_distance"]})
    messages, events = run_action(ActionDeny(), after_steps, domain_dict)
    assert messages[0]["response"] == "utter_correction_unclear" and slot(events, "topic") is None
    question = replies.personalise(KNOWLEDGE.topics["emotional_distance"].question, "je partner")
    asked = make_tracker(
        "deny",
        "nee",
        {"topic": "emotional_distance", "seen": ["intro:emotional_distance"]},
        events=[{"event": "bot", "text": question}],
    )
    messages, _ = run_action(ActionDeny(), asked, domain_dict)
    assert messages[0]["response"] == "utter_keep_talking"
    nothing = run_action(ActionDeny(), make_tracker("deny", "nee"), domain_dict)[0]
    assert nothing[0]["response"] == "utter_deny"


@pytest.mark.parametrize("topic", TOPICS)
def test_steps_for_every_topic(topic, make_tracker, domain_dict):
    tracker = make_tracker("ask_what_to_do", "wat kan ik doen?", {"topic": topic})
    messages, events = run_action(ActionGiveSteps(), tracker, domain_dict)
    text = texts(messages)
    entry = KNOWLEDGE.entries[KNOWLEDGE.topics[topic].steps]
    assert "Stap 1: " in text and f"Stap {len(entry.steps)}: " in text
    assert text.endswith(f"Bron: {entry.article.title}")
    assert f"steps:{entry.id}" in slot(events, "seen")
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert "Wat kan ik doen?" not in titles, "the button for what was just shown"


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
    assert "trouw aan de eigen familie" in text
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
