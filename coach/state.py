"""The conversation's state: one typed object, stored in the `session` slot.

Why one object: what the coach knows about a conversation (where the session is, the topic
and the other themes heard, whose behaviour it is about, the risk, what was already said and
which question the bot is waiting on) decides every reply together. Spread over loose slots
and string keys it went out of step; here it is read once per message, changed by the coach
(coach/session.py) and written back once.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Dict, List, Literal, Optional, get_args

# Where the session is: listening (nothing heard yet), exploring (choosing what to talk
# about), understanding (a topic explained), acting (steps or a thing to try given), closing.
Stage = Literal["listening", "exploring", "understanding", "acting", "closing"]
# Whose behaviour the conversation is about: the user's own, or the other person's (the
# partner, an ex, a date).
Perspective = Literal["self", "partner", "ex", "date"]
# What the user told about their safety. "suicidal"/"violence"/"other": told and not
# cleared; "low": thoughts of death denied after the direct question, still looked after;
# "none": nothing told, or the user corrected a misunderstanding.
Risk = Literal["none", "low", "suicidal", "violence", "other"]
STAGES, PERSPECTIVES, RISKS = get_args(Stage), get_args(Perspective), get_args(Risk)


@dataclass
class Question:
    """The question the bot last asked and the answer it expects.

    kind: choose_theme, check_topic, open_question, how_went, suicidal_thoughts,
    someone_near, how_long, safe_now, safety_plan; options: the intents offered."""

    kind: str
    options: List[str] = field(default_factory=list)
    topic: Optional[str] = None


@dataclass
class SessionState:
    stage: Stage = "listening"
    topic: Optional[str] = None
    themes: List[str] = field(default_factory=list)
    perspective: Optional[Perspective] = None
    relationship: Optional[str] = None
    persoon: Optional[str] = None
    risk: Risk = "none"
    # kinds of crisis the user told about in this conversation (never forgotten: steps that
    # confront the partner stay out after violence even when the talk moves on)
    told: List[str] = field(default_factory=list)
    reminded: bool = False
    # what was shown: knowledge keys (coach/replies.py) and response names
    shown: List[str] = field(default_factory=list)
    # short hashes of every text sent: no bot message twice in one conversation
    sent: List[str] = field(default_factory=list)
    asked: Optional[Question] = None
    # what the user asked to try (a knowledge key), recalled at goodbye and asked about when
    # they come back; dropped when they push back on it right away
    plan: Optional[str] = None
    plan_turn: int = 0
    last_seen: Optional[float] = None
    turns: int = 0
    # the topic is the user's own choice (a button, an answer to a check): not checked again
    confirmed: bool = False
    # the turn of the last check ("gaat het vooral over ...?"): never one check after another
    checked: int = 0
    # the user asked for shorter answers: from then on the first paragraph, fewer bubbles
    brief: bool = False
    # kinds of suggestion the user turned down (conversation.yml: suggestions): never again
    refused: List[str] = field(default_factory=list)
    # an exercise left with a goodbye, its answers kept: offered again when they come back
    paused: Optional[str] = None
    # topics the user said it is not about: heard again only from a very sure NLU or a button
    ruled_out: List[str] = field(default_factory=list)
    # the turn whose reply last gave Veilig Thuis's number (conversation.yml: repeated_number)
    number_turn: int = 0
    # changes in the user's life they told about (conversation.yml: life_changes): the reason
    # for the distance from then on, not the general one
    changes: List[str] = field(default_factory=list)
    # the turn whose reply pointed to a subject that is not ours (a death, an affair), and
    # the subjects whose pointer the user said was a misreading: never pointed to again
    pointer_turn: int = 0
    withdrawn: List[str] = field(default_factory=list)
    # the user wants to be heard, not advised: listened to until they ask something
    listening: bool = False
    # the turn whose reply last had a bubble that is only a thanks (Coach.without_recent_thanks)
    thanked_turn: int = 0

    @classmethod
    def from_slot(cls, value: Any) -> "SessionState":
        """The state stored in the slot; a missing or foreign value starts fresh."""
        if not isinstance(value, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in value.items() if k in known}
        asked = data.get("asked")
        try:
            data["asked"] = Question(**asked) if isinstance(asked, dict) else None
            state = cls(**data)
        except TypeError:
            return cls()
        typed = all(
            isinstance(v, list)
            for v in (
                state.shown,
                state.sent,
                state.told,
                state.refused,
                state.ruled_out,
                state.changes,
                state.withdrawn,
            )
        )
        known_values = state.stage in STAGES and state.risk in RISKS and state.perspective in (None, *PERSPECTIVES)
        if not typed or not known_values or (state.asked is not None and not isinstance(state.asked.kind, str)):
            return cls()
        return state

    def to_slot(self) -> Dict[str, Any]:
        return asdict(self)

    def saw(self, key: str) -> bool:
        return key in self.shown

    def mark(self, *keys: str) -> None:
        self.shown.extend(k for k in keys if k not in self.shown)

    def was_sent(self, text: str) -> bool:
        return text_key(text) in self.sent

    def record(self, text: str) -> None:
        self.sent.append(text_key(text))

    @property
    def violence(self) -> bool:
        return "violence" in self.told

    @property
    def in_crisis(self) -> bool:
        return self.risk in ("suicidal", "violence", "other")


def text_key(text: str) -> str:
    """A short fingerprint of a bot message (the text itself is not kept twice)."""
    return hashlib.sha1(" ".join(text.split()).lower().encode()).hexdigest()[:10]
