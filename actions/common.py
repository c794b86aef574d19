"""What every action shares: the knowledge base (loaded and validated once, at start-up)
and small tracker helpers."""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from coach.knowledge import Entry, load_knowledge
from coach import replies, search
from coach.embeddings import embed
from coach.replies import Reply
from service.settings import load

# Loaded when the action server imports this package: an invalid knowledge file stops the
# server with a KnowledgeError naming the file and the entry.
KNOWLEDGE = load_knowledge(load().knowledge_dir)
# Every sentence of the knowledge, embedded once at start-up (a few seconds) for the search
# that answers free questions (coach/search.py).
SEARCH = search.build(KNOWLEDGE, lambda texts: embed(texts, passage=True))


def send(dispatcher: CollectingDispatcher, replies: Iterable[Reply]) -> None:
    for reply in replies:
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)


def send_entry(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    entry: Entry,
    parts: Sequence[str],
    buttons: Optional[List[dict]] = None,
) -> None:
    """An entry's parts, for this user. After the user told about violence, steps that ask
    them to confront the partner, hold back or not give in are replaced by a safety note."""
    unsafe = bool(tracker.get_slot("concern_violence")) and entry.confronts_partner
    shown = [p for p in parts if not (unsafe and p == "steps")] or ["explanation"]
    send(
        dispatcher,
        replies.entry_text(
            entry, shown, tracker.get_slot("persoon"), None if unsafe else buttons, first_contact(tracker)
        ),
    )
    if unsafe and "steps" in parts:
        dispatcher.utter_message(response="utter_safety_instead_of_steps")


def search_answer(text: str) -> Optional[search.Passage]:
    """The knowledge passage that answers a free question, if one scores high enough."""
    if not text or text.startswith("/"):
        return None
    hit = search.best(SEARCH, embed([text])[0], text, load().search_min_score)
    return hit[0] if hit else None


def first_contact(tracker: Tracker) -> bool:
    """True while the bot has not said anything yet in this conversation."""
    return not any(e.get("event") == "bot" for e in tracker.events)


def seen(tracker: Tracker) -> List[str]:
    return list(tracker.get_slot("seen") or [])


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")
