"""What a coach needs per topic to answer the kind of question asked (knowledge/coaching.yml):
a literal sentence to say, one thing to do right now, why, what if it gets stuck, whether it
is normal, the gist for "kan het korter?", how to check understanding and how to name the
theme in a reflection.

Why apart from topics.yml: these answer the form of a question ("wat zeg ik letterlijk?",
"wat doe ik nu?"), not its subject; one topic has one of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Optional, Tuple

import yaml

from coach.knowledge import validate

COACHING_FILE = "coaching.yml"
# the question kinds, the intent that asks each, and the line for "asked again"
KINDS = ("say", "now", "why", "if_stuck", "normal", "weigh")

_TEXT = {"type": "string", "minLength": 10}
TOPIC_SCHEMA = {
    "type": "object",
    "required": [
        "source",
        "theme",
        "say",
        "say_intro",
        "now",
        "why",
        "if_stuck",
        "normal",
        "weigh",
        "check",
        "option",
        "gist",
    ],
    "additionalProperties": False,
    "properties": {
        "source": {"type": "string"},
        "theme": {"type": "string", "minLength": 5},
        "say": {"type": "array", "items": _TEXT, "minItems": 1, "maxItems": 4},
        "say_intro": {"type": "string", "minLength": 5},
        "now": {
            "type": "object",
            "required": ["text", "own"],
            "additionalProperties": False,
            "properties": {"text": _TEXT, "own": {"type": "boolean"}},
        },
        "why": _TEXT,
        "weigh": {
            "type": "object",
            "required": ["text", "lean"],
            "additionalProperties": False,
            "properties": {"text": _TEXT, "lean": _TEXT},
        },
        "if_stuck": _TEXT,
        "for_you": _TEXT,
        "normal": _TEXT,
        "check": _TEXT,
        "option": {"type": "string", "minLength": 3, "maxLength": 40},
        "gist": _TEXT,
        "say_other": {
            "type": "object",
            "required": ["intro", "lines"],
            "additionalProperties": False,
            "properties": {
                "intro": {"type": "string", "minLength": 5},
                "lines": {"type": "array", "items": _TEXT, "minItems": 1, "maxItems": 4},
            },
        },
    },
}
SCHEMA = {
    "type": "object",
    "required": ["topics", "questions"],
    "properties": {
        "topics": {"type": "object", "additionalProperties": TOPIC_SCHEMA},
        "questions": {
            "type": "object",
            "required": [f"{k}_again" for k in KINDS],
            "additionalProperties": {"type": "string", "minLength": 10},
        },
    },
}


@dataclass(frozen=True)
class TopicCoaching:
    source: str
    theme: str
    say: Tuple[str, ...]
    say_intro: str
    now: str
    now_own: bool
    why: str
    if_stuck: str
    normal: str
    # "moet ik hem nog een keer appen?": how the article helps weigh a plan, and a clear leaning
    weigh: Tuple[str, str]
    # "en ik dan?": the user's own side of it
    for_you: str
    check: str
    option: str
    gist: str
    # where `say` is what to tell yourself: what to say to the other person, asked for next
    say_other: Optional[Tuple[str, Tuple[str, ...]]] = None

    def paragraph(self, kind: str) -> str:
        """The answer of a kind that is one paragraph: why, if_stuck or normal."""
        return {"why": self.why, "if_stuck": self.if_stuck, "normal": self.normal}[kind]


@dataclass(frozen=True)
class Coaching:
    topics: Dict[str, TopicCoaching]
    again: Dict[str, str]


class CoachingError(ValueError):
    """coaching.yml is invalid; the message names the topic and the field."""


def load_coaching(path: Path, topic_ids: Iterable[str], articles: Iterable[str]) -> Coaching:
    """Read and check coaching.yml: every topic of topics.yml has its entry, based on a known
    article."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate(raw, SCHEMA, path.name, CoachingError)
    missing = sorted(set(topic_ids) - set(raw["topics"]))
    if missing:
        raise CoachingError(f"{path.name}: no entry for topic(s) {', '.join(missing)}")
    known = set(articles)
    topics = {}
    for topic_id, spec in raw["topics"].items():
        if spec["source"] not in known:
            raise CoachingError(f"{path.name}, topic {topic_id}: unknown source article '{spec['source']}'")
        topics[topic_id] = TopicCoaching(
            source=spec["source"],
            theme=spec["theme"],
            say=tuple(spec["say"]),
            say_intro=spec["say_intro"],
            now=spec["now"]["text"],
            now_own=spec["now"]["own"],
            why=spec["why"],
            if_stuck=spec["if_stuck"],
            normal=spec["normal"],
            weigh=(spec["weigh"]["text"], spec["weigh"]["lean"]),
            for_you=spec["for_you"],
            check=spec["check"],
            option=spec["option"],
            gist=spec["gist"],
            say_other=(spec["say_other"]["intro"], tuple(spec["say_other"]["lines"])) if "say_other" in spec else None,
        )
    return Coaching(topics=topics, again={k: raw["questions"][f"{k}_again"] for k in KINDS})
