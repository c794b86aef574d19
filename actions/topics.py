"""Actions that answer from the knowledge base: topic explanations, steps, more, questions,
and clarification when the NLU is unsure."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KNOWLEDGE, first_contact, latest_intent, search_answer, seen, send, send_entry
from coach import replies
from coach.knowledge import Topic
from coach.replies import FOLLOW_UPS, Reply, button, topic_buttons

EXERCISE_OFFERS = {
    "partner_unavailable": button("Doe de oefening: Herken je de signalen?", "/exercise_signs"),
    "partner_wont_talk": button("Doe de oefening: Herken je de signalen?", "/exercise_signs"),
    "childhood_patterns": button("Doe de oefening: Zie het patroon", "/exercise_pattern"),
    "attracts_unavailable": button("Doe de oefening: Zie het patroon", "/exercise_pattern"),
    "self_unavailable": button("Doe de oefening: Zie het patroon", "/exercise_pattern"),
    "fear_of_abandonment": button("Doe de reflectie-oefening", "/exercise_reflection"),
    "fear_of_commitment": button("Doe de reflectie-oefening", "/exercise_reflection"),
    "pursue_withdraw": button("Doe de reflectie-oefening", "/exercise_reflection"),
}
ASK_TOPIC = "Over welke situatie gaat het? Kies wat het best past, of vertel het in je eigen woorden."


def with_exercise(buttons: List[Dict[str, str]], topic_id: Text) -> List[Dict[str, str]]:
    """The buttons plus the exercise that fits the topic, where one does."""
    return buttons + ([EXERCISE_OFFERS[topic_id]] if topic_id in EXERCISE_OFFERS else [])


def ask_for_topic(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(text=ASK_TOPIC, buttons=topic_buttons(KNOWLEDGE, KNOWLEDGE.topics))


class ActionExplainTopic(Action):
    """A topical intent: explain what is going on and offer the next moves."""

    def name(self) -> Text:
        return "action_explain_topic"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        topic = KNOWLEDGE.topics[latest_intent(tracker)]
        send(dispatcher, replies.topic_intro(topic, tracker.get_slot("persoon"), first_contact(tracker)))
        return [SlotSet("topic", topic.id)]


class TopicFollowUp(Action, ABC):
    """A follow-up about the topic under discussion; without a topic, ask which one."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        topic_id = tracker.get_slot("topic")
        if topic_id not in KNOWLEDGE.topics:
            ask_for_topic(dispatcher)
            return []
        return self.follow_up(KNOWLEDGE.topics[topic_id], dispatcher, tracker)

    @abstractmethod
    def follow_up(self, topic: Topic, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
        """Answer for this topic; the events to return."""


class ActionGiveSteps(TopicFollowUp):
    """ "Wat kan ik doen?": the concrete steps for the topic under discussion."""

    def name(self) -> Text:
        return "action_give_steps"

    def follow_up(self, topic, dispatcher, tracker):
        entry = KNOWLEDGE.entries[replies.steps_entry(topic, KNOWLEDGE, seen(tracker))]
        buttons = with_exercise([button("Vertel meer", "/request_more")], topic.id)
        send_entry(dispatcher, tracker, entry, ["steps"], buttons)
        key = replies.seen_key(entry.id, "steps")
        return [SlotSet("seen", seen(tracker) + ([key] if key not in seen(tracker) else []))]


class ActionTellMore(TopicFollowUp):
    """ "Vertel meer": the next part of the topic this user has not seen, never a repeat."""

    def name(self) -> Text:
        return "action_tell_more"

    def follow_up(self, topic, dispatcher, tracker):
        shown = seen(tracker)
        item = replies.next_more(topic, KNOWLEDGE, shown)
        if item is None:
            offers = with_exercise(topic_buttons(KNOWLEDGE, topic.related), topic.id)
            send(
                dispatcher,
                [
                    Reply(
                        f"Over '{topic.label.lower()}' heb ik je alles verteld wat ik weet. "
                        "Misschien past een van deze onderwerpen ook bij je situatie:",
                        offers,
                    )
                ],
            )
            return []
        entry_id, part = item
        parts = ["explanation", "background"] if part == replies.MAIN else [part]
        send_entry(dispatcher, tracker, KNOWLEDGE.entries[entry_id], parts, FOLLOW_UPS[:2])
        return [SlotSet("seen", shown + [replies.seen_key(entry_id, part)])]


class ActionAnswerQuestion(Action):
    """A question intent, answered for the topic under discussion where there is one."""

    def name(self) -> Text:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = latest_intent(tracker)
        question = KNOWLEDGE.questions[intent]
        entry = KNOWLEDGE.answer_entry(intent, tracker.get_slot("topic"))
        buttons = [b for b in FOLLOW_UPS if b["payload"] != f"/{intent}"]
        send_entry(dispatcher, tracker, entry, question.parts, buttons)
        shown = seen(tracker)
        return [] if entry.id in shown else [SlotSet("seen", shown + [entry.id])]


class ActionClarify(Action):
    """The NLU is unsure: offer the closest topics; if it stays unclear, say what I can do."""

    def name(self) -> Text:
        return "action_clarify"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        found = search_answer(tracker.latest_message.get("text") or "")
        if found is not None:  # a free question the knowledge answers
            parts = ["explanation", "background"] if found.part == replies.MAIN else [found.part]
            send_entry(dispatcher, tracker, KNOWLEDGE.entries[found.entry_id], parts, FOLLOW_UPS[:2])
            return [SlotSet("seen", seen(tracker) + [replies.seen_key(found.entry_id, found.part)])]
        user_turns = [e for e in tracker.events if e.get("event") == "user"]
        previous = user_turns[-2] if len(user_turns) > 1 else {}
        if (previous.get("parse_data") or {}).get("intent", {}).get("name") == "nlu_fallback":
            dispatcher.utter_message(response="utter_capabilities")
            return []
        ranking = tracker.latest_message.get("intent_ranking") or []
        closest = [r["name"] for r in ranking if r.get("name") in KNOWLEDGE.topics][:3]
        closest = closest or ["partner_wont_talk", "partner_unavailable", "emotional_distance"]
        dispatcher.utter_message(
            text="Ik weet niet zeker of ik je goed begrijp. Gaat het over een van deze onderwerpen? "
            "Je mag het ook in andere woorden zeggen.",
            buttons=topic_buttons(KNOWLEDGE, closest),
        )
        return []
