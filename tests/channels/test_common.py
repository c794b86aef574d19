"""What every channel does around Rasa (channels/common.py): deleting a conversation waits
for the conversation's lock, so a message handled at that moment cannot save it again."""

from __future__ import annotations

import asyncio
import time

from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.common import forget


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
