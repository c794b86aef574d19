"""Load and validate the knowledge base (`knowledge/*.yml`).

Why a schema: a typo in a knowledge file must stop the action server at start-up with a
message naming the file and the entry, not break a conversation halfway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple, Type

import jsonschema
import yaml

from coach.conversation import Conversation, compile_conversation

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
TOPICS_FILE = "topics.yml"
EXERCISES_FILE = "exercises.yml"
CONVERSATION_FILE = "conversation.yml"
SERVICES_FILE = "services.yml"
# not articles: the topic map, the exercises, the conversation, the coaching per topic
# (coach/coaching.py), the answers to questions asked in a session (coach/answers.py) and the
# services' facts
NOT_ARTICLES = (TOPICS_FILE, EXERCISES_FILE, CONVERSATION_FILE, "coaching.yml", "answers.yml", SERVICES_FILE)
PARTS = ("explanation", "background", "signs", "steps", "reflection")

_TEXT = {"type": "string", "minLength": 20}
_TEXTS = {"type": "array", "items": _TEXT, "minItems": 1}
ENTRY_SCHEMA = {
    "type": "object",
    "required": ["id", "covers", "name", "explanation", "background", "steps", "related"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z]+_[a-z_]+$"},
        "covers": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1},
        "name": {"type": "string", "minLength": 3},
        "explanation": _TEXT,
        "background": _TEXTS,
        "signs": _TEXTS,
        "steps": _TEXTS,
        "reflection": _TEXTS,
        # its steps ask the user to act towards the partner (name behaviour, hold back, not
        # give in): left out once the user told about violence
        "confronts_partner": {"type": "boolean"},
        "related": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
}
ARTICLE_SCHEMA = {
    "type": "object",
    "required": ["article", "entries"],
    "additionalProperties": False,
    "properties": {
        "article": {
            "type": "object",
            "required": ["file", "title"],
            "additionalProperties": False,
            "properties": {"file": {"type": "string"}, "title": {"type": "string"}},
        },
        "entries": {"type": "array", "minItems": 1},
    },
}
TOPIC_SCHEMA = {
    "type": "object",
    "required": ["label", "source", "intro", "path", "steps", "answers", "related"],
    "additionalProperties": False,
    "properties": {
        "label": {"type": "string"},
        "source": {"type": "string"},
        "intro": _TEXT,
        "path": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "steps": {"type": "string"},
        "answers": {"type": "object", "additionalProperties": {"type": "string"}},
        "related": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        # the exercise offered with this topic (a key of exercises.yml)
        "exercise": {"type": "string"},
        # one open question asked after the intro, drawn from the article's own questions
        "question": _TEXT,
        # "nee, andersom": the topic for the other side, or this topic's intro told from it
        "opposite": {"type": "string"},
        "reversed_intro": _TEXT,
        # a topic about the user's own side: the topic that answers "waarom doen ZIJ dat?"
        # about the other people in it (conversation.yml: about_others)
        "others": {"type": "string"},
        # who the other person is when the user did not say (conversation.yml: who); a topic
        # about whom one falls for is about dates, not a partner
        "other_person": {"enum": ["partner", "ex", "date", "single"]},
    },
}


def _keyed_texts(keys: List[str]) -> dict:
    """Schema for a mapping with exactly these keys, each a text."""
    return {"type": "object", "required": keys, "additionalProperties": False, "properties": {k: _TEXT for k in keys}}


QUESTIONS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["slot", "answer", "text"],
        "additionalProperties": False,
        "properties": {
            "slot": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
            "answer": {"enum": ["yes_no", "side", "free"]},
            "text": _TEXT,
            # pattern exercise: which of the four patterns a yes points to
            "pattern": {"type": "string"},
        },
    },
}
_EXERCISE_COMMON = {
    "source": {"type": "string"},
    # the intent that starts it, the form that runs it, and its name as steps mention it
    "intent": {"type": "string"},
    "form": {"type": "string"},
    "name": {"type": "string"},
    "offer": {"type": "string"},
    "questions": QUESTIONS,
    "steps_from": {"type": "string"},
    # the topic under discussion once the exercise is done
    "topic_after": {"type": "string"},
}
_COMMON_REQUIRED = ["source", "intent", "form", "name", "offer", "questions", "steps_from", "topic_after"]


def _exercise(required: List[str], properties: dict) -> dict:
    return {
        "type": "object",
        "required": _COMMON_REQUIRED + required,
        "additionalProperties": False,
        "properties": {**_EXERCISE_COMMON, **properties},
    }


EXERCISE_SCHEMA = {
    "type": "object",
    "required": ["signs", "pattern", "reflection"],
    "additionalProperties": False,
    "properties": {
        "signs": _exercise(
            ["bands"],
            {
                # score bands: the first whose `up_to` is at least the score
                "bands": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["up_to", "text"],
                        "additionalProperties": False,
                        "properties": {"up_to": {"type": "number"}, "text": _TEXT},
                    },
                }
            },
        ),
        "pattern": _exercise(
            ["patterns", "none", "combination"],
            {
                "patterns": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {
                        "type": "object",
                        "required": ["name", "meaning"],
                        "additionalProperties": False,
                        "properties": {"name": {"type": "string"}, "meaning": _TEXT},
                    },
                },
                "none": _TEXT,
                "combination": _TEXT,
            },
        ),
        "reflection": _exercise(
            ["sides", "closing"],
            {
                "sides": {
                    "type": "object",
                    "required": ["vasthouden", "terugtrekken", "allebei"],
                    "additionalProperties": False,
                    "properties": {
                        k: {
                            "type": "object",
                            "required": ["text", "topic"],
                            "additionalProperties": False,
                            "properties": {"text": _TEXT, "topic": {"type": "string"}},
                        }
                        for k in ("vasthouden", "terugtrekken", "allebei")
                    },
                },
                "closing": _TEXT,
            },
        ),
    },
}
_PATTERNS = {"type": "array", "items": {"type": "string"}, "minItems": 1}
_GROUPS = {"type": "object", "minProperties": 1, "additionalProperties": _PATTERNS}
_UTTER = {"type": "string", "pattern": "^utter_"}  # the name of a domain response
_UTTERS = {"type": "object", "additionalProperties": _UTTER}  # names of domain responses by key
CONVERSATION_SCHEMA = {
    "type": "object",
    "required": [
        "follow_ups",
        "more_steps_title",
        "headings",
        "source_prefix",
        "who",
        "partner_words",
        "relationship_cues",
        "asks_for_steps",
        "help_reached",
        "says_safe",
        "closings",
        "step_question",
        "exercise_help_cues",
        "answer_buttons",
        "answer_openings",
        "self_description",
        "own_person",
        "not_the_person",
        "question_words",
        "question_form",
        "pauses",
        "control",
        "not_understood",
        "reported_speech",
        "plan_question",
        "choice_question",
        "not_plans",
        "help_plans",
        "side_words",
        "repeated_number",
        "about_others",
        "own_past",
        "stop_exercise",
        "asks_address",
        "draft_review",
        "feelings",
        "wants_to_vent",
        "wants_to_tell",
        "says_fine",
        "only_thanks",
        "question_forms",
        "topic_names",
        "meant_instead",
        "normal_about_others",
        "someone_else",
        "past_violence",
        "violence_denial",
        "exercise_return",
        "option_number",
        "option_words",
        "suggestions",
        "refusal_words",
        "refusal_window",
        "refusal_pointer",
        "referrals",
        "life_changes",
        "safety_follow_ups",
        "safety_defaults",
        "after_violence",
        "after_suicidal",
        "session",
    ],
    "additionalProperties": False,
    "properties": {
        "follow_ups": {"type": "object", "additionalProperties": {"type": "string"}},
        "more_steps_title": {"type": "string"},
        "headings": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["heading", "label"],
                "additionalProperties": False,
                "properties": {"heading": {"type": "string"}, "label": {"type": "string"}},
            },
        },
        "source_prefix": {"type": "string"},
        "who": {
            "type": "object",
            "required": ["partner", "ex", "date", "single"],
            "additionalProperties": False,
            "properties": {k: {"type": "string"} for k in ("partner", "ex", "date", "single")},
        },
        "partner_words": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "relationship_cues": _GROUPS,
        "asks_for_steps": _PATTERNS,
        "help_reached": _PATTERNS,
        "says_safe": _PATTERNS,
        "closings": {
            "type": "object",
            "required": ["goodbye", "thank"],
            "additionalProperties": False,
            "properties": {"forget_me": _PATTERNS, "goodbye": _PATTERNS, "thank": _PATTERNS},
        },
        "step_question": {"type": "string"},
        "exercise_help_cues": _PATTERNS,
        "after_suicidal": {"type": "object", "additionalProperties": {"type": "string"}},
        # the coaching session's own buttons and lines (coach/session.py)
        "session": {
            "type": "object",
            "required": ["titles", "kinds", "own_advice"],
            "additionalProperties": False,
            "properties": {
                "titles": {"type": "object", "required": ["yes", "else"], "additionalProperties": {"type": "string"}},
                "kinds": {
                    "type": "object",
                    "required": ["say", "now", "why", "if_stuck", "normal"],
                    "additionalProperties": {"type": "string"},
                },
                "own_advice": {"type": "string"},
            },
        },
        "self_description": {"type": "string"},
        "own_person": {"type": "string"},
        "not_the_person": {
            "type": "object",
            "required": ["before", "after"],
            "additionalProperties": False,
            "properties": {"before": {"type": "string"}, "after": {"type": "string"}},
        },
        "suggestions": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["named", "offered", "heard"],
                "additionalProperties": False,
                "properties": {k: {"type": "string", "minLength": 1} for k in ("named", "offered", "heard", "topic")},
            },
        },
        "refusal_words": {"type": "string"},
        "refusal_pointer": {"type": "string"},
        "question_words": _GROUPS,
        "question_form": _PATTERNS,
        "pauses": _PATTERNS,
        "control": _PATTERNS,
        "not_understood": _PATTERNS,
        "reported_speech": {"type": "string"},
        "plan_question": _PATTERNS,
        "choice_question": _PATTERNS,
        "side_words": {
            "type": "object",
            "required": ["self", "other"],
            "additionalProperties": False,
            "properties": {"self": _PATTERNS, "other": _PATTERNS},
        },
        "repeated_number": {
            "type": "object",
            "required": ["number", "trim", "within"],
            "additionalProperties": False,
            "properties": {"number": {"type": "string"}, "trim": {"type": "string"}, "within": {"type": "integer"}},
        },
        "about_others": _PATTERNS,
        "own_past": _PATTERNS,
        "stop_exercise": _PATTERNS,
        "asks_address": _PATTERNS,
        "feelings": _GROUPS,
        "wants_to_vent": _PATTERNS,
        "wants_to_tell": _PATTERNS,
        "says_fine": _PATTERNS,
        "only_thanks": _PATTERNS,
        "question_forms": _PATTERNS,
        "topic_names": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "meant_instead": _PATTERNS,
        "normal_about_others": _PATTERNS,
        "past_violence": {
            "type": "object",
            "required": ["ex", "ago"],
            "additionalProperties": False,
            "properties": {"ex": _PATTERNS, "ago": _PATTERNS},
        },
        "someone_else": {
            "type": "object",
            "required": ["victim", "own_victim", "not_at_risk", "emergency_call", "emergency_answer", "kinds"],
            "additionalProperties": False,
            "properties": {
                "emergency_call": _PATTERNS,
                "emergency_answer": _UTTER,
                "victim": _PATTERNS,
                "not_at_risk": _PATTERNS,
                "own_victim": _PATTERNS,
                "kinds": {
                    "type": "object",
                    "required": ["suicidal", "violence"],
                    "additionalProperties": {
                        "type": "object",
                        "required": ["first", "again", "goodbye", "general", "reminder", "again_answers", "answers"],
                        "additionalProperties": False,
                        "properties": {
                            "first": _UTTER,
                            "again": _UTTER,
                            "goodbye": _UTTER,
                            "general": _UTTER,
                            "reminder": _UTTER,
                            "answers": _UTTERS,
                            "again_answers": _UTTERS,
                        },
                    },
                },
            },
        },
        "draft_review": {
            "type": "object",
            "required": ["source", "quote", "reported", "asks", "checks"],
            "additionalProperties": False,
            "properties": {
                "source": {"type": "string"},
                "quote": {"type": "string", "pattern": "\\(\\?P<draft>"},
                "reported": _PATTERNS,
                "asks": _PATTERNS,
                "checks": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["pattern", "response", "fix"],
                        "additionalProperties": False,
                        "properties": {
                            "pattern": {"type": "string"},
                            "response": _UTTER,
                            "fix": {"type": "boolean"},
                        },
                    },
                },
            },
        },
        "violence_denial": _PATTERNS,
        "exercise_return": _PATTERNS,
        "option_number": {"type": "string"},
        "option_words": {"type": "object", "additionalProperties": {"type": "integer"}},
        "not_plans": _PATTERNS,
        "help_plans": _PATTERNS,
        "refusal_window": {"type": "integer", "minimum": 1},
        "answer_openings": {
            "type": "object",
            "required": ["affirm", "deny"],
            "additionalProperties": False,
            "properties": {"affirm": {"type": "string"}, "deny": {"type": "string"}, "dont_know": {"type": "string"}},
        },
        "answer_buttons": {
            "type": "object",
            "required": ["yes_no", "side", "free", "stop"],
            "additionalProperties": False,
            "properties": {
                "yes_no": {"type": "object"},
                "side": {"type": "object"},
                "free": {"type": "object"},
                "stop": {"type": "string"},
            },
        },
        "referrals": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["response", "cues", "ours"],
                "additionalProperties": False,
                "properties": {
                    "response": _UTTER,
                    "cues": _PATTERNS,
                    "ours": {"type": "array", "items": {"type": "string"}},
                    # the answer to "waarom doet ze dat?" once this subject was named
                    "why": _UTTER,
                    # a sentence with one of these is about something else ("zijn ex bedroog hem")
                    "unless": _PATTERNS,
                },
            },
        },
        # what changed in the user's life (the children left, a pension): heard once, then the
        # reason for the distance in the topics of `ours` instead of the general one
        "life_changes": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["cues", "heard", "why", "ours"],
                "additionalProperties": False,
                "properties": {
                    "cues": _PATTERNS,
                    "heard": _UTTER,
                    "why": _UTTER,
                    "ours": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                },
            },
        },
        "after_violence": _UTTERS,
        "safety_defaults": _UTTERS,
        "safety_follow_ups": {
            "type": "object",
            "propertyNames": {"pattern": "^utter_"},
            "additionalProperties": _PATTERNS,
        },
    },
}
_SOURCED = {
    "source": {"type": "string", "pattern": "^https?://"},
    "published": {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}){0,2}$"},
    "checked": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "note": {"type": "string"},
}
SERVICES_SCHEMA = {
    "type": "object",
    "required": ["services"],
    "additionalProperties": False,
    "properties": {
        "services": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["name", "for", "names", "channels", "facts"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "for": {"type": "string"},
                    # how texts name the service, lower case
                    "names": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9 ]+$"}},
                    # phone numbers and websites, each with what its source says about it
                    "channels": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["address", "kind", "free", "always_open", "anonymous", "source", "checked"],
                            "additionalProperties": False,
                            "properties": {
                                "address": {
                                    "type": "string",
                                    "pattern": "^([0-9]{3}|0[0-9]{3}-[0-9]{4}|[a-z0-9.-]+[.]nl)$",
                                },
                                "kind": {"enum": ["phone", "chat", "website"]},
                                "free": {"type": "boolean"},
                                "always_open": {"type": "boolean"},
                                "anonymous": {"type": "boolean"},
                                **_SOURCED,
                            },
                        },
                    },
                    # what texts say about the service besides its channels
                    "facts": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["claim", "source", "checked"],
                            "additionalProperties": False,
                            "properties": {"claim": {"type": "string", "minLength": 10}, **_SOURCED},
                        },
                    },
                },
            },
        }
    },
}
QUESTION_SCHEMA = {
    "type": "object",
    "required": ["entry", "parts"],
    "additionalProperties": False,
    "properties": {
        "entry": {"type": "string"},
        "parts": {"type": "array", "items": {"enum": list(PARTS)}, "minItems": 1},
    },
}


class KnowledgeError(ValueError):
    """A knowledge file is invalid; the message names the file and the entry."""


@dataclass(frozen=True)
class Article:
    file: str
    title: str


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    article: Article
    covers: Tuple[int, ...]
    explanation: str
    background: Tuple[str, ...]
    steps: Tuple[str, ...]
    related: Tuple[str, ...]
    signs: Tuple[str, ...] = ()
    reflection: Tuple[str, ...] = ()
    confronts_partner: bool = False

    def part(self, name: str):
        return getattr(self, name)


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    article: Article
    intro: str
    path: Tuple[str, ...]
    steps: str
    answers: Dict[str, str]
    related: Tuple[str, ...]
    exercise: Optional[str] = None
    question: Optional[str] = None
    opposite: Optional[str] = None
    others: Optional[str] = None
    reversed_intro: Optional[str] = None
    other_person: Optional[str] = None


@dataclass(frozen=True)
class Question:
    entry: str
    parts: Tuple[str, ...]


@dataclass(frozen=True)
class Knowledge:
    articles: Dict[str, Article]
    entries: Dict[str, Entry]
    topics: Dict[str, Topic]
    questions: Dict[str, Question]
    exercises: Dict[str, dict]
    conversation: Conversation

    def exercise_slots(self, name: str) -> List[str]:
        """The slots an exercise's form fills, in the order it asks them."""
        return [q["slot"] for q in self.exercises[name]["questions"]]

    def exercise_for_form(self, form: Optional[str]) -> Optional[str]:
        return next((name for name, spec in self.exercises.items() if spec["form"] == form), None)

    def intents(self) -> Set[str]:
        """Every intent the knowledge answers: topics, questions, exercises, follow-ups."""
        return {
            *self.topics,
            *self.questions,
            *(spec["intent"] for spec in self.exercises.values()),
            *self.conversation.follow_ups,
            *self.conversation.safety_defaults,
        }

    def answer_entry(self, intent: str, topic: Optional[str]) -> Entry:
        """The entry for a question intent, taking the topic under discussion into account."""
        if topic in self.topics and intent in self.topics[topic].answers:
            return self.entries[self.topics[topic].answers[intent]]
        return self.entries[self.questions[intent].entry]


def validate(data, schema, where: str, error_type: Optional[Type[ValueError]] = None) -> None:
    """Check data against a JSON schema; the error (KnowledgeError unless the file has its own)
    names where and which field, for every knowledge file."""
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as error:
        field = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise (error_type or KnowledgeError)(f"{where}: {field}: {error.message}") from None


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{path.name}: not valid YAML: {error}") from None


def _load_article_file(path: Path) -> Tuple[Article, List[Entry]]:
    data = _read_yaml(path)
    validate(data, ARTICLE_SCHEMA, path.name)
    article = Article(**data["article"])
    entries = []
    for index, raw in enumerate(data["entries"]):
        validate(raw, ENTRY_SCHEMA, f"{path.name}, entry {raw.get('id', index) if isinstance(raw, dict) else index}")
        fields: Dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
        entries.append(Entry(article=article, **fields))  # the schema checked every field
    return article, entries


def _check_reference(ref: str, known, where: str, what: str) -> None:
    if ref not in known:
        raise KnowledgeError(f"{where}: unknown {what} '{ref}'")


@dataclass(frozen=True)
class Channel:
    service: str
    address: str
    kind: str
    free: bool
    always_open: bool
    anonymous: bool


@dataclass(frozen=True)
class Services:
    """The services the bot may name: their names and channels (facts stay in the file)."""

    names: Dict[str, str]  # a name as texts use it -> service id
    channels: Dict[str, Channel]  # address ("0800-2000", "113.nl") -> channel


def load_services(directory: Path = KNOWLEDGE_DIR) -> Services:
    """Read and validate services.yml: every fact about a service, with its source."""
    data = _read_yaml(directory / SERVICES_FILE)
    validate(data, SERVICES_SCHEMA, SERVICES_FILE)
    names: Dict[str, str] = {}
    channels: Dict[str, Channel] = {}
    for service_id, spec in data["services"].items():
        for name in spec["names"]:
            if name in names:
                raise KnowledgeError(f"{SERVICES_FILE}, {service_id}: name '{name}' also used by {names[name]}")
            names[name] = service_id
        for raw in spec["channels"]:
            if raw["address"] in channels:
                raise KnowledgeError(f"{SERVICES_FILE}, {service_id}: duplicate address '{raw['address']}'")
            channels[raw["address"]] = Channel(
                service_id, raw["address"], raw["kind"], raw["free"], raw["always_open"], raw["anonymous"]
            )
    return Services(names, channels)


def load_knowledge(directory: Path = KNOWLEDGE_DIR, domain_intents: Optional[Iterable[str]] = None) -> Knowledge:
    """Read every article file, topics.yml, exercises.yml and conversation.yml, validate them
    and resolve all references; with `domain_intents`, every intent named must exist."""
    articles: Dict[str, Article] = {}
    entries: Dict[str, Entry] = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name in NOT_ARTICLES:
            continue
        article, file_entries = _load_article_file(path)
        articles[article.file] = article
        for entry in file_entries:
            if entry.id in entries:
                raise KnowledgeError(f"{path.name}, entry {entry.id}: duplicate id")
            entries[entry.id] = entry
    for entry in entries.values():
        for ref in entry.related:
            _check_reference(ref, entries, f"{entry.article.file}, entry {entry.id}", "related topic")

    raw = _read_yaml(directory / TOPICS_FILE) or {}
    if not isinstance(raw, dict) or "topics" not in raw or "questions" not in raw:
        raise KnowledgeError(f"{TOPICS_FILE}: needs 'topics' and 'questions'")
    topics: Dict[str, Topic] = {}
    for topic_id, spec in raw["topics"].items():
        where = f"{TOPICS_FILE}, topic {topic_id}"
        validate(spec, TOPIC_SCHEMA, where)
        _check_reference(spec["source"], articles, where, "source article")
        for ref in [*spec["path"], spec["steps"], *spec["answers"].values()]:
            _check_reference(ref, entries, where, "entry")
        topics[topic_id] = Topic(
            id=topic_id,
            label=spec["label"],
            article=articles[spec["source"]],
            intro=spec["intro"],
            path=tuple(spec["path"]),
            steps=spec["steps"],
            answers=dict(spec["answers"]),
            related=tuple(spec["related"]),
            exercise=spec.get("exercise"),
            question=spec.get("question"),
            opposite=spec.get("opposite"),
            others=spec.get("others"),
            reversed_intro=spec.get("reversed_intro"),
            other_person=spec.get("other_person"),
        )
    for topic in topics.values():
        for ref in [
            *topic.related,
            *([topic.opposite] if topic.opposite else []),
            *([topic.others] if topic.others else []),
        ]:
            _check_reference(ref, topics, f"{TOPICS_FILE}, topic {topic.id}", "related topic")
    questions: Dict[str, Question] = {}
    for intent, spec in raw["questions"].items():
        where = f"{TOPICS_FILE}, question {intent}"
        validate(spec, QUESTION_SCHEMA, where)
        _check_reference(spec["entry"], entries, where, "entry")
        questions[intent] = Question(entry=spec["entry"], parts=tuple(spec["parts"]))
    exercises = _read_yaml(directory / EXERCISES_FILE)
    validate(exercises, EXERCISE_SCHEMA, EXERCISES_FILE)
    for name, spec in exercises.items():
        where = f"{EXERCISES_FILE}, {name}"
        _check_reference(spec["source"], articles, where, "source article")
        _check_reference(spec["steps_from"], entries, where, "entry")
        _check_reference(spec["topic_after"], topics, where, "topic")
        for side in spec.get("sides", {}).values():
            _check_reference(side["topic"], topics, where, "topic")
        for question in spec["questions"]:
            if "pattern" in question:
                _check_reference(question["pattern"], spec["patterns"], where, "pattern")
    for topic in topics.values():
        if topic.exercise:
            _check_reference(topic.exercise, exercises, f"{TOPICS_FILE}, topic {topic.id}", "exercise")
    raw_conversation = _read_yaml(directory / CONVERSATION_FILE)
    validate(raw_conversation, CONVERSATION_SCHEMA, CONVERSATION_FILE)
    for name, spec in raw_conversation["referrals"].items():
        for ref in spec["ours"]:
            _check_reference(ref, topics, f"{CONVERSATION_FILE}, referral {name}", "topic")
    _check_reference(
        raw_conversation["draft_review"]["source"], articles, f"{CONVERSATION_FILE}, draft_review", "source"
    )
    try:
        conversation = compile_conversation(raw_conversation)
    except re.error as error:
        raise KnowledgeError(f"{CONVERSATION_FILE}: invalid pattern: {error}") from None
    load_services(directory)  # a broken services.yml stops the start-up like any other file
    knowledge = Knowledge(articles, entries, topics, questions, exercises, conversation)
    if domain_intents is not None:
        unknown = sorted(knowledge.intents() - set(domain_intents))
        if unknown:
            raise KnowledgeError(f"intents not in the domain: {', '.join(unknown)}")
    return knowledge
