"""Answers to the questions people ask in the middle of a session (knowledge/answers.yml):
"wat als hij meteen over iets anders begint?", "ben ik te veel?", "heeft dit met mijn moeder
te maken?", "moeten we in relatietherapie?".

Why: a topic has one answer of each kind (coach/coaching.py), and the article search
(coach/search.py) matches a question against article sentences, which rarely read like the
question. Simulated users (round 16) asked such questions in 11 of 12 conversations and got
"daar heb ik geen goed antwoord op" about fifteen times. Here each answer carries the ways
people ask for it, and a message is compared with those questions (e5 query against e5 query,
the same side), from a minimum similarity chosen on held-out questions written by other hands
(`scripts/eval_answers.py`, tests/nlu/asked_questions.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import yaml

from coach.knowledge import Article, validate

ANSWERS_FILE = "answers.yml"
Embed = Callable[[Sequence[str]], np.ndarray]

SCHEMA = {
    "type": "object",
    "required": ["answers"],
    "additionalProperties": False,
    "properties": {
        "answers": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["source", "asks", "text"],
                "additionalProperties": False,
                "properties": {
                    "source": {"type": "string"},
                    "asks": {"type": "array", "items": {"type": "string", "minLength": 8}, "minItems": 5},
                    "text": {"type": "string", "minLength": 80},
                    # an answer about approaching the partner: never given after violence
                    "confronts_partner": {"type": "boolean"},
                    # about the user's own feelings and support, and right after violence too
                    # (calming one's own panic, where to find support); no other answer is
                    # given after violence
                    "after_violence": {"type": "boolean"},
                    # weighs leaving or the end of the relationship: given only when asked
                    # clearly, never as the nearest answer to another question
                    "asked_only": {"type": "boolean"},
                    # whose behaviour the answer takes the talk to be about: "other" (the
                    # partner's: "hoe krijg ik hem aan het praten?") or "self" (the user's own:
                    # "wat doe ik als ik wil weglopen?"); never given inside a topic of the other side
                    "about": {"enum": ["self", "other"]},
                    # the situation the answer assumes: a current partner, or none; never given
                    # to someone known to be in the other (round 21: "ligt het aan mij?" from a
                    # single woman got "zo'n patroon ontstaat tussen twee mensen")
                    "situation": {"enum": ["couple", "single"]},
                },
            },
        }
    },
}


@dataclass(frozen=True)
class Answer:
    id: str
    article: Article
    asks: Tuple[str, ...]
    text: str
    confronts_partner: bool = False
    about: Optional[str] = None
    situation: Optional[str] = None
    after_violence: bool = False
    asked_only: bool = False


@dataclass(frozen=True)
class Index:
    """Every way of asking, embedded once; `owners[i]` is the answer row i asks for.
    `others`: messages that ask for none of them (the NLU's training examples): a message
    closer to one of those than to any way of asking is no such question (round 17: "voel me
    schuldig dat ik klaag ... zit hier te janken" was 0.913 from "is het nog te redden?" and
    0.922 from a message telling feelings)."""

    vectors: np.ndarray
    owners: Tuple[str, ...]
    others: np.ndarray


class AnswersError(ValueError):
    """answers.yml is invalid; the message names the answer and the field."""


def load_answers(path: Path, articles: Mapping[str, Article]) -> Dict[str, Answer]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate(raw, SCHEMA, path.name, AnswersError)
    answers = {}
    for answer_id, spec in raw["answers"].items():
        if spec["source"] not in articles:
            raise AnswersError(f"{path.name}, answer {answer_id}: unknown source article '{spec['source']}'")
        if spec.get("after_violence") and spec.get("confronts_partner"):
            raise AnswersError(
                f"{path.name}, answer {answer_id}: an answer that confronts the partner is no answer after violence"
            )
        answers[answer_id] = Answer(
            answer_id,
            articles[spec["source"]],
            tuple(spec["asks"]),
            spec["text"],
            spec.get("confronts_partner", False),
            spec.get("about"),
            spec.get("situation"),
            spec.get("after_violence", False),
            spec.get("asked_only", False),
        )
    return answers


def build(answers: Mapping[str, Answer], embed_queries: Embed, others: Sequence[str] = ()) -> Index:
    owners = tuple(a.id for a in answers.values() for _ in a.asks)
    vectors = embed_queries([q for a in answers.values() for q in a.asks])
    return Index(vectors, owners, embed_queries(list(others)) if others else np.zeros((0, vectors.shape[1])))


def closest(index: Index, vectors: np.ndarray, skip: Iterable[str] = ()) -> Optional[Tuple[str, float, float]]:
    """The answer whose closest way of asking is nearest to the message (one or more vectors
    of it: the whole and what it asks), with that similarity and its margin over the nearest
    other message; answers in `skip` (already given, or of the other side) are passed over."""
    rows = np.atleast_2d(vectors)
    scores = (index.vectors @ rows.T).max(axis=1)
    passed = set(skip)
    best: Dict[str, float] = {}
    for owner, score in zip(index.owners, scores.tolist()):
        if owner not in passed and score > best.get(owner, -1.0):
            best[owner] = score
    if not best:
        return None
    answer_id = max(best, key=best.__getitem__)
    nearest_other = float((index.others @ rows.T).max()) if len(index.others) else -1.0
    return answer_id, best[answer_id], best[answer_id] - nearest_other


_EXAMPLE = re.compile(r"^\s*- (.+)$")
_ENTITY = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def other_messages(nlu_files: Iterable[Path]) -> List[str]:
    """The training examples of the NLU (Rasa's YAML, entity marks removed): what people say
    that the intents answer. Read as text: the action server does not import Rasa."""
    found: List[str] = []
    for path in nlu_files:
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" in block and isinstance(block.get("examples"), str):
                found += [
                    _ENTITY.sub(r"\1", m.group(1)).strip()
                    for m in map(_EXAMPLE.match, block["examples"].splitlines())
                    if m
                ]
    return found


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def searched(text: str, words: int) -> List[str]:
    """What a message is compared by: the whole message, and what it asks when that is only
    part of it (its sentences with a question mark; in a message over `words` words without
    one, its last sentence). The story around a question pulls its embedding away from every
    way of asking ("ik blijf haar appen als ze stil is. ben ik te veel?": 0.91 whole, 0.95 the
    question)."""
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    asking = [s for s in sentences if "?" in s]
    if asking:
        part = " ".join(asking[-2:])
    else:
        part = sentences[-1] if sentences and len(text.split()) > words else text
    return [text] if part == text else [text, part]


# (text, answers passed over) -> (answer id, similarity, margin over the nearest other message)
Find = Callable[[str, Sequence[str]], Optional[Tuple[str, float, float]]]


@dataclass(frozen=True)
class Bank:
    """The answers and how a message finds one: handed to the coach, built once at start-up
    (actions/common.py), a plain function in tests."""

    answers: Mapping[str, Answer]
    find: Find


NO_BANK = Bank({}, lambda text, given: None)
