""" "Vergeet mij": after the user confirmed, say so and ask the channel to delete the
conversation. The deletion itself happens in the channel (channels/common.py), after Rasa
has saved this turn; deleting from here would be undone by that save."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher

from service.privacy import FORGET_MARKER


class ActionForgetMe(Action):
    def name(self) -> Text:
        return "action_forget_me"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_forgotten")
        dispatcher.utter_message(json_message={FORGET_MARKER: True})
        return [Restarted()]
