"""Load and validate the knowledge base (`knowledge/*.yml`).

Why a schema: a typo in a knowledge file must stop the action server at start-up with a
message naming the file and the entry, not break a conversation halfway.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import jsonschema
import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
TOPICS_FILE = "topics.yml"
EXERCISES_FILE = "exercises.yml"
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
        "properties": {"slot": {"type": "string"}, "answer": {"enum": ["yes_no", "side", "free"]}, "text": _TEXT},
    },
}
EXERCISE_SCHEMA = {
    "type": "object",
    "required": ["signs", "pattern", "reflection"],
    "additionalProperties": False,
    "properties": {
        "signs": {
            "type": "object",
            "required": ["source", "questions", "steps_from", "bands"],
            "properties": {"questions": QUESTIONS, "bands": _keyed_texts(["weinig", "meerdere", "veel"])},
        },
        "pattern": {
            "type": "object",
            "required": ["source", "questions", "steps_from", "patterns", "none", "combination"],
            "properties": {
                "questions": QUESTIONS,
                "patterns": {
                    "type": "object",
                    "required": ["absent", "overprotective", "unequal", "intimacy"],
                    "additionalProperties": {"type": "object", "required": ["name", "meaning"]},
                },
            },
        },
        "reflection": {
            "type": "object",
            "required": ["source", "questions", "steps_from", "sides", "closing"],
            "properties": {"questions": QUESTIONS, "sides": _keyed_texts(["vasthouden", "terugtrekken", "allebei"])},
        },
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

    def answer_entry(self, intent: str, topic: Optional[str]) -> Entry:
        """The entry for a question intent, taking the topic under discussion into account."""
        if topic in self.topics and intent in self.topics[topic].answers:
            return self.entries[self.topics[topic].answers[intent]]
        return self.entries[self.questions[intent].entry]


def _validate(data, schema, where: str) -> None:
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as error:
        field = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise KnowledgeError(f"{where}: {field}: {error.message}") from None


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{path.name}: not valid YAML: {error}") from None


def _load_article_file(path: Path) -> Tuple[Article, List[Entry]]:
    data = _read_yaml(path)
    _validate(data, ARTICLE_SCHEMA, path.name)
    article = Article(**data["article"])
    entries = []
    for index, raw in enumerate(data["entries"]):
        _validate(raw, ENTRY_SCHEMA, f"{path.name}, entry {raw.get('id', index) if isinstance(raw, dict) else index}")
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
        entries.append(Entry(article=article, **fields))
    return article, entries


def _check_reference(ref: str, known, where: str, what: str) -> None:
    if ref not in known:
        raise KnowledgeError(f"{where}: unknown {what} '{ref}'")


def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> Knowledge:
    """Read every article file and topics.yml, validate them, and resolve all references."""
    articles: Dict[str, Article] = {}
    entries: Dict[str, Entry] = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name in (TOPICS_FILE, EXERCISES_FILE):
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
        _validate(spec, TOPIC_SCHEMA, where)
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
        )
    for topic in topics.values():
        for ref in topic.related:
            _check_reference(ref, topics, f"{TOPICS_FILE}, topic {topic.id}", "related topic")
    questions: Dict[str, Question] = {}
    for intent, spec in raw["questions"].items():
        where = f"{TOPICS_FILE}, question {intent}"
        _validate(spec, QUESTION_SCHEMA, where)
        _check_reference(spec["entry"], entries, where, "entry")
        questions[intent] = Question(entry=spec["entry"], parts=tuple(spec["parts"]))
    exercises = _read_yaml(directory / EXERCISES_FILE)
    _validate(exercises, EXERCISE_SCHEMA, EXERCISES_FILE)
    for name, spec in exercises.items():
        _check_reference(spec["source"], articles, f"{EXERCISES_FILE}, {name}", "source article")
        _check_reference(spec["steps_from"], entries, f"{EXERCISES_FILE}, {name}", "entry")
    return Knowledge(articles=articles, entries=entries, topics=topics, questions=questions, exercises=exercises)
