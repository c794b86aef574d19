"""Replies to crisis messages and to what follows them.

The first crisis message of a kind gets the full helpline message; what comes after it in
the same conversation (a question about Veilig Thuis, not wanting to call, "het was maar één
keer") gets its own answer instead of the same block again (knowledge/conversation.yml:
safety_follow_ups picks which).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import CONV, latest_intent, latest_text, seen
from coach import conversation


def violence_only(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("concern_violence")) and not tracker.get_slot("concern_suicidal")


class ActionCrisisReply(Action):
    """A crisis intent: the helplines at once; told before, an answer to what is new."""

    def name(self) -> Text:
        return "action_crisis_reply"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kind = latest_intent(tracker) or "crisis_other"
        shown, key = seen(tracker), f"crisis:{kind}"
        if key not in shown:
            dispatcher.utter_message(response=f"utter_{kind}")
            return [SlotSet("seen", shown + [key])]
        follow_up = conversation.safety_follow_up(CONV, latest_text(tracker), violence_only(tracker))
        dispatcher.utter_message(response=follow_up or f"utter_{kind}_again")
        return []


class ActionSafetyFollowUp(Action):
    """Questions about the helplines and downplaying what happened: a calm, factual answer."""

    def name(self) -> Text:
        return "action_safety_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        default = CONV.safety_defaults[latest_intent(tracker) or "ask_helpline"]
        response = conversation.safety_follow_up(CONV, latest_text(tracker), violence_only(tracker), default)
        dispatcher.utter_message(response=response)
        return []
