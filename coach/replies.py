"""Pure text building: chat-sized Dutch messages from knowledge entries.

Every answer ends with "Bron: <article>", uses "je vriend"/"je vrouw"/... where the user
named their partner, and is split into messages of at most MAX_CHARS characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from coach.knowledge import Article, Entry, Knowledge, Topic

MAX_CHARS = 600
DEFAULT_PARTNER = "partner"
# canonical `persoon` values that can stand in for "je partner" in a reply
PARTNER_WORDS = {"man", "vrouw", "vriend", "vriendin", "partner", "lief", "ex", "date"}
FIRST_CONTACT_NOTE = (
    "Even vooraf: ik ben een chatbot, geen therapeut. Ik geef uitleg en stappen uit artikelen "
    "over emotionele onbereikbaarheid en stel geen diagnoses."
)
PART_HEADINGS = {
    "signs": ("Signalen om op te letten:", "Signaal"),
    "steps": ("Wat je deze week kunt doen:", "Stap"),
    "reflection": ("Vragen om over na te denken:", "Vraag"),
}
# a markdown hard line break: a new line in the web widget, plain in REST and Telegram
LINE_BREAK = "  \n"


@dataclass
class Reply:
    """One chat message; buttons go with the last message of an answer."""

    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def button(title: str, payload: str) -> Dict[str, str]:
    return {"title": title, "payload": payload}


FOLLOW_UPS = [
    button("Wat kan ik doen?", "/ask_what_to_do"),
    button("Vertel meer", "/request_more"),
    button("Waar komt dit vandaan?", "/ask_causes"),
]


def partner_phrase(persoon: Optional[str]) -> str:
    word = (persoon or "").strip().lower()
    return f"je {word if word in PARTNER_WORDS else DEFAULT_PARTNER}"


def personalise(text: str, persoon: Optional[str]) -> str:
    phrase = partner_phrase(persoon)
    return text.replace("{partner}", phrase).replace("{Partner}", phrase[0].upper() + phrase[1:])


def split_message(text: str, limit: int = MAX_CHARS) -> List[str]:
    """Split on paragraph, then line or sentence, then word boundaries so no message exceeds
    limit; pieces that fit together share a message and keep their separators."""
    chunks: List[str] = []
    for paragraph in [p.strip() for p in text.split("\n\n") if p.strip()]:
        # lines and sentence ends, but not the "6." of a number
        parts = re.split(r"(\s*\n\s*|(?<=[^\d\s][.!?])\s+)", paragraph) if len(paragraph) > limit else [paragraph]
        joiners = ["\n\n"] + [LINE_BREAK if "\n" in sep else sep for sep in parts[1::2]]
        for piece, joiner in zip(parts[::2], joiners):
            while len(piece) > limit:
                cut = piece.rfind(" ", 0, limit)
                cut = cut if cut > 0 else limit
                _append(chunks, piece[:cut].strip(), limit, joiner)
                piece, joiner = piece[cut:].strip(), " "
            _append(chunks, piece, limit, joiner)
    return chunks


def _append(chunks: List[str], piece: str, limit: int, joiner: str) -> None:
    if chunks and len(chunks[-1]) + len(joiner) + len(piece) <= limit:
        chunks[-1] = chunks[-1] + joiner + piece
    else:
        chunks.append(piece)


def numbered(items: Sequence[str], label: str) -> str:
    """One line per item, as "Stap 1: ...". Not "1." (markdown would turn it into a list
    and the web widget drops the numbers), and joined by LINE_BREAK, not a blank line (the
    socket.io channel turns every blank line into a separate chat bubble)."""
    return LINE_BREAK.join(f"{label} {i}: {item}" for i, item in enumerate(items, 1))


def render_part(entry: Entry, part: str) -> str:
    value = entry.part(part) or entry.background
    if isinstance(value, str):
        return value
    if part in PART_HEADINGS and entry.part(part):
        heading, label = PART_HEADINGS[part]
        return heading + LINE_BREAK + numbered(value, label)
    return "\n\n".join(value)


def source_line(article: Article) -> str:
    return f"Bron: {article.title}"


def compose(
    paragraphs: Iterable[str],
    article: Article,
    persoon: Optional[str],
    buttons: Optional[List[Dict[str, str]]] = None,
    first_contact: bool = False,
) -> List[Reply]:
    """Turn paragraphs into chat messages ending with the source line and the buttons."""
    body = "\n\n".join(personalise(p, persoon) for p in paragraphs)
    if first_contact:
        body = FIRST_CONTACT_NOTE + "\n\n" + body
    messages = [Reply(text) for text in split_message(body + "\n\n" + source_line(article))]
    messages[-1].buttons = list(buttons or [])
    return messages


def topic_intro(topic: Topic, persoon: Optional[str], first_contact: bool = False) -> List[Reply]:
    return compose([topic.intro], topic.article, persoon, FOLLOW_UPS, first_contact)


def entry_text(
    entry: Entry,
    parts: Sequence[str],
    persoon: Optional[str],
    buttons: Optional[List[Dict[str, str]]] = None,
    first_contact: bool = False,
) -> List[Reply]:
    paragraphs = [render_part(entry, part) for part in parts]
    return compose(paragraphs, entry.article, persoon, buttons, first_contact)


def topic_buttons(knowledge: Knowledge, topic_ids: Iterable[str]) -> List[Dict[str, str]]:
    return [button(knowledge.topics[t].label, f"/{t}") for t in topic_ids]


# "Vertel meer" walks, per topic, every entry of its path and then the topic's steps entry:
# first the explanation and background, then signs, steps and reflection questions where the
# entry has them. "seen" keys: the entry id for its explanation, "<part>:<id>" for the rest.
MORE_PARTS = ("signs", "steps", "reflection")
MAIN = "main"


def seen_key(entry_id: str, part: str) -> str:
    return entry_id if part == MAIN else f"{part}:{entry_id}"


def more_sequence(topic: Topic, knowledge: Knowledge) -> List[Tuple[str, str]]:
    """Everything "vertel meer" can show for a topic, in order, as (entry id, part)."""
    items: List[Tuple[str, str]] = []
    for entry_id in dict.fromkeys([*topic.path, topic.steps]):
        entry = knowledge.entries[entry_id]
        items.append((entry_id, MAIN))
        items += [(entry_id, part) for part in MORE_PARTS if entry.part(part)]
    return items


def next_more(topic: Topic, knowledge: Knowledge, seen: Iterable[str]) -> Optional[Tuple[str, str]]:
    """The first part of the topic's sequence this user has not been shown yet."""
    shown = set(seen)
    return next((item for item in more_sequence(topic, knowledge) if seen_key(*item) not in shown), None)


def steps_entry(topic: Topic, knowledge: Knowledge, seen: Sequence[str]) -> str:
    """ "Wat kan ik doen?": the steps of the entry under discussion (the last one explained)
    if they were not shown yet, else the topic's own steps, else the next unseen steps of the
    path; when everything was shown, the topic's steps again (the user asked again)."""
    last = next((key for key in reversed(seen) if ":" not in key and key in knowledge.entries), None)
    for entry_id in dict.fromkeys([*([last] if last else []), topic.steps, *topic.path]):
        if knowledge.entries[entry_id].steps and seen_key(entry_id, "steps") not in seen:
            return entry_id
    return topic.steps


def reachable(knowledge: Knowledge) -> Set[Tuple[str, str]]:
    """Every (entry id, part) a conversation can show: the topics' sequences, the answers to
    question intents and the exercises' closing steps."""
    found: Set[Tuple[str, str]] = set()

    def add(entry_id: str, parts: Iterable[str]) -> None:
        for part in parts:
            found.update([(entry_id, "explanation"), (entry_id, "background")] if part == MAIN else [(entry_id, part)])

    for topic in knowledge.topics.values():
        for entry_id, part in more_sequence(topic, knowledge):
            add(entry_id, [part])
        for question_intent, entry_id in topic.answers.items():
            add(entry_id, knowledge.questions[question_intent].parts)
    for question in knowledge.questions.values():
        add(question.entry, question.parts)
    for spec in knowledge.exercises.values():
        add(spec["steps_from"], ["steps"])
    return found
