"""Scoring and summaries for the three guided exercises (pure functions).

Why here and not in the actions: the interpretation of answers is the part worth testing,
and it does not need Rasa to run.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional, Sequence

from coach.crisis import normalize

YES, NO, SOMETIMES, UNSURE = "ja", "nee", "soms", "weet niet"
# how much an answer counts towards a score: "soms" is a real answer, half a yes
WEIGHTS = {YES: 1.0, SOMETIMES: 0.5}

_YES = re.compile(
    r"^(ja+|jep|jup|yes|klopt|zeker|absoluut|inderdaad|vaak|meestal|best wel|"
    r"herken ik|dat herken ik|wel|ja hoor|ja zeker|ja klopt|ok[eé]?|jawel)\b"
)
_SOMETIMES = re.compile(
    r"^(soms|af en toe|een beetje|beetje|een klein beetje|wisselend|het wisselt|"
    r"deels|gedeeltelijk|half|soms wel|ligt eraan|hangt ervan af|min of meer)\b"
)
# "hmm weet ik niet. mn moeder was wel warm ..." is an answer: a hesitation first is passed over
# "haha ja mijn moeder wel" (round 14 asked for ja/soms/nee again): a laugh is a hesitation too
_HESITATION = re.compile(r"^((h+m+|uh+|eh+m?|ehm|tja|nou|mwa|oh|ah|pff|(ha)+h?|(hi)+|lol|hehe|jaja)\W+)+")
# "dat weet ik niet", "weet ik eigenlijk niet" (round 21 asked for ja/soms/nee again)
_UNSURE = re.compile(
    r"^((dat|dit|da|dan) )?(weet|wee) (ik )?(het |dat |dit )?(echt |eigenlijk |nou |gewoon |niet zo )?(niet|nie)\b"
    r"|^(geen idee|kweet (het )?niet|ik weet (het |dat )?(echt |eigenlijk |gewoon )?niet|twijfel|misschien|dunno)\b"
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
# a story with its answer inside ("Hij was er wel, maar ... Ik denk dus ja.", "... Soms dus.",
# "Excuus, door elkaar. Ja dus.": round 25 asked for ja/soms/nee three times): a sentence that
# is only the verdict, with the small words people wrap it in, answers wherever it stands
_FILLER = r"(?:ik denk|denk ik|dus|eigenlijk|toch|nou|dan|maar|ook|wel|hoor|zeker|zoals ik (?:al )?(?:schreef|zei))"
_VERDICTS = {
    YES: r"ja+|zeker|klopt|inderdaad|vaak|het wel|van wel",
    NO: r"nee+|zelden|nooit|het niet|van niet|niet echt",
    SOMETIMES: r"soms|af en toe|een beetje",
}
_VERDICT_SENTENCE = {
    value: re.compile(rf"^(?:{_FILLER}\s+)*(?:{words})(?:\s+{_FILLER})*$") for value, words in _VERDICTS.items()
}


def yes_no(text: Optional[str], intent: Optional[str] = None) -> Optional[str]:
    """Interpret an answer to a ja/nee question: ja, nee, soms or weet niet; None when it is
    none of these. "soms wel soms niet" is read before the intent, which may say affirm."""
    cleaned = _HESITATION.sub("", normalize(text or "").strip(" .!?,"))
    for pattern, value in ((_SOMETIMES, SOMETIMES), (_UNSURE, UNSURE)):
        if pattern.match(cleaned):
            return value
    if intent in ("affirm", "deny"):
        return YES if intent == "affirm" else NO
    for pattern, value in ((_NO, NO), (_YES, YES)):
        if pattern.match(cleaned):
            return value
    return verdict_inside(cleaned)


def verdict_inside(cleaned: str) -> Optional[str]:
    """The last sentence of a story that is only a verdict ("dus ja", "ik denk het wel")."""
    for sentence in reversed(re.split(r"[.!?;:\n]+|,\s*", cleaned)):
        words = " ".join(sentence.split())
        for value, pattern in _VERDICT_SENTENCE.items():
            if pattern.match(words):
                return value
    return None


def side(text: Optional[str]) -> Optional[str]:
    """Which side of the abandonment/commitment dance the user recognises (words are matched
    at word starts, so "weg" counts in "wegrennen" but not in "bewegen")."""
    cleaned = normalize(text or "")
    hits = [name for name, words in _SIDE_WORDS.items() if any(re.search(r"\b" + re.escape(w), cleaned) for w in words)]
    if "allebei" in hits or len(hits) > 1:
        return "allebei"
    return hits[0] if hits else None


def score(answers: Mapping[str, Optional[str]], slots: Sequence[str]) -> float:
    """Yes counts one, "soms" half, "nee" and "weet niet" nothing."""
    return sum(WEIGHTS.get(answers.get(slot) or "", 0.0) for slot in slots)


def counted(answers: Mapping[str, Optional[str]], slots: Sequence[str], value: str) -> int:
    return sum(1 for slot in slots if answers.get(slot) == value)


def band(bands: Sequence[Mapping[str, Any]], value: float) -> str:
    """The text of the first band whose `up_to` reaches the score (the last one otherwise)."""
    return next((b["text"] for b in bands if value <= b["up_to"]), bands[-1]["text"])


def pattern_scores(questions: Sequence[Mapping[str, str]], answers: Mapping[str, Optional[str]]) -> Dict[str, float]:
    scores: Dict[str, float] = {}
    for question in questions:
        pattern = question["pattern"]
        scores[pattern] = scores.get(pattern, 0.0) + WEIGHTS.get(answers.get(question["slot"]) or "", 0.0)
    return scores


def best_patterns(questions: Sequence[Mapping[str, str]], answers: Mapping[str, Optional[str]]) -> List[str]:
    """The pattern(s) with the highest score; empty when nothing was recognised."""
    scores = pattern_scores(questions, answers)
    top = max(scores.values())
    return [p for p, value in scores.items() if value == top] if top else []


TAG = re.compile(r"<[^>]*>")
MARKUP = re.compile(r"[<>\[\]()*_`\\|#!~{}]")


def quote(text: Optional[str], limit: int = MAX_QUOTE) -> str:
    """A user's answer as plain text, shortened for a summary: the web chat renders
    markdown and HTML in bot messages, so a typed link or tag must not come back as one."""
    cleaned = re.sub(r"\s+", " ", MARKUP.sub(" ", TAG.sub(" ", text or ""))).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def answered(slots: Sequence[str], answers: Mapping[str, Optional[str]]) -> int:
    return sum(1 for slot in slots if answers.get(slot))
