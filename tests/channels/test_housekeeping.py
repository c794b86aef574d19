"""Housekeeping inside the Rasa server (channels/housekeeping.py): a tracker store that fails
says so instead of handing Rasa an empty conversation."""

from __future__ import annotations

import asyncio
import threading

import pytest
import rasa.core.tracker_store as rasa_tracker_store
from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.housekeeping import (
    engine_kwargs,
    parse_message_beside_the_loop,
    resolve_by_type,
    tracker_store_fails_loudly,
)


class DownStore(InMemoryTrackerStore):
    """A store whose database is down."""

    async def retrieve(self, sender_id):
        raise ConnectionError("database down")

    async def save(self, tracker):
        raise ConnectionError("database down")


@pytest.fixture
def fails_loudly(monkeypatch):
    """The patches, undone after the test (they are meant for the Rasa server's process)."""
    for name in ("retrieve", "retrieve_full_tracker", "save"):
        monkeypatch.setattr(FailSafeTrackerStore, name, getattr(FailSafeTrackerStore, name))
    monkeypatch.setattr(rasa_tracker_store, "create_engine_kwargs", rasa_tracker_store.create_engine_kwargs)
    tracker_store_fails_loudly()


def test_rasa_alone_answers_a_store_error_with_an_empty_conversation():
    """What the patch is for: Rasa 3.6 would start the conversation over."""
    assert asyncio.run(FailSafeTrackerStore(DownStore(Domain.empty())).retrieve("web:ann")) is None


def test_a_failing_store_raises_instead_of_starting_the_conversation_over(fails_loudly):
    store = FailSafeTrackerStore(DownStore(Domain.empty()))
    with pytest.raises(ConnectionError):
        asyncio.run(store.retrieve("web:ann"))
    with pytest.raises(ConnectionError):
        asyncio.run(store.save(DialogueStateTracker.from_events("web:ann", [UserUttered("hoi")])))


def test_a_working_store_is_read_as_before(fails_loudly):
    inner = InMemoryTrackerStore(Domain.empty())
    asyncio.run(inner.save(DialogueStateTracker.from_events("web:ann", [UserUttered("hoi")])))
    tracker = asyncio.run(FailSafeTrackerStore(inner).retrieve("web:ann"))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["hoi"]


def test_postgresql_connections_are_checked_before_use():
    assert engine_kwargs("postgresql://coach@127.0.0.1:5432/coach")["pool_pre_ping"] is True
    assert "pool_pre_ping" not in engine_kwargs("sqlite:///var/tracker.db")


def test_the_nlu_runs_beside_the_event_loop_and_gives_rasa_its_parse():
    """The graph runs in the one NLU thread, so the loop goes on with other messages."""
    seen = {}

    class Processor:
        http_interpreter = None

        def _parse_message_with_graph(self, message, tracker, only_output_properties):
            seen["thread"] = threading.current_thread().name
            seen["sender"] = tracker.sender_id
            return {"text": message.text, "intent": {"name": "greet", "confidence": 1.0}, "entities": []}

        def _update_full_retrieval_intent(self, parse_data):
            seen["updated"] = True

        def _check_for_unseen_features(self, parse_data):
            pass

    async def parse():
        loop_thread = threading.current_thread().name
        parsed = await parse_message_beside_the_loop(Processor(), UserMessage("hoi", sender_id="web:ann"))
        return loop_thread, parsed

    loop_thread, parsed = asyncio.run(parse())
    assert parsed["intent"]["name"] == "greet" and seen["updated"]
    assert seen["thread"].startswith("nlu") and seen["thread"] != loop_thread
    assert seen["sender"] == "web:ann"


def test_event_classes_are_found_by_name_as_rasa_finds_them():
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet

    assert resolve_by_type("user") is UserUttered
    assert resolve_by_type("action") is ActionExecuted and resolve_by_type("slot") is SlotSet
    assert resolve_by_type("no such event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        resolve_by_type("no such event")
    for name in ("user", "bot", "slot", "action", "session_started", "active_loop"):
        assert resolve_by_type(name) is Event.resolve_by_type(name)
