"""What every channel does around Rasa (channels/common.py): when Rasa cannot answer, the
user still gets the helplines (a crisis message its own crisis reply); deleting a
conversation waits for the conversation's lock, so a message handled at that moment cannot
save it again."""

from __future__ import annotations

import asyncio
import time

import pytest

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.lock_store import InMemoryLockStore, LockError
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.common import forget, handle, response_text


def answer_when_rasa_fails(text: str, failure: Exception) -> list:
    """What the user gets for `text` when Rasa's handling raises `failure` (the store or the
    lock store down) or, with failure None, ends without a reply (the action server down)."""

    async def rasa(message):
        if failure is not None:
            raise failure

    output = CollectingOutputChannel()
    asyncio.run(handle(rasa, text, output, "rest:ann", "rest"))
    return [m["text"] for m in output.messages]


@pytest.mark.parametrize("failure", [None, LockError("redis down"), OSError("connection refused")])
@pytest.mark.parametrize(
    "text, response",
    [
        ("mijn vriend zegt nooit wat hij voelt", "utter_degraded"),
        ("ik wil niet meer leven", "utter_crisis_suicidal"),
        ("hij heeft me gisteren weer geslagen", "utter_crisis_violence"),
        ("mijn zus appte dat ze niet meer wil leven", "utter_crisis_other"),
        ("/crisis_violence", "utter_crisis_violence"),
    ],
)
def test_without_rasa_a_crisis_still_gets_its_own_reply(text, response, failure):
    assert answer_when_rasa_fails(text, failure) == [response_text(response)]


def test_crisis_fallback_texts_come_from_the_domain(domain_dict):
    for kind in ("suicidal", "violence", "other"):
        assert response_text(f"utter_crisis_{kind}") == domain_dict["responses"][f"utter_crisis_{kind}"][0]["text"]


def test_forget_waits_for_the_conversation_lock():
    async def scenario():
        store = InMemoryTrackerStore(Domain.empty())
        await store.save(DialogueStateTracker.from_events("rest:ann", [UserUttered("hoi")]))
        locks = InMemoryLockStore()
        held = asyncio.Event()
        released_at = {}

        async def message_in_progress():
            async with locks.lock("rest:ann"):
                held.set()
                await asyncio.sleep(0.5)
                released_at["t"] = time.monotonic()

        busy = asyncio.create_task(message_in_progress())
        await held.wait()
        await forget(store, locks, "rest:ann")
        deleted_at = time.monotonic()
        await busy
        return released_at["t"], deleted_at, await store.retrieve("rest:ann")

    released, deleted, left = asyncio.run(scenario())
    assert deleted >= released, "deleted while a message of the conversation was being handled"
    assert left is None
