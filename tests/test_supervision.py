"""Killing any one server of `make run` (scripts/serve.py, both profiles): a crisis message
is still answered with its crisis reply, every other message with a reply (the apology with
the helplines while a server is down), nothing stored is lost, and the server comes back by
itself (service/supervisor.py). Each server is killed with SIGKILL, as a crash or the
kernel's out-of-memory killer would.

The one exception is the Rasa server of the default profile, the only process that takes
messages: while it starts again (its model load, ~10-20 s) a message cannot be delivered at
all. The test checks that it comes back with the conversation intact; the scaled profile,
with several workers, keeps answering when one worker dies. A message that the killed worker
was handling at that moment dies with it (the connection is reset; no other process holds
it): the client sends it again, as the page does with every message that got no receipt
(web/chat.js, resendPending) and Telegram with every update not acknowledged, and then it is
answered.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Callable, Iterator, List, Optional

import pytest

from channels.common import response_text
from service import runtime
from service.settings import PROJECT_DIR
from tests.helpers import children_of, command_line, post_json, rest_auth, texts, tracker

CRISIS = {
    "ik wil er niet meer zijn, ik zie het niet meer zitten": "utter_crisis_suicidal",
    "hij heeft me gisteren weer geslagen en ik ben bang": "utter_crisis_violence",
}
ORDINARY = "mijn vriend zegt nooit wat hij voelt en ik voel me alleen"


class Served:
    """`python -m scripts.serve` on free ports with its own var/ folder."""

    def __init__(self, tmp: Path, model: Path, profile: str) -> None:
        self.tmp = tmp
        self.token = uuid.uuid4().hex
        self.rasa_port = runtime.free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        env = runtime.process_env(
            {
                "COACH_PROFILE": profile,
                "VAR_DIR": str(tmp / "var"),
                "RASA_MODEL": str(model),
                "RASA_PORT": str(self.rasa_port),
                "ACTIONS_PORT": str(runtime.free_port()),
                "WEB_PORT": str(runtime.free_port()),
                "RASA_AUTH_TOKEN": self.token,
                "RASA_WORKERS": "2",
                "PYTHONUNBUFFERED": "1",
            }
        )
        self.output = tmp / "serve.out"
        self.out = open(self.output, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scripts.serve"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=self.out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def said(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_for(self, text: str, count: int = 1, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while self.said().count(text) < count:
            assert self.process.poll() is None, f"make run stopped:\n{self.said()[-3000:]}"
            assert time.monotonic() < deadline, f"no {text!r} after {timeout:.0f}s:\n{self.said()[-3000:]}"
            time.sleep(0.2)

    def server(self, marker: str) -> int:
        """The pid of the server whose command line contains `marker`."""
        found = [pid for pid in children_of(self.process.pid) if marker in command_line(pid)]
        assert len(found) == 1, f"{marker}: {found}"
        return found[0]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.out.close()


@pytest.fixture(params=["default", "scaled"], scope="module")
def served(request, tmp_path_factory, trained_model) -> Iterator[Served]:
    run = Served(tmp_path_factory.mktemp(f"serve-{request.param}"), trained_model, request.param)
    try:
        run.wait_for("Ready after")
        yield run
    finally:
        run.stop()
        leftover = [pid for pid in children_of(run.process.pid)]
        assert not leftover, f"processes left after SIGTERM: {leftover}"
        for location in (run.tmp / "var" / "postgres").glob("location"):
            shutil.rmtree(location.read_text().strip(), ignore_errors=True)
    assert run.process.returncode == 0, run.said()[-2000:]


def send(url: str, sender: str, message: str, timeout: float = 60) -> Optional[str]:
    """The reply texts, or None when the Rasa server could not be reached at all (refused, or
    accepted on the socket of a server still loading its model and not answered in time)."""
    try:
        status, body = post_json(
            f"{url}/webhooks/rest/webhook", {"sender": sender, "message": message}, timeout, rest_auth()
        )
    except OSError:  # URLError, ConnectionError, TimeoutError
        return None
    assert status == 200, body
    return texts(body)


class Traffic:
    """Messages sent one after another, a crisis message every third, while a server is
    killed and comes back; every reply is kept."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.replies: List[tuple] = []
        self.sent: List[tuple] = []  # (sender, message, start, end) beside each reply
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        crisis = list(CRISIS)
        count = 0
        while not self.done.is_set():
            count += 1
            message = crisis[count % 2] if count % 3 == 0 else ORDINARY
            sender = f"traffic-{uuid.uuid4().hex[:8]}"  # one message each: a crisis reply every time
            start = time.monotonic()
            reply = send(self.url, sender, message, timeout=30)
            self.sent.append((sender, message, start, time.monotonic()))
            self.replies.append((message, reply))
            time.sleep(0.2)

    def __enter__(self) -> "Traffic":
        self.thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.done.set()
        self.thread.join(60)


def assert_answered(replies: List[tuple], unreachable_allowed: bool = False) -> None:
    """Every message got a reply, a crisis message its crisis reply; with
    `unreachable_allowed`, a message may also not have reached any server at all."""
    answered = [(message, reply) for message, reply in replies if reply is not None or not unreachable_allowed]
    assert len(answered) >= 6, f"too few messages answered around the kill: {len(answered)} of {len(replies)}"
    for message, reply in answered:
        assert reply, f"no reply at all to {message!r}"
        if message in CRISIS:
            assert reply.startswith(response_text(CRISIS[message])), f"not the crisis reply: {reply!r}"


def stored_user_texts(served: Served, sender: str) -> List[str]:
    status, body = tracker(served.url, sender, served.token)
    assert status == 200, body
    return [e["text"] for e in body["events"] if e["event"] == "user"]


def kill_and_watch(served: Served, name: str, pid_of: Callable[[], int], answered_throughout: bool = True) -> None:
    """A conversation before and after the kill, traffic during it, the server back."""
    user = f"kept-{uuid.uuid4().hex[:8]}"
    before = ["hoi", "ik voel me vaak alleen naast mijn vriend"]
    for message in before:
        assert send(served.url, user, message)
    restarts = served.said().count(f"== {name} started again")
    victim = pid_of()
    with Traffic(served.url) as traffic:
        time.sleep(0.5)
        os.kill(victim, signal.SIGKILL)
        served.wait_for(f"== {name} started again", restarts + 1, timeout=120)
        wait_until_normal(served)
        time.sleep(2)  # and a few messages more once it is back
    assert f"!! {name} stopped (killed by signal 9)" in served.said()
    assert_answered(traffic.replies, unreachable_allowed=not answered_throughout)
    assert pid_of() != victim
    after = "wat kan ik doen als hij dichtklapt"
    assert send(served.url, user, after) != response_text("utter_degraded")
    assert stored_user_texts(served, user) == before + [after], "a stored message was lost"


def wait_until_normal(served: Served, timeout: float = 180) -> None:
    """Until an ordinary message gets a real answer again (not the apology)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = send(served.url, f"probe-{uuid.uuid4().hex[:6]}", ORDINARY, timeout=30)
        if reply and reply != response_text("utter_degraded"):
            return
        time.sleep(0.5)
    raise AssertionError(f"the bot did not answer normally again within {timeout:.0f}s:\n{served.said()[-2000:]}")


def test_killed_action_server_comes_back_and_crisis_messages_get_their_reply(served):
    kill_and_watch(served, "action server", lambda: served.server("rasa_sdk"))


def test_killed_rasa_server_comes_back_with_the_conversations(served):
    """Default profile: nobody takes messages while it loads again; scaled: its workers are
    cleared and started again too."""
    kill_and_watch(served, "rasa server", lambda: served.server("scripts.rasa_server"), answered_throughout=False)


# the default profile has one Rasa process and its SQLite store is a file inside it: these
# two run on the scaled profile only (not a skip: they are never collected for the default)
@pytest.mark.parametrize("served", ["scaled"], indirect=True)
def test_killed_rasa_worker_is_replaced_while_the_other_answers(served):
    assert "Scaled profile" in served.said()
    main = served.server("scripts.rasa_server")
    workers = children_of(main)
    assert len(workers) >= 2, workers
    user = f"worker-{uuid.uuid4().hex[:8]}"
    with Traffic(served.url) as traffic:
        time.sleep(0.5)
        killed_at = time.monotonic()
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 60
        while len([w for w in children_of(main) if w != workers[0]]) < len(workers):
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.5)
        wait_until_normal(served)
        time.sleep(2)
    replies = []
    for (sender, message, start, end), (_, reply) in zip(traffic.sent, traffic.replies):
        if reply is None and start <= killed_at <= end:  # in flight on the killed worker
            reply = send(served.url, sender, message)  # sent again, as the page and Telegram do
        replies.append((message, reply))
    assert_answered(replies)
    assert send(served.url, user, ORDINARY) != response_text("utter_degraded")


@pytest.mark.parametrize("served", ["scaled"], indirect=True)
@pytest.mark.parametrize("store, marker", [("redis", "redis-server"), ("postgresql", "postgres -D")])
def test_killed_store_comes_back_and_crisis_messages_get_their_reply(served, store, marker):
    assert "Scaled profile" in served.said()
    kill_and_watch(served, store, lambda: served.server(marker))
