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
from typing import Optional

import yaml

PATTERNS_FILE = Path(__file__).with_name("crisis_patterns.yml")
CRISIS_INTENTS = ("crisis_suicidal", "crisis_violence")


@dataclass(frozen=True)
class CrisisPatterns:
    harmless: tuple[re.Pattern, ...]
    by_intent: dict[str, tuple[re.Pattern, ...]]


def normalize(text: str) -> str:
    """Lowercase, strip accents and collapse whitespace, so 'suïcide' matches 'suicide'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain.lower()).strip()


@lru_cache(maxsize=1)
def load_patterns(path: Path = PATTERNS_FILE) -> CrisisPatterns:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return CrisisPatterns(
        harmless=tuple(re.compile(p) for p in raw["harmless_idioms"]),
        by_intent={i: tuple(re.compile(p) for p in raw[i]) for i in CRISIS_INTENTS},
    )


def strip_harmless(text: str, patterns: CrisisPatterns) -> str:
    for idiom in patterns.harmless:
        text = idiom.sub(" ", text)
    return text


def detect_crisis(text: str) -> Optional[str]:
    """The crisis intent an unmistakable message belongs to, or None."""
    patterns = load_patterns()
    cleaned = strip_harmless(normalize(text), patterns)
    for intent in CRISIS_INTENTS:
        if any(p.search(cleaned) for p in patterns.by_intent[intent]):
            return intent
    return None


def only_harmless_idiom(text: str) -> bool:
    """True when the message holds an everyday idiom with an alarming word and nothing
    that detect_crisis would flag, e.g. 'ik ga dood van het lachen'."""
    patterns = load_patterns()
    normalized = normalize(text)
    has_idiom = any(p.search(normalized) for p in patterns.harmless)
    return has_idiom and detect_crisis(text) is None
