"""Rasa's Redis lock store with every change to a lock made atomically.

Why: in Rasa 3.6 `RedisLockStore` (through `LockStore`) reads the lock, changes it in Python
and writes it back with nothing in between. With several processes on one Redis:
- two messages of one conversation can get the same ticket (`issue_ticket`), and then both
  are processed at the same time on the same tracker;
- `cleanup` can delete the lock right after another process put its ticket in it, and that
  message then fails with "Could not acquire lock";
- `finish_serving` and `update_lock` can write back a lock without a ticket issued meanwhile.
Rasa Pro has a ConcurrentRedisLockStore for this; here each of these steps is one Redis
transaction (WATCH the key, MULTI/EXEC the write, retry when another process changed the
lock in between), on Rasa's own TicketLock, so the ticket rules stay Rasa's.
tests/test_scaled.py shows the race with Rasa's store and that this one holds.

Used in endpoints as `lock_store: {type: service.lockstore.AtomicRedisLockStore, url: ...}`.
"""

from __future__ import annotations

import json
from typing import Callable, Optional, Text, Tuple, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
# The change to one lock: takes the stored lock (None when there is none) and returns the lock
# to store (None: delete it) and the result for the caller.
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], T]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds custom lock stores from the endpoint config alone; the keys are
        # RedisLockStore's (url = host, port, password, db, key_prefix, socket_timeout).
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _transact(self, conversation_id: Text, change: "Change[T]") -> T:
        import redis

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another process changed this lock since we read it: again

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._transact(conversation_id, issue)
        except Exception as error:  # what Rasa's store raises, so Rasa's handling applies
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def finish(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._transact(conversation_id, finish)

    def update_lock(self, conversation_id: Text) -> None:
        def update(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._transact(conversation_id, update)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Our ticket out, and the lock gone when nobody waits: one step, so a ticket issued
        in between is never deleted with it."""

        def clean(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._transact(conversation_id, clean)
