"""Deleting conversations from Rasa's SQL tracker store: on request and after retention."""

from __future__ import annotations

import asyncio
import time

from rasa.core.tracker_store import AwaitableTrackerStore, SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from service import privacy


def store_with(tmp_path, domain, ages_in_days):
    store = AwaitableTrackerStore(SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db")))
    now = time.time()
    for sender, age in ages_in_days.items():
        stamp = now - age * 86400
        tracker = DialogueStateTracker.from_events(
            sender,
            [ActionExecuted("action_listen", timestamp=stamp), UserUttered("iets persoonlijks", timestamp=stamp)],
        )
        asyncio.run(store.save(tracker))
    return store


def test_retention_deletes_only_conversations_past_the_limit(tmp_path, domain):
    store = store_with(tmp_path, domain, {"web:old": 45, "web:recent": 3, "tg:1": 31})
    deleted = asyncio.run(privacy.purge_older_than(store, 30))
    assert deleted == 4
    assert set(asyncio.run(store.keys())) == {"web:recent"}


def test_delete_conversation_removes_every_event_of_one_sender(tmp_path, domain):
    store = store_with(tmp_path, domain, {"rest:a": 0, "rest:b": 0})
    assert asyncio.run(privacy.delete_conversation(store, "rest:a")) == 2
    assert set(asyncio.run(store.keys())) == {"rest:b"}


def test_zero_days_keeps_everything(tmp_path, domain):
    store = store_with(tmp_path, domain, {"web:x": 400})
    assert asyncio.run(privacy.purge_older_than(store, 0)) == 0
