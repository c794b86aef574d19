"""What every channel of the project does around Rasa's message handling.

Why one place: the same rules must hold on REST, web chat and Telegram. The text is cleaned
and checked before the NLU (coach/inbound.py); sender ids carry the channel's prefix, so
one channel can never address another channel's conversation; when Rasa produced no reply
at all (action server down or too slow, a store down, an exception) the user still gets an
apology with the helplines, and a crisis message its own crisis reply (the crisis patterns
need neither the action server nor the stores); and a confirmed "vergeet mij" deletes the conversation after Rasa has saved
it. No message text is logged here.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, FrozenSet, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage

from service import privacy
from coach.crisis import crisis_in_message
from coach.inbound import prepare
from coach.replies import in_turn
from service.settings import load

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def domain_data() -> Dict[str, Any]:
    import yaml

    return yaml.safe_load(load().domain.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def intents() -> FrozenSet[str]:
    return frozenset(i if isinstance(i, str) else next(iter(i)) for i in domain_data()["intents"])


def response_text(name: str, turn: int = 0) -> str:
    """A text of a domain response (texts a channel sends itself are data too), its
    variations taken in turn."""
    return in_turn(domain_data()["responses"], name, turn)


class WatchedOutput(OutputChannel):
    """Passes every message on to the real output channel and remembers whether there was
    one and whether the bot asked to forget the conversation (a custom json marker that
    never reaches the user)."""

    def __init__(self, inner: OutputChannel, forget_json: Optional[Dict[str, Any]] = None) -> None:
        self.inner = inner
        self.forget_json = forget_json
        self.sent = 0
        self.forget = False

    @classmethod
    def name(cls) -> Text:
        return "watched"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get(privacy.FORGET_MARKER):
            self.forget = True
            message = {k: v for k, v in message.items() if k != "custom"}
            if self.forget_json is not None:
                await self.inner.send_custom_json(recipient_id, dict(self.forget_json))
            if not any(message.get(k) for k in ("text", "buttons", "image", "attachment", "elements")):
                return
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


async def handle(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    raw_text: Any,
    output: OutputChannel,
    sender_id: Text,
    channel: Text,
    tracker_store: Optional[Any] = None,
    forget_json: Optional[Dict[str, Any]] = None,
    lock_store: Optional[Any] = None,
) -> WatchedOutput:
    """Run one user message through Rasa with the project's rules around it; `forget_json`
    is what the channel's client gets when the conversation is deleted."""
    inbound = prepare(raw_text, intents())
    watched = WatchedOutput(output, forget_json)
    if inbound.text is None:
        await output.send_text_message(sender_id, response_text("utter_message_too_long"))
        return watched
    try:
        await on_new_message(UserMessage(inbound.text, watched, sender_id, input_channel=channel))
    except Exception as error:  # never leave the user without a reply
        logger.error("Handling a %s message failed: %s", channel, type(error).__name__)
    if watched.sent == 0:
        await output.send_text_message(sender_id, response_text(fallback_response(inbound.text, channel)))
    if watched.forget and tracker_store is not None:
        await forget(tracker_store, lock_store, sender_id)
    return watched


def fallback_response(text: str, channel: Text) -> str:
    """What the user gets when Rasa produced no reply (the action server, the tracker store
    or the lock store down or too slow): a crisis message its own crisis reply, found by the
    patterns alone, anything else the apology with the helplines."""
    crisis = crisis_in_message(text)
    kind = "the crisis reply" if crisis else "the apology"
    logger.warning("No reply from Rasa for a %s message; sent %s", channel, kind)
    return f"utter_{crisis}" if crisis else "utter_degraded"


async def forget(tracker_store: Any, lock_store: Optional[Any], sender_id: Text) -> None:
    """Delete the conversation under its lock: a message of the same conversation handled at
    that moment would otherwise save its whole history again (the SQL store appends what it
    has not counted yet, and after the deletion it counts nothing)."""
    if lock_store is None:
        await privacy.delete_conversation(tracker_store, sender_id)
        return
    async with lock_store.lock(sender_id):
        await privacy.delete_conversation(tracker_store, sender_id)


def sender(channel_prefix: str, raw: Any) -> Optional[str]:
    """The namespaced sender id, or None when the raw id is not acceptable."""
    if not isinstance(raw, (str, int)) or isinstance(raw, bool):
        return None
    value = str(raw)
    if not (1 <= len(value) <= 64) or not all(c.isalnum() or c in "-_." for c in value):
        return None
    return f"{channel_prefix}:{value}"
