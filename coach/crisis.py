"""Classifier-independent crisis detection: the second line of defence.

Pure functions over the patterns in `crisis_patterns.yml`, so they are easy to test and
the NLU guard component, the tests and any channel can share them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional, Tuple

import yaml

PATTERNS_FILE = Path(__file__).with_name("crisis_patterns.yml")
CRISIS_INTENTS = ("crisis_suicidal", "crisis_violence", "crisis_other")
# Checked in this order: violence against the user first ("dreigt me iets aan te doen" is a
# threat, not self-harm; "slaat mn moeder en mij" is the user's crisis too), then someone
# else's crisis, then the groups where the subject decides, suicidal thoughts last. Groups whose subject decides whose crisis
# it is map to the intent for the user's own crisis.
ORDER = ("crisis_violence", "crisis_other", "violence_by_subject", "crisis_suicidal")
BY_SUBJECT = {"violence_by_subject": "crisis_violence", "crisis_suicidal": "crisis_suicidal"}
# Groups about violence, where a match told as childhood history does not count.
VIOLENCE_GROUPS = ("crisis_violence", "crisis_other", "violence_by_subject")
# How far back (in words, within one sentence) the subject of a match is sought.
SUBJECT_WINDOW = 14
FIRST_PERSON = {"ik", "k", "me", "mij", "mezelf", "mijzelf", "mijn", "mn"}


@dataclass(frozen=True)
class CrisisPatterns:
    harmless: tuple[re.Pattern, ...]
    by_intent: dict[str, tuple[re.Pattern, ...]]
    subject_first: re.Pattern
    subject_other: re.Pattern
    reported_speech: re.Pattern
    childhood: re.Pattern
    past: re.Pattern
    recent: re.Pattern
    told_before: re.Pattern
    ago: re.Pattern
    over: re.Pattern
    counts_words: frozenset[str]
    counts_max_words: int
    explicit_suicidal: tuple[re.Pattern, ...]
    violent_words: re.Pattern


def normalize(text: str) -> str:
    """Lowercase, no accents, no apostrophes, letters repeated 3+ times shortened and
    whitespace collapsed, so 'suïcide', "m'n" and 'dooood' match their plain forms."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = re.sub(r"['’`]", "", plain)
    plain = re.sub(r"([a-z])\1{2,}", r"\1", plain)
    return re.sub(r"\s+", " ", plain).strip()


@lru_cache(maxsize=1)
def load_patterns(path: Path = PATTERNS_FILE) -> CrisisPatterns:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return CrisisPatterns(
        harmless=tuple(re.compile(p) for p in raw["harmless_idioms"]),
        by_intent={group: tuple(re.compile(p) for p in raw[group]) for group in ORDER},
        subject_first=re.compile(raw["subject_first"]),
        subject_other=re.compile(raw["subject_other"]),
        reported_speech=re.compile(raw["reported_speech"]),
        childhood=re.compile(raw["history"]["childhood"]),
        past=re.compile(raw["history"]["past"]),
        recent=re.compile(raw["history"]["recent"]),
        told_before=re.compile(raw["history"]["told_before"]),
        ago=re.compile(raw["history"]["ago"]),
        over=re.compile(raw["history"]["over"]),
        counts_words=frozenset(raw["counts_words"]),
        counts_max_words=int(raw["counts_max_words"]),
        explicit_suicidal=tuple(re.compile(p) for p in raw["explicit_suicidal"]),
        violent_words=re.compile(raw["violent_words"]),
    )


def strip_harmless(text: str, patterns: CrisisPatterns) -> str:
    for idiom in patterns.harmless:
        text = idiom.sub(" | ", text)
    return text


def subject_is_other(cleaned: str, match: re.Match, patterns: CrisisPatterns) -> bool:
    """True when the match is about someone else: words someone else said ("zei ze: ..."),
    else a pronoun inside it decides ("beter als
    hij er niet meer is", "beter af zonder mij"), else the nearest subject word before it in
    the sentence ("mijn zus wordt geslagen", "ik wil er niet meer zijn"); nobody named: the user."""
    without = re.search(r"\bzonder (mij|me|hem|haar)\b", match.group(0))
    if without:
        # "ze zou beter af zijn zonder mij": the one the others would be better off without is
        # the one at risk, whoever "ze" is (round 22 read it as someone else's crisis)
        return without.group(1) not in FIRST_PERSON
    if patterns.reported_speech.search(re.split(r"[.!?;|]", cleaned[: match.start()])[-1]):
        return True  # "zei ze: ik wil niet meer": her words, her crisis
    inside = re.findall(r"\b(ik|k|me|mij|mezelf|mijzelf|mijn|mn|hij|zij|ze|hem|haar|zichzelf|zich)\b", match.group(0))
    if inside:
        return inside[0] not in FIRST_PERSON
    sentence = re.split(r"[.!?;|]", cleaned[: match.start()])[-1]
    words = sentence.split()[-SUBJECT_WINDOW:]
    for i in range(len(words), 0, -1):
        prefix = " ".join(words[:i])
        if patterns.subject_first.search(prefix):
            return False
        if patterns.subject_other.search(prefix):
            return True
    return False


def sentence_of(cleaned: str, match: re.Match, marks: str = ".!?;|") -> str:
    """The sentence (or clause between harmless idioms) that holds the match; `marks` are what
    ends one."""
    start = max(cleaned.rfind(mark, 0, match.start()) for mark in marks) + 1
    ends = [i for i in (cleaned.find(mark, match.end()) for mark in marks) if i >= 0]
    return cleaned[start : min(ends, default=len(cleaned))]


def told_as_history(cleaned: str, match: re.Match, patterns: CrisisPatterns) -> bool:
    """True for violence told as childhood history: the message speaks of childhood ("als
    kind", "vroeger ... mijn vader"), the match is in the past tense ("sloeg", "kreeg ik
    klappen") and its sentence says nothing about now ("nog steeds", "gisteren", "weer")."""
    return bool(
        patterns.childhood.search(cleaned)
        and patterns.past.search(match.group(0))
        and not patterns.recent.search(sentence_of(cleaned, match))
    )


def told_as_past(text: str) -> bool:
    """The message speaks in the past tense, points back at what was told (a parent,
    "vroeger", "ik vertelde net") and says nothing about now: once the user's childhood is
    the subject, "ik vertelde net dat ik opgesloten werd" is that history."""
    patterns = load_patterns()
    cleaned = normalize(text)
    return (
        bool(patterns.past.search(cleaned))
        and bool(patterns.told_before.search(cleaned))
        and not patterns.recent.search(cleaned)
    )


def _said_when(sentence: str, patterns: CrisisPatterns) -> bool:
    """The sentence says when it was ("twaalf jaar geleden", "op mijn 20e") and nothing recent."""
    return bool(patterns.ago.search(sentence) and not patterns.recent.search(sentence))


def told_as_over(cleaned: str, match: re.Match, patterns: CrisisPatterns) -> bool:
    """True for a danger told as history that is over: the match's sentence says when it was
    and nothing recent ("weer", "gisteren"), and the message says it is over now ("het gaat al
    lang goed", "een contactverbod")."""
    return _said_when(sentence_of(cleaned, match), patterns) and bool(patterns.over.search(cleaned))


def _matches(cleaned: str, patterns: CrisisPatterns) -> Iterator[Tuple[str, "re.Match[str]"]]:
    """Every match of the crisis net in a cleaned message, with its group, in the net's order."""
    for group in ORDER:
        for pattern in patterns.by_intent[group]:
            for match in pattern.finditer(cleaned):
                yield group, match


def history_over(text: str) -> bool:
    """A crisis match that the net passed over as history that is over (told_as_over): the
    conversation then knows the danger is past."""
    patterns = load_patterns()
    cleaned = strip_harmless(normalize(text), patterns)
    if not (patterns.ago.search(cleaned) and patterns.over.search(cleaned)):
        return False  # without both no match is told as over: the net need not run (every message)
    return any(told_as_over(cleaned, match, patterns) for _, match in _matches(cleaned, patterns))


def told_when(text: str) -> bool:
    """The crisis net's first match sits in a sentence that says when it was ("op mijn 20e") and
    nothing recent: once the conversation knows it is over, the same history again."""
    patterns = load_patterns()
    cleaned = strip_harmless(normalize(text), patterns)
    first = next(_matches(cleaned, patterns), None)
    return first is not None and _said_when(sentence_of(cleaned, first[1]), patterns)


def _first_match(text: str) -> Optional[Tuple[str, "re.Match[str]", str, "CrisisPatterns"]]:
    """The crisis net's first match in the message (its group, the match, the cleaned text),
    passing over violence told as childhood history and a danger told as over."""
    patterns = load_patterns()
    cleaned = strip_harmless(normalize(text), patterns)
    for group, match in _matches(cleaned, patterns):
        if group in VIOLENCE_GROUPS and told_as_history(cleaned, match, patterns):
            continue
        if not told_as_over(cleaned, match, patterns):
            return group, match, cleaned, patterns
    return None


def detect_crisis(text: str) -> Optional[str]:
    """The crisis intent an unmistakable message belongs to, or None."""
    found = _first_match(text)
    if found is None:
        return None
    group, match, cleaned, patterns = found
    if group in BY_SUBJECT:
        return "crisis_other" if subject_is_other(cleaned, match, patterns) else BY_SUBJECT[group]
    return group


def crisis_kind(text: str) -> Optional[str]:
    """What the crisis net's match is about, whoever it happens to: "violence" for a match of
    the violence groups ("mijn zwager slaat mijn zus" is crisis_other, and violence), "suicidal"
    for the rest, None without a match."""
    found = _first_match(text)
    if found is None:
        return None
    group, match, _, patterns = found
    if group == "crisis_other":
        return "violence" if patterns.violent_words.search(match.group(0)) else "suicidal"
    return "violence" if group in VIOLENCE_GROUPS else "suicidal"


def only_counts(text: str) -> bool:
    """True for a message of numbers, counts and ages only ("5 en 7", "ze zijn 8 en 11"): a
    number and at most a few words, all of them counting words."""
    patterns = load_patterns()
    tokens = re.findall(r"[a-z]+|\d+", normalize(text))
    words = [t for t in tokens if not t.isdigit()]
    return (
        any(t.isdigit() for t in tokens)
        and len(words) <= patterns.counts_max_words
        and all(w in patterns.counts_words for w in words)
    )


def says_suicide_plainly(text: str) -> bool:
    """True when a suicidal message already says that the user thinks of ending their life."""
    patterns = load_patterns()
    plain = strip_harmless(normalize(text), patterns)
    return any(p.search(plain) for p in patterns.explicit_suicidal)


def only_harmless_idiom(text: str) -> bool:
    """True when the message holds an everyday idiom with an alarming word and nothing
    that detect_crisis would flag, e.g. 'ik ga dood van het lachen'."""
    patterns = load_patterns()
    normalized = normalize(text)
    has_idiom = any(p.search(normalized) for p in patterns.harmless)
    return has_idiom and detect_crisis(text) is None


def crisis_in_message(text: str) -> Optional[str]:
    """The crisis intent of a message as a channel hands it to Rasa: a crisis payload
    ("/crisis_violence", a button or a long message's crisis, coach/inbound.py) or a text the
    patterns recognise. For when Rasa cannot answer (channels/common.py)."""
    payload = (text or "").strip()
    if payload.startswith("/") and payload[1:] in CRISIS_INTENTS:
        return payload[1:]
    return detect_crisis(text)
