"""Scoring and summaries for the three guided exercises (pure functions).

Why here and not in the actions: the interpretation of answers is the part worth testing,
and it does not need Rasa to run.
"""

from __future__ import annotations

import re
from typing import Dict, List, Mapping, Optional, Sequence

from coach.crisis import normalize

YES, NO = "ja", "nee"
SIGN_SLOTS = [f"sign_{i}" for i in range(1, 9)]
PATTERNS = ("absent", "overprotective", "unequal", "intimacy")
PATTERN_SLOTS = [f"home_{p}_{n}" for n in (1, 2) for p in PATTERNS]
REFLECTION_QUESTIONS = [
    "reflect_fear",
    "reflect_rejection",
    "reflect_survival",
    "reflect_upbringing",
    "reflect_expectation",
    "reflect_wall",
]
REFLECTION_SLOTS = ["reflect_side"] + REFLECTION_QUESTIONS
SIDES = ("vasthouden", "terugtrekken", "allebei")

_YES = re.compile(
    r"^(ja+|jep|jup|yes|klopt|zeker|absoluut|inderdaad|vaak|meestal|soms|best wel|"
    r"herken ik|dat herken ik|wel|ja hoor|ja zeker|ja klopt|ok[eé]?|jawel)\b"
)
_NO = re.compile(
    r"^(nee+|neen|nope|no|niet|nooit|zelden|helemaal niet|niet echt|nee hoor|"
    r"herken ik niet|klopt niet)\b"
)
_SIDE_WORDS = {
    "vasthouden": ("vasthoud", "vast houd", "vastklamp", "bevestiging", "dichterbij", "claim"),
    "terugtrekken": ("terugtrek", "trek me terug", "trek ik me terug", "afstand", "ruimte", "weg"),
    "allebei": ("allebei", "beide", "wisselt", "wissel", "allebij", "beiden"),
}
MAX_QUOTE = 140


def yes_no(text: Optional[str], intent: Optional[str] = None) -> Optional[str]:
    """Interpret an answer to a ja/nee question; None when it is neither."""
    if intent == "affirm":
        return YES
    if intent == "deny":
        return NO
    cleaned = normalize(text or "").strip(" .!?,")
    if _NO.match(cleaned):
        return NO
    if _YES.match(cleaned):
        return YES
    return None


def side(text: Optional[str]) -> Optional[str]:
    """Which side of the abandonment/commitment dance the user recognises (words are matched
    at word starts, so "weg" counts in "wegrennen" but not in "bewegen")."""
    cleaned = normalize(text or "")
    hits = [name for name, words in _SIDE_WORDS.items() if any(re.search(r"\b" + re.escape(w), cleaned) for w in words)]
    if "allebei" in hits or len(hits) > 1:
        return "allebei"
    return hits[0] if hits else None


def signs_score(answers: Mapping[str, Optional[str]]) -> int:
    return sum(1 for slot in SIGN_SLOTS if answers.get(slot) == YES)


def signs_band(score: int) -> str:
    if score <= 2:
        return "weinig"
    if score <= 5:
        return "meerdere"
    return "veel"


def pattern_scores(answers: Mapping[str, Optional[str]]) -> Dict[str, int]:
    return {p: sum(1 for n in (1, 2) if answers.get(f"home_{p}_{n}") == YES) for p in PATTERNS}


def best_patterns(answers: Mapping[str, Optional[str]]) -> List[str]:
    """The pattern(s) with the highest score; empty when nothing was recognised."""
    scores = pattern_scores(answers)
    top = max(scores.values())
    return [p for p in PATTERNS if scores[p] == top] if top else []


TAG = re.compile(r"<[^>]*>")
MARKUP = re.compile(r"[<>\[\]()*_`\\|#!~{}]")


def quote(text: Optional[str], limit: int = MAX_QUOTE) -> str:
    """A user's answer as plain text, shortened for a summary: the web chat renders
    markdown and HTML in bot messages, so a typed link or tag must not come back as one."""
    cleaned = re.sub(r"\s+", " ", MARKUP.sub(" ", TAG.sub(" ", text or ""))).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def answered(slots: Sequence[str], answers: Mapping[str, Optional[str]]) -> int:
    return sum(1 for slot in slots if answers.get(slot))
