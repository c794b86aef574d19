"""The one action that answers a message in a coaching session: reads the state, asks the
coach (coach/session.py), sends what it says and stores the new state."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.common import CONV, NLU_VECTOR, coach, nlu_vector, save, state
from coach import conversation
from coach.session import Coach, Turn


def turn_of(tracker: Tracker, long_words: int) -> Turn:
    """The latest user message as the coach reads it (a message over `long_words` is a letter)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = message.get("intent") or {}
    ranking = tuple((r.get("name", ""), float(r.get("confidence") or 0.0)) for r in message.get("intent_ranking") or [])
    when = next((e.get("timestamp") or 0.0 for e in reversed(tracker.events) if e.get("event") == "user"), 0.0)
    return Turn(
        intent=intent.get("name") or "nlu_fallback",
        confidence=float(intent.get("confidence") or 0.0),
        ranking=ranking,
        text=message.get("text") or "",
        persoon=conversation.other_person(CONV, text, message.get("entities") or [], len(text.split()) > long_words),
        time=float(when),
        channel=tracker.get_latest_input_channel() or "",
    )


class ActionCoach(Action):
    def __init__(self, the_coach: Optional[Coach] = None) -> None:
        self.coach = the_coach or coach()

    def name(self) -> Text:
        return "action_coach"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        NLU_VECTOR.update(nlu_vector(tracker))
        try:
            outcome = self.coach.respond(state(tracker), turn_of(tracker, self.coach.limits.long_words))
        finally:
            NLU_VECTOR.clear()
        for message in outcome.messages:
            dispatcher.utter_message(text=message.text, buttons=message.buttons or None)
        # "ja verder" to going on with a paused exercise: its form runs next and asks where they were
        return [save(outcome.state)] + ([FollowupAction(outcome.follow)] if outcome.follow else [])
