"""The scaled profile: two Rasa processes on one PostgreSQL and one Redis, started by the
project itself (service/backends.py). `make test` installs both first; a missing one fails
here with what to run, it is never skipped."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List

import pytest
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.core.tracker_store import AwaitableTrackerStore, SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from channels.common import response_text
from service import backends, privacy, scaled
from service.lockstore import AtomicRedisLockStore
from service.runtime import free_port
from service.settings import PROJECT_DIR, Settings
from tests.conftest import Bot
from tests.helpers import post_json, rest_auth, texts, tracker

# 20 different messages, as users type them (lowercase, typos), none about a crisis
MESSAGES = [
    "mijn vriend praat nooit over wat hij voelt",
    "hoe kan ik het beste beginnen over gevoelens",
    "ik voel me vaak alleen naast mijn partner",
    "wat kan ik doen als hij dicht klapt",
    "waarom val ik steeds op mannen die afstand houden",
    "mijn vriendin reageert nauwelijks op mijn berichten",
    "hoe zeg ik wat ik nodig heb zonder ruzie",
    "ik weet niet of ik moet blijven",
    "hij zegt dat het wel goed gaat maar ik merk niks",
    "kan je me tips geven voor een gesprek",
    "ik ben bang dat ik te veel vraag",
    "wat is emotionele onbereikbaarheid eigenlijk",
    "mijn partner werkt altijd en heeft geen tijd",
    "hoe zorg ik beter voor mezelf",
    "ik pas me steeds aan aan hem",
    "welke vragen kan ik mezelf stellen",
    "hij lacht alles weg als ik iets serieus zeg",
    "ik wil grenzen stellen maar durf het niet",
    "ons gesprek loopt altijd vast",
    "dank je, dit helpt me wel",
]


@pytest.fixture(scope="module")
def stores():
    """Our own PostgreSQL and Redis under var/ (as root, PostgreSQL's files go where the
    postgres user can reach them, service/backends.postgres_home; removed afterwards)."""
    folder = PROJECT_DIR / "var" / f"test-stores-{uuid.uuid4().hex[:8]}"
    try:
        opened = scaled.open_stores(Settings(postgres_host=None, redis_host=None), folder)
    except backends.BackendMissing as missing:
        pytest.fail(f"{missing} (make test installs both)")
    try:
        yield opened
    finally:
        opened.stop()
        for backend in opened.started:
            backend.remove()
        shutil.rmtree(folder, ignore_errors=True)


def lock_store_config(stores, **extra) -> EndpointConfig:
    return EndpointConfig(
        stores.redis_host, port=stores.redis_port, password=stores.redis_password, db=1, key_prefix="t", **extra
    )


def issue_at_once(make_store, count: int, conversation: str) -> List[int]:
    """`count` stores, each with its own connection as in separate processes, asking for a
    ticket for one conversation at the same moment."""
    stores = [make_store() for _ in range(count)]
    start = threading.Barrier(count)

    def issue(store):
        start.wait()
        return store.issue_ticket(conversation)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(issue, stores))


@pytest.fixture
def slow_ticket_step(monkeypatch):
    """Widens the window between reading a lock and writing it back (as a busy process does)
    so that the race shows every time, not only now and then."""
    original = TicketLock.issue_ticket

    def slow(self, lifetime):
        number = original(self, lifetime)
        time.sleep(0.05)
        return number

    monkeypatch.setattr(TicketLock, "issue_ticket", slow)


def test_rasa_redis_lock_store_gives_two_messages_the_same_ticket(stores, slow_ticket_step):
    """The sharp edge in Rasa 3.6: read, add a ticket, write back, with nothing atomic."""
    config = lock_store_config(stores)
    tickets = issue_at_once(lambda: RedisLockStore(host=config.url, **config.kwargs), 8, "race-rasa")
    assert len(set(tickets)) < len(tickets), f"no duplicate ticket this time: {tickets}"


def test_atomic_lock_store_gives_every_message_its_own_ticket(stores, slow_ticket_step):
    config = lock_store_config(stores)
    tickets = issue_at_once(lambda: AtomicRedisLockStore(config), 8, "race-ours")
    assert sorted(tickets) == list(range(8))


def test_atomic_lock_store_serves_in_ticket_order_and_cleans_up(stores):
    """Many issues and clean-ups from several connections at once: no ticket twice, no ticket
    lost by a clean-up (which would end that message with 'Could not acquire lock')."""
    config = lock_store_config(stores)
    conversation = "stress"

    def one_client(_):
        store = AtomicRedisLockStore(config)
        seen = []
        for _ in range(25):
            ticket = store.issue_ticket(conversation)
            seen.append(ticket)
            assert store.get_lock(conversation) is not None, "the lock vanished while a ticket was out"
            store.cleanup(conversation, ticket)
        return seen

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one_client, range(4)))
    assert AtomicRedisLockStore(config).get_lock(conversation) is None


def test_lock_store_error_when_redis_does_not_answer():
    """Rasa turns this into an exception in handle_message; the channel then apologises
    (channels/common.py), see test_redis_down_gives_the_apology_not_a_hang."""
    config = EndpointConfig("127.0.0.1", port=free_port(), password="x", socket_timeout=1)
    started = time.monotonic()
    with pytest.raises(LockError):
        AtomicRedisLockStore(config).issue_ticket("nobody")
    assert time.monotonic() - started < 5


def test_forget_and_retention_on_postgresql(stores, domain):
    """service/privacy.py deletes on any SQL tracker store: also on PostgreSQL."""
    store = AwaitableTrackerStore(
        SQLTrackerStore(
            domain,
            dialect="postgresql",
            host=stores.postgres_host,
            port=stores.postgres_port,
            db="privacy_test",
            username=stores.postgres_user,
            password=stores.postgres_password,
            login_db="postgres",
        )
    )
    now = time.time()
    for sender, age in {"web:old": 45, "web:recent": 3, "rest:gone": 0}.items():
        stamp = now - age * 86400
        events = [ActionExecuted("action_listen", timestamp=stamp), UserUttered("iets", timestamp=stamp)]
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    assert asyncio.run(privacy.delete_conversation(store, "rest:gone")) == 2
    assert asyncio.run(privacy.purge_older_than(store, 30)) == 2
    assert set(asyncio.run(store.keys())) == {"web:recent"}


@pytest.fixture(scope="module")
def two_servers(stores, tmp_path_factory, trained_model):
    """One action server and two Rasa servers sharing the PostgreSQL tracker store and the
    Redis lock store, as `make run PROFILE=scaled` runs them."""
    running = Bot(tmp_path_factory.mktemp("scaled"), trained_model)
    running.endpoints = scaled.write_endpoints(running.tmp / "endpoints.yml", running.actions_port, stores)
    try:
        running.start_actions()
        servers = [running.launch_rasa(stores.env()) for _ in range(2)]
        yield running, servers
    finally:
        running.stop()


def send(url: str, sender: str, message: str, timeout: float = 120) -> List[Dict]:
    status, body = post_json(
        f"{url}/webhooks/rest/webhook", {"sender": sender, "message": message}, timeout, rest_auth()
    )
    assert status == 200, f"{url} answered {status}: {body}"
    return body


def turns(events: List[Dict]) -> List[tuple]:
    """(user text, the bot texts after it) for each user message, in stored order."""
    result = []
    for event in events:
        if event["event"] == "user":
            result.append((event["text"], []))
        elif event["event"] == "bot" and result:
            result[-1][1].append(event.get("text") or "")
    return [(text, nonempty_lines(bot)) for text, bot in result]


def nonempty_lines(parts: List[str]) -> List[str]:
    """Bot texts without the empty ones (a message with only buttons or data)."""
    return [line for part in parts for line in part.splitlines() if line.strip()]


def test_twenty_concurrent_messages_over_two_processes_are_all_kept_in_order(two_servers):
    running, servers = two_servers
    urls = [url for _, url in servers]
    user = f"race-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(len(MESSAGES)) as pool:
        replies = list(pool.map(lambda i: send(urls[i % 2], user, MESSAGES[i]), range(len(MESSAGES))))
    stored = []
    for url in urls:
        status, body = tracker(url, user, running.token)
        assert status == 200
        stored.append(body["events"])
    assert stored[0] == stored[1], "the two processes see different conversations"
    events = stored[0]
    kept = turns(events)
    assert sorted(text for text, _ in kept) == sorted(MESSAGES), "a message was lost or stored twice"
    # each message got exactly the reply that follows it in the stored conversation: no two
    # messages were processed at once on the same tracker
    answered = {MESSAGES[i]: nonempty_lines([texts(replies[i])]) for i in range(len(MESSAGES))}
    for text, bot in kept:
        assert bot, f"no reply stored after a message: {text!r}"
        assert answered[text] == bot
    stamps = [event["timestamp"] for event in events]
    assert stamps == sorted(stamps), "stored events are out of order"
    user_events = [event for event in events if event["event"] == "user"]
    assert all(e["input_channel"] == "rest" for e in user_events)


def test_conversation_goes_on_after_either_process_restarts(two_servers, stores):
    running, servers = two_servers
    user = f"restart-{uuid.uuid4().hex[:8]}"
    sent = []
    for index in (0, 1):
        service, url = servers[index]
        other_url = servers[1 - index][1]
        sent.append(MESSAGES[len(sent)])
        assert texts(send(url, user, sent[-1]))
        running.stop_service(service)
        # the other process carries on the same conversation while this one is down
        sent.append(MESSAGES[len(sent)])
        assert texts(send(other_url, user, sent[-1]))
        servers[index] = running.launch_rasa(stores.env())
        sent.append(MESSAGES[len(sent)])
        assert texts(send(servers[index][1], user, sent[-1]))
    status, body = tracker(servers[0][1], user, running.token)
    assert status == 200
    assert [text for text, _ in turns(body["events"])] == sent


def test_redis_down_gives_the_apology_not_a_hang(two_servers, stores):
    """Without Redis no message can be processed safely: the user gets the apology with the
    helplines within seconds (Redis socket timeout), the log says why, and the conversation
    goes on when Redis is back."""
    running, servers = two_servers
    redis = next(b for b in stores.started if b.service.name == "redis")
    user = f"noredis-{uuid.uuid4().hex[:8]}"
    backends.stop([redis])
    try:
        started = time.monotonic()
        reply = texts(send(servers[0][1], user, MESSAGES[0], timeout=30))
        assert time.monotonic() - started < 20
        assert reply == response_text("utter_degraded")
        log = (running.tmp / f"rasa-{servers[0][1].rsplit(':', 1)[1]}.log").read_text(errors="replace")
        assert "Handling a rest message failed: LockError" in log
        assert MESSAGES[0] not in log, "message text in the log"
    finally:
        stores.started[stores.started.index(redis)] = backends.start_redis(redis.folder, redis.password, redis.port)
    assert texts(send(servers[1][1], user, MESSAGES[1])) != response_text("utter_degraded")
