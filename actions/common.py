"""What every action shares: the knowledge base (loaded and validated once, at start-up)
and small tracker helpers."""
from __future__ import annotations

from typing import Iterable, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from coach.knowledge import load_knowledge
from coach.replies import Reply
from coach.settings import load

# Loaded when the action server imports this package: an invalid knowledge file stops the
# server with a KnowledgeError naming the file and the entry.
KNOWLEDGE = load_knowledge(load().knowledge_dir)


def send(dispatcher: CollectingDispatcher, replies: Iterable[Reply]) -> None:
    for reply in replies:
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)


def first_contact(tracker: Tracker) -> bool:
    """True while the bot has not said anything yet in this conversation."""
    return not any(e.get("event") == "bot" for e in tracker.events)


def seen(tracker: Tracker) -> List[str]:
    return list(tracker.get_slot("seen") or [])


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")
