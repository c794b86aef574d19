"""What a channel does with a user's text before Rasa sees it: pure functions, shared by
the REST, web chat and Telegram channels.

Why here and not in the NLU: Rasa treats a text that starts with "/" as an intent payload
and skips the NLU (and with it the crisis guard), and a 200,000-character message blocks
the whole server in the featurizers. So: a message counts as a payload only when it is
exactly "/<intent>" for an intent of the domain (the form every button of the bot has);
anything else that starts with "/" loses its slashes and becomes ordinary text. A message
over MAX_CHARS is not classified: its start is scanned for a crisis (then the crisis intent
goes to Rasa as a payload), otherwise the channel answers that it is too long and Rasa never
sees it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

from coach.crisis import detect_crisis

MAX_CHARS = 2000
PAYLOAD = re.compile(r"^/([a-z_]+)$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Inbound:
    text: Optional[str]  # None: do not hand it to Rasa
    too_long: bool = False


def clean(text: str) -> str:
    """Valid UTF-8 (lone surrogates replaced), no control characters, NFC, trimmed."""
    safe = text.encode("utf-8", errors="replace").decode("utf-8")
    return unicodedata.normalize("NFC", CONTROL.sub(" ", safe)).strip()


def prepare(raw: Optional[str], intents: Iterable[str]) -> Inbound:
    """The text to hand to Rasa for what the user typed or tapped."""
    text = clean(raw if isinstance(raw, str) else "")
    if len(text) > MAX_CHARS:
        crisis = detect_crisis(text[:MAX_CHARS])
        return Inbound(f"/{crisis}" if crisis else None, too_long=True)
    payload = PAYLOAD.match(text)
    if payload and payload.group(1) in set(intents):
        return Inbound(text)
    if text.startswith("/"):
        return Inbound(text.lstrip("/ ").strip())
    return Inbound(text)
