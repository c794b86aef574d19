"""Deleting conversations: on request ("vergeet mij") and after the retention period.

These are health conversations under the GDPR (AVG art. 9): store only what is needed, for
a limited time, and let people delete it. Works on Rasa's SQL tracker store (SQLite and
PostgreSQL alike) through its own engine and table, so nothing else needs to know the
schema. Other stores (in memory) are handled by dropping their in-memory tracker.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional

logger = logging.getLogger(__name__)
# The key of the custom message with which action_forget_me asks the channel to delete.
FORGET_MARKER = "forget"


def sql_store(tracker_store: Any) -> Optional[Any]:
    """Rasa wraps its store (AwaitableTrackerStore, FailSafeTrackerStore): the SQL one inside."""
    store = tracker_store
    for _ in range(5):
        if hasattr(store, "SQLEvent") and hasattr(store, "session_scope"):
            return store
        store = getattr(store, "_tracker_store", None)
        if store is None:
            return None
    return None


def _delete(store: Any, sender_id: str) -> int:
    with store.session_scope() as session:
        deleted = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
        session.commit()
    return deleted


def _purge(store: Any, cutoff: float) -> int:
    import sqlalchemy as sa

    event = store.SQLEvent
    with store.session_scope() as session:
        stale = (
            session.query(event.sender_id)
            .group_by(event.sender_id)
            .having(sa.func.max(event.timestamp) < cutoff)
            .subquery()
        )
        deleted = (
            session.query(event)
            .filter(event.sender_id.in_(sa.select(stale.c.sender_id)))
            .delete(synchronize_session=False)
        )
        session.commit()
    return deleted


async def delete_conversation(tracker_store: Any, sender_id: str) -> int:
    """Every stored event of one conversation; returns how many rows went."""
    store = sql_store(tracker_store)
    if store is None:
        inner = tracker_store
        while inner is not None:
            getattr(inner, "store", {}).pop(sender_id, None)
            inner = getattr(inner, "_tracker_store", None)
        return 0
    deleted = await asyncio.get_running_loop().run_in_executor(None, _delete, store, sender_id)
    logger.info("A conversation was deleted on request (%d events)", deleted)
    return deleted


async def purge_older_than(tracker_store: Any, days: float, now: Optional[float] = None) -> int:
    """Conversations whose last event is older than `days`; returns how many rows went."""
    store = sql_store(tracker_store)
    if store is None or days <= 0:
        return 0
    cutoff = (now if now is not None else time.time()) - days * 86400
    deleted = await asyncio.get_running_loop().run_in_executor(None, _purge, store, cutoff)
    logger.info("Retention: %d events older than %g days deleted", deleted, days)
    return deleted
