"""Pure text building: chat-sized Dutch messages from knowledge entries.

Every answer ends with the article it is based on, names the other person the way the user
did ("je vriend", "je ex", "iemand die je leuk vindt"), and is split into messages of at most
MAX_CHARS characters. The words around the articles' content come from conversation.yml.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from coach.conversation import Conversation, makes_refused
from coach.knowledge import Article, Entry, Knowledge, Topic

MAX_CHARS = 1000
# a markdown hard line break: a new line in the web widget, plain in REST and Telegram
LINE_BREAK = "  \n"


@dataclass
class Reply:
    """One chat message; buttons go with the last message of an answer."""

    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def button(title: str, payload: str) -> Dict[str, str]:
    return {"title": title, "payload": payload}


def follow_ups(conv: Conversation, intents: Iterable[str], steps_given: bool = False) -> List[Dict[str, str]]:
    """Buttons for these follow-up intents, titled from conversation.yml; once steps were
    given, the steps button says it brings other ones."""
    titles = {**conv.follow_ups, **({"ask_what_to_do": conv.more_steps_title} if steps_given else {})}
    return [button(titles[i], f"/{i}") for i in intents]


def in_turn(responses: Mapping[str, Sequence[Mapping[str, str]]], name: str, turn: int) -> str:
    """A domain response's text, its variations taken in turn (not at random as Rasa does),
    so a line said on every answer or every exercise question changes its wording."""
    variations = responses[name]
    return variations[turn % len(variations)]["text"]


def render(template: str, values: Mapping[str, object]) -> str:
    """Fill the {name} placeholders given; others stay as they are."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)


def personalise(text: str, who: str) -> str:
    """Fill {partner} with how this user's other person is named ("je vriendin", "je ex")."""
    return text.replace("{partner}", who).replace("{Partner}", who[:1].upper() + who[1:])


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


def listed(items: Sequence[str]) -> str:
    """ "a, b en c": the items in one Dutch phrase."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def numbered(items: Sequence[str], label: str) -> str:
    """One line per item, as "Stap 1: ...". Not "1." (markdown would turn it into a list
    and the web widget drops the numbers), and joined by LINE_BREAK, not a blank line (the
    socket.io channel turns every blank line into a separate chat bubble)."""
    return LINE_BREAK.join(f"{label} {i}: {item}" for i, item in enumerate(items, 1))


def render_part(entry: Entry, part: str, conv: Conversation, skip: Sequence[str] = ()) -> str:
    """One part of an entry as text; list items containing any of `skip` are left out (the
    step that suggests an exercise the user just did)."""
    value = entry.part(part) or entry.background
    if isinstance(value, str):
        return value
    if part in conv.headings and entry.part(part):
        heading, label = conv.headings[part]
        items = [v for v in value if not any(s.lower() in v.lower() for s in skip)] or list(value)
        return heading + LINE_BREAK + numbered(items, label)
    return "\n\n".join(value)


def compose(
    paragraphs: Iterable[str],
    article: Article,
    who: str,
    conv: Conversation,
    buttons: Optional[List[Dict[str, str]]] = None,
) -> List[Reply]:
    """Turn paragraphs into chat messages ending with the source line and the buttons."""
    body = "\n\n".join(personalise(p, who) for p in paragraphs)
    # the source closes the last paragraph on a line of its own, not as a bubble of its own
    # (channels split on blank lines, and a bare source line would repeat word for word)
    source = f"{conv.source_prefix} {article.title}"
    messages = [Reply(text) for text in split_message(body + LINE_BREAK + source)]
    messages[-1].buttons = list(buttons or [])
    return messages


def entry_text(
    entry: Entry,
    parts: Sequence[str],
    who: str,
    conv: Conversation,
    buttons: Optional[List[Dict[str, str]]] = None,
    skip: Sequence[str] = (),
) -> List[Reply]:
    paragraphs = [render_part(entry, part, conv, skip) for part in parts]
    return compose(paragraphs, entry.article, who, conv, buttons)


def without_refused(entry: Entry, conv: Conversation, refused: Sequence[str]) -> Entry:
    """The entry without the steps that make a suggestion the user turned down ("ik schrijf
    niet"), numbered anew; all of them turned down, the entry as it is."""
    steps = tuple(s for s in entry.steps if not makes_refused(conv, s, refused))
    return dataclasses.replace(entry, steps=steps) if steps and steps != entry.steps else entry


# after violence, the parts of an entry that confronts the partner which are not sent: its steps
# and its questions about the user's own part
UNSAFE_PARTS = ("steps", "reflection")


def hidden_parts(entry: Entry, violence: bool) -> Tuple[str, ...]:
    """The parts of an entry not sent after violence: no steps at all (even "begin a small
    ritual" is a move towards the partner), and of an entry that confronts the partner also
    its questions about the user's own part."""
    if not violence:
        return ()
    return UNSAFE_PARTS if entry.confronts_partner else ("steps",)


def safe_entry_text(
    entry: Entry,
    parts: Sequence[str],
    violence: bool,
    who: str,
    conv: Conversation,
    buttons: Optional[List[Dict[str, str]]] = None,
    skip: Sequence[str] = (),
) -> Tuple[List[Reply], bool]:
    """An entry's parts for this user, and whether the safety note must take the place of some:
    after the user told about violence, steps are left out, and of an entry that has them
    confront the partner also its questions about their own part and its buttons."""
    unsafe = violence and entry.confronts_partner
    hidden = hidden_parts(entry, violence)
    shown = [p for p in parts if p not in hidden] or ["explanation"]
    withheld = any(p in hidden for p in parts)
    return entry_text(entry, shown, who, conv, None if unsafe else buttons, skip), withheld


# "Vertel meer" walks, per topic, every entry of its path and then the topic's steps entry:
# first the explanation and background, then signs, steps and reflection questions where the
# entry has them. "seen" keys: the entry id for its explanation, "<part>:<id>" for the rest.
MORE_PARTS = ("signs", "steps", "reflection")
MAIN = "main"


def seen_key(entry_id: str, part: str) -> str:
    return entry_id if part == MAIN else f"{part}:{entry_id}"


def intro_key(topic_id: str) -> str:
    return f"intro:{topic_id}"


def reversed_key(topic_id: str) -> str:
    return f"reversed:{topic_id}"


def exercise_key(name: str) -> str:
    return f"exercise:{name}"


def more_sequence(topic: Topic, knowledge: Knowledge) -> List[Tuple[str, str]]:
    """Everything "vertel meer" can show for a topic, in order, as (entry id, part)."""
    items: List[Tuple[str, str]] = []
    for entry_id in dict.fromkeys([*topic.path, topic.steps]):
        entry = knowledge.entries[entry_id]
        items.append((entry_id, MAIN))
        items += [(entry_id, part) for part in MORE_PARTS if entry.part(part)]
    return items


def next_more(
    topic: Topic, knowledge: Knowledge, seen: Iterable[str], violence: bool = False
) -> Optional[Tuple[str, str]]:
    """The first part of the topic's sequence this user has not been shown yet; after violence
    the parts that would be held back are passed over, so "vertel meer" never runs into a
    refusal the user did not ask for."""
    shown = set(seen)
    return next(
        (
            (entry_id, part)
            for entry_id, part in more_sequence(topic, knowledge)
            if seen_key(entry_id, part) not in shown and part not in hidden_parts(knowledge.entries[entry_id], violence)
        ),
        None,
    )


def steps_entry(topic: Topic, knowledge: Knowledge, seen: Sequence[str]) -> str:
    """ "Wat kan ik doen?": the steps of the entry under discussion (the last one explained)
    if they were not shown yet, else the topic's own steps, else the next unseen steps of the
    path; when everything was shown, the topic's steps again (the user asked again)."""
    last = next((key for key in reversed(seen) if ":" not in key and key in knowledge.entries), None)
    for entry_id in dict.fromkeys([*([last] if last else []), topic.steps, *topic.path]):
        if knowledge.entries[entry_id].steps and seen_key(entry_id, "steps") not in seen:
            return entry_id
    return topic.steps


def all_steps_shown(topic: Topic, knowledge: Knowledge, seen: Sequence[str]) -> bool:
    return seen_key(steps_entry(topic, knowledge, seen), "steps") in seen


def fresh_follow_ups(topic: Topic, knowledge: Knowledge, seen: Sequence[str]) -> List[str]:
    """The follow-up intents that would show something new: no "Wat kan ik doen?" once every
    step was given, no "Vertel meer" when the topic is told, no causes already explained."""
    intents = []
    if not all_steps_shown(topic, knowledge, seen):
        intents.append("ask_what_to_do")
    if next_more(topic, knowledge, seen) is not None:
        intents.append("request_more")
    causes = knowledge.answer_entry("ask_causes", topic.id)
    if causes.id not in seen and seen_key(causes.id, "background") not in seen:
        intents.append("ask_causes")
    return intents


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
