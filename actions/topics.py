"""Actions that answer from the knowledge base: topic explanations, steps, more, questions,
corrections, subjects that are not ours, and clarification when the NLU is unsure.

What a good coach does, and where it happens here: never the same intro twice (a topic told
again goes on where it was), a correction switches topic or side, a subject that is not ours
gets a pointer first, one open question follows an intro, and buttons only offer what is new.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    CONV,
    KNOWLEDGE,
    closest_explanation,
    exercise_offer,
    introduce_once,
    latest_intent,
    latest_text,
    next_buttons,
    search_answer,
    seen,
    send,
    send_entry,
    topic_buttons,
    who,
)
from coach import conversation, replies
from coach.knowledge import Topic

Events = List[Dict[Text, Any]]


def ask_for_topic(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_ask_topic", buttons=topic_buttons(KNOWLEDGE.topics))


def remember(shown: List[str], *keys: str) -> Events:
    """The `seen` slot with these keys added (each once)."""
    added = [k for k in keys if k not in shown]
    return [SlotSet("seen", shown + added)] if added else []


def nothing_new(dispatcher: CollectingDispatcher, response: str, topic: Topic, shown: List[str]) -> Events:
    """Everything of this kind was given: say so and offer related topics and the exercise."""
    buttons = topic_buttons(topic.related) + exercise_offer(topic, shown)
    dispatcher.utter_message(response=response, topic=topic.label.lower(), buttons=buttons)
    return []


def give_steps(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic, shown: List[str]) -> Events:
    """The next steps not given yet; once all were given, say so and offer related topics."""
    if replies.all_steps_shown(topic, KNOWLEDGE, shown):
        return nothing_new(dispatcher, "utter_all_steps_given", topic, shown)
    entry = KNOWLEDGE.entries[replies.steps_entry(topic, KNOWLEDGE, shown)]
    after = shown + [replies.seen_key(entry.id, "steps")]
    done = [KNOWLEDGE.exercises[n]["name"] for n in KNOWLEDGE.exercises if replies.exercise_key(n) in shown]
    send_entry(dispatcher, tracker, entry, ["steps"], next_buttons(topic, after), skip=done)
    return remember(shown, replies.seen_key(entry.id, "steps"))


def tell_more(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic, shown: List[str]) -> Events:
    """The next part of the topic this user has not seen; when all is told, say so."""
    item = replies.next_more(topic, KNOWLEDGE, shown)
    if item is None:
        return nothing_new(dispatcher, "utter_all_told", topic, shown)
    entry_id, part = item
    parts = ["explanation", "background"] if part == replies.MAIN else [part]
    after = shown + [replies.seen_key(entry_id, part)]
    send_entry(dispatcher, tracker, KNOWLEDGE.entries[entry_id], parts, next_buttons(topic, after))
    return remember(shown, replies.seen_key(entry_id, part))


def go_on(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic, shown: List[str]) -> Events:
    """The user is still on this topic: acknowledge and give what is new (steps first)."""
    dispatcher.utter_message(response="utter_keep_talking")
    if not replies.all_steps_shown(topic, KNOWLEDGE, shown):
        return give_steps(dispatcher, tracker, topic, shown)
    return tell_more(dispatcher, tracker, topic, shown)


def explain_step(dispatcher: CollectingDispatcher, tracker: Tracker, shown: List[str]) -> Optional[Events]:
    """ "stap 2 snap ik niet": restate that step of the last steps given and explain the idea
    behind it (the closest sentence of its entry's explanation); None when the message is not about
    a step."""
    number = conversation.asked_step(CONV, latest_text(tracker))
    last = next((k.split(":", 1)[1] for k in reversed(shown) if k.startswith("steps:")), None)
    if number is None or last is None or not 1 <= number <= len(KNOWLEDGE.entries[last].steps):
        return None
    entry, words = KNOWLEDGE.entries[last], who(tracker)
    step = replies.personalise(entry.steps[number - 1], words)
    dispatcher.utter_message(response="utter_step_explained", number=number, step=step)
    send(dispatcher, replies.compose([closest_explanation(step, entry)], entry.article, words, CONV))
    return []


class ActionExplainTopic(Action):
    """A topical intent: explain what is going on, ask one open question, offer what is next."""

    def name(self) -> Text:
        return "action_explain_topic"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Events:
        text, shown, previous = latest_text(tracker), seen(tracker), tracker.get_slot("topic")
        topic_id = latest_intent(tracker) or ""
        known = tracker.get_slot("relationship")
        relationship = conversation.relationship(CONV, text, tracker.get_slot("persoon"), known)
        events: Events = [SlotSet("relationship", relationship)] if relationship != known else []
        # this very answer already names the other person as the message does ("je ex")
        tracker.slots["relationship"] = relationship
        referral = conversation.referral(CONV, text)
        if referral is not None:
            introduce_once(dispatcher, tracker)
            ours = [t for t in referral.ours if t != topic_id]
            dispatcher.utter_message(response=referral.response, buttons=topic_buttons(ours))
            if topic_id not in referral.ours:  # the topic was a guess: the pointer is the answer
                return events
        correction = conversation.correction(CONV, text) if previous in KNOWLEDGE.topics else None
        if correction == "reversed" and topic_id in (previous, KNOWLEDGE.topics[previous].opposite):
            return events + self.reverse(dispatcher, tracker, KNOWLEDGE.topics[previous], shown)
        if correction is not None and topic_id != previous:  # "nee, het gaat om ...": switch
            dispatcher.utter_message(response="utter_correction")
        return events + self.explain(dispatcher, tracker, KNOWLEDGE.topics[topic_id], shown)

    def reverse(self, dispatcher: CollectingDispatcher, tracker: Tracker, previous: Topic, shown: List[str]) -> Events:
        """ "nee, andersom" about the topic under discussion: tell it from the other side."""
        if previous.reversed_intro and replies.reversed_key(previous.id) not in shown:
            dispatcher.utter_message(response="utter_correction_reversed")
            after = shown + [replies.reversed_key(previous.id)]
            buttons = next_buttons(previous, after)
            send(dispatcher, replies.compose([previous.reversed_intro], previous.article, who(tracker), CONV, buttons))
            return remember(shown, replies.reversed_key(previous.id))
        if previous.opposite:
            dispatcher.utter_message(response="utter_correction_reversed")
            return self.explain(dispatcher, tracker, KNOWLEDGE.topics[previous.opposite], shown)
        dispatcher.utter_message(response="utter_correction_unclear", buttons=topic_buttons(previous.related))
        return []

    def explain(self, dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic, shown: List[str]) -> Events:
        events: Events = [SlotSet("topic", topic.id)]
        if replies.intro_key(topic.id) in shown:  # told before: go on, never the intro again
            return events + go_on(dispatcher, tracker, topic, shown)
        events += remember(shown, replies.intro_key(topic.id))
        after = shown + [replies.intro_key(topic.id)]
        words = who(tracker)
        intro = replies.compose([topic.intro], topic.article, words, CONV)
        introduce_once(dispatcher, tracker)
        if conversation.asks_for_steps(CONV, latest_text(tracker)):  # "... wat kan ik doen?"
            send(dispatcher, intro)
            return events + give_steps(dispatcher, tracker, topic, after)
        buttons = next_buttons(topic, after)
        if not topic.question:
            intro[-1].buttons = buttons
        send(dispatcher, intro)
        if topic.question:  # one open question closes the answer, with what can come next
            dispatcher.utter_message(text=replies.personalise(topic.question, words), buttons=buttons)
        return events


class KnowledgeAnswer(Action, ABC):
    """An answer from the knowledge; "stap 2 snap ik niet" is caught first, whatever the NLU
    made of it (a follow-up, a question or unsure)."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Events:
        shown = seen(tracker)
        step = explain_step(dispatcher, tracker, shown)
        return step if step is not None else self.answer(dispatcher, tracker, shown)

    @abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, shown: List[str]) -> Events:
        """The answer when the message is not about a step; the events to return."""


class TopicFollowUp(KnowledgeAnswer):
    """A follow-up about the topic under discussion; without a topic, ask which one."""

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, shown: List[str]) -> Events:
        topic_id = tracker.get_slot("topic")
        if topic_id not in KNOWLEDGE.topics:
            ask_for_topic(dispatcher)
            return []
        return self.follow_up(KNOWLEDGE.topics[topic_id], dispatcher, tracker, shown)

    @abstractmethod
    def follow_up(self, topic: Topic, dispatcher: CollectingDispatcher, tracker: Tracker, shown: List[str]) -> Events:
        """Answer for this topic; the events to return."""


class ActionGiveSteps(TopicFollowUp):
    """ "Wat kan ik doen?": the next concrete steps for the topic under discussion."""

    def name(self) -> Text:
        return "action_give_steps"

    def follow_up(self, topic, dispatcher, tracker, shown):
        return give_steps(dispatcher, tracker, topic, shown)


class ActionTellMore(TopicFollowUp):
    """ "Vertel meer": the next part of the topic this user has not seen, never a repeat."""

    def name(self) -> Text:
        return "action_tell_more"

    def follow_up(self, topic, dispatcher, tracker, shown):
        return tell_more(dispatcher, tracker, topic, shown)


class ActionAnswerQuestion(KnowledgeAnswer):
    """A question intent, answered for the topic under discussion where there is one."""

    def name(self) -> Text:
        return "action_answer_question"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, shown: List[str]) -> Events:
        intent = latest_intent(tracker) or ""
        question = KNOWLEDGE.questions[intent]
        topic_id = tracker.get_slot("topic")
        entry = KNOWLEDGE.answer_entry(intent, topic_id)
        after = shown + [entry.id]
        if topic_id in KNOWLEDGE.topics:
            buttons = next_buttons(KNOWLEDGE.topics[topic_id], after)
        else:
            buttons = replies.follow_ups(CONV, [i for i in CONV.follow_ups if i not in (intent, "ask_what_to_do")])
        send_entry(dispatcher, tracker, entry, question.parts, [b for b in buttons if b["payload"] != f"/{intent}"])
        return remember(shown, entry.id)


class ActionClarify(KnowledgeAnswer):
    """The NLU is unsure: an answer to the bot's own question goes on with the topic; a free
    question the knowledge answers is answered; else offer the closest topics; if it stays
    unclear, say what I can do."""

    def name(self) -> Text:
        return "action_clarify"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, shown: List[str]) -> Events:
        topic_id = tracker.get_slot("topic")
        if topic_id in KNOWLEDGE.topics and answers_our_question(tracker, KNOWLEDGE.topics[topic_id]):
            return go_on(dispatcher, tracker, KNOWLEDGE.topics[topic_id], shown)
        found = search_answer(latest_text(tracker))
        if found is not None:  # a free question the knowledge answers
            parts = ["explanation", "background"] if found.part == replies.MAIN else [found.part]
            key = replies.seen_key(found.entry_id, found.part)
            buttons = next_buttons(KNOWLEDGE.topics[topic_id], shown + [key]) if topic_id in KNOWLEDGE.topics else []
            send_entry(dispatcher, tracker, KNOWLEDGE.entries[found.entry_id], parts, buttons)
            return remember(shown, key)
        user_turns = [e for e in tracker.events if e.get("event") == "user"]
        previous = user_turns[-2] if len(user_turns) > 1 else {}
        if (previous.get("parse_data") or {}).get("intent", {}).get("name") == "nlu_fallback":
            dispatcher.utter_message(response="utter_capabilities")
            return []
        ranking = tracker.latest_message.get("intent_ranking") or []
        closest = [r["name"] for r in ranking if r.get("name") in KNOWLEDGE.topics][:3]
        closest = closest or list(KNOWLEDGE.topics)[:3]
        dispatcher.utter_message(response="utter_clarify", buttons=topic_buttons(closest))
        return []


def answers_our_question(tracker: Tracker, topic: Topic) -> bool:
    """True when the bot's last message was the topic's open question (the user answers it)."""
    last_bot = next((e for e in reversed(tracker.events) if e.get("event") == "bot"), None)
    asked = replies.personalise(topic.question or "", who(tracker))
    return bool(last_bot and topic.question and last_bot.get("text") == asked)


class ActionDeny(Action):
    """ "nee" right after a topic answer corrects the bot; otherwise it is just a no."""

    def name(self) -> Text:
        return "action_deny"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Events:
        topic_id = tracker.get_slot("topic")
        if topic_id in KNOWLEDGE.topics and not answers_our_question(tracker, KNOWLEDGE.topics[topic_id]):
            dispatcher.utter_message(
                response="utter_correction_unclear", buttons=topic_buttons(KNOWLEDGE.topics[topic_id].related)
            )
            return [SlotSet("topic", None)]
        if topic_id in KNOWLEDGE.topics:  # "nee" answers the open question: go on
            return go_on(dispatcher, tracker, KNOWLEDGE.topics[topic_id], seen(tracker))
        dispatcher.utter_message(response="utter_deny")
        return []


class ActionOutOfScope(Action):
    """Not ours: where people in the Netherlands go with this subject, and the part that is
    ours if there is one; otherwise what the bot can do."""

    def name(self) -> Text:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Events:
        referral = conversation.referral(CONV, latest_text(tracker))
        if referral is None:
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response=referral.response, buttons=topic_buttons(referral.ours))
        return []
