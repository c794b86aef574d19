"""The web chat's socket.io sessions: issued and signed by the server, never taken over."""

from __future__ import annotations

import json
import queue
import time

import pytest
import socketio

from channels.common import response_text
from channels.webchat import HandledIds, issue, message_id, sign, verified
from tests.helpers import get


def test_signed_ids_verify_and_forgeries_do_not():
    secret = b"s" * 32
    signed = issue(secret)
    session, signature = signed.split(".")
    assert verified(secret, signed) == session
    assert verified(b"other", signed) is None
    assert verified(secret, f"{session}.{'0' * 32}") is None
    assert verified(secret, session) is None and verified(secret, None) is None
    assert verified(secret, f"{'a' * 32}.{sign(secret, 'b' * 32)}") is None


def test_message_ids_are_handled_once_per_conversation_and_bounded():
    handled = HandledIds(per_conversation=3, conversations=2)
    assert handled.first_time("web:a", "id-00001") and not handled.first_time("web:a", "id-00001")
    assert handled.first_time("web:b", "id-00001")  # the same id in another conversation
    for n in range(2, 5):
        assert handled.first_time("web:a", f"id-0000{n}")
    assert handled.first_time("web:a", "id-00001")  # pushed out by three later ids
    handled.first_time("web:c", "id-00009")
    assert list(handled.seen) == ["web:a", "web:c"]  # b, used least recently, is dropped
    handled.forget("web:a")
    assert handled.first_time("web:a", "id-00002")


def test_only_well_formed_message_ids_are_taken():
    assert message_id({"message_id": "m-1a2B3c4D_5"}) == "m-1a2B3c4D_5"
    for bad in [None, 12345678, "short", "x" * 65, "has space x", "<script>x", "é" * 10]:
        assert message_id({"message_id": bad}) is None
    assert message_id({}) is None


class Client:
    """A socket.io client as the chat page (web/chat.js) uses it: session_request, then
    user_uttered."""

    def __init__(self, url: str, session_id=None):
        self.replies: "queue.Queue[dict]" = queue.Queue()
        self.confirmed: "queue.Queue[str]" = queue.Queue()
        self.receipts: "queue.Queue[dict]" = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("bot_uttered", self.replies.put)
        self.sio.on("message_received", self.receipts.put)
        self.sio.on("session_confirm", self.confirmed.put)
        self.sio.connect(url, socketio_path="/socket.io", transports=["polling"])
        self.sio.emit("session_request", {"session_id": session_id})
        self.session_id = self.confirmed.get(timeout=30)

    def say(self, text: str, session_id=None, message_id=None) -> None:
        data = {"message": text, "session_id": session_id or self.session_id}
        if message_id is not None:
            data["message_id"] = message_id
        self.sio.emit("user_uttered", data)

    def texts(self, wait: float = 20.0) -> str:
        """Every reply text that arrives until the bot has been quiet for a moment."""
        found, deadline = [], time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                found.append(self.replies.get(timeout=3 if found else wait).get("text", ""))
            except queue.Empty:
                break
        return "\n".join(found)

    def close(self) -> None:
        self.sio.disconnect()


@pytest.fixture
def clients(bot):
    made = []

    def connect(session_id=None) -> Client:
        client = Client(bot.url, session_id)
        made.append(client)
        return client

    yield connect
    for client in made:
        client.close()


def test_a_new_client_gets_a_signed_session_and_answers(clients):
    alice = clients()
    assert verified_shape(alice.session_id)
    alice.say("mijn vriend wil nooit over zijn gevoelens praten")
    assert "Bron: Mijn partner wil niet over gevoelens praten" in alice.texts()


def verified_shape(session_id: str) -> bool:
    session, _, signature = session_id.partition(".")
    return len(session) == 32 and len(signature) == 32


def test_forged_or_guessed_session_ids_get_a_fresh_session(clients):
    alice = clients()
    session = alice.session_id.split(".")[0]
    for forged in [session, f"{session}.{'f' * 32}", "web:" + session, "x" * 40]:
        mallory = clients(forged)
        assert mallory.session_id != alice.session_id


def test_a_client_cannot_read_or_write_another_session(clients):
    alice = clients()
    alice.say("ik ben bang dat mijn vriend me verlaat")
    assert "Bron:" in alice.texts()
    mallory = clients(alice.session_id.split(".")[0] + "." + "0" * 32)
    # mallory claims alice's id in the message itself: it is answered in mallory's own session
    mallory.say("wat kan ik doen?", session_id=alice.session_id)
    mallory_reply = mallory.texts()
    assert mallory_reply.strip()
    assert alice.texts(wait=5) == "", "alice saw replies to someone else's message"


def test_the_same_browser_can_resume_its_own_session(clients):
    alice = clients()
    alice.say("we leven als huisgenoten naast elkaar")
    assert "Bron: Emotionele afstand in je relatie" in alice.texts()
    alice.close()
    again = clients(alice.session_id)
    assert again.session_id == alice.session_id
    again.say("wat kan ik doen?")
    assert "Ik mis ons" in again.texts()


def user_texts(bot, signed_session: str) -> list:
    status, body = get(f"{bot.url}/conversations/web:{signed_session.split('.')[0]}/tracker?token={bot.token}")
    assert status == 200, body
    return [e.get("text") for e in json.loads(body)["events"] if e.get("event") == "user"]


def test_the_pages_forget_event_deletes_the_conversation_without_a_chat_message(clients, bot):
    """'Wis mijn gesprek' on the page: the event's answer carries the confirmation, the stored
    conversation is gone, nothing was said in the chat, and the socket needs a new session."""
    alice = clients()
    alice.say("we leven als huisgenoten naast elkaar")
    assert "Bron:" in alice.texts()
    assert user_texts(bot, alice.session_id)
    reply = alice.sio.call("forget_conversation", {}, timeout=30)
    assert reply == {"forgotten": True, "text": response_text("utter_forgotten")}
    assert user_texts(bot, alice.session_id) == []
    assert alice.texts(wait=3) == ""  # no chat message, neither way
    # the socket left the conversation: a message now goes nowhere until a new session
    alice.say("hallo?")
    assert alice.texts(wait=5) == ""
    assert user_texts(bot, alice.session_id) == []


def test_the_forget_event_without_a_session_deletes_nothing(clients, bot):
    alice = clients()
    alice.say("we leven als huisgenoten naast elkaar")
    assert "Bron:" in alice.texts()
    mallory = socketio.Client(reconnection=False)
    mallory.connect(bot.url, socketio_path="/socket.io", transports=["polling"])
    try:  # no session_request: this socket has no conversation to forget
        assert mallory.call("forget_conversation", {"session_id": alice.session_id}, timeout=30) == {"forgotten": False}
    finally:
        mallory.disconnect()
    assert user_texts(bot, alice.session_id)


def test_a_message_with_an_id_gets_a_receipt_and_a_resend_is_not_handled_again(clients, bot):
    """The page resends a message without a receipt when its socket is back: the server
    acknowledges each arrival but handles the id once (per process)."""
    alice = clients()
    alice.say("we leven als huisgenoten naast elkaar", message_id="m-resent-0001")
    assert alice.receipts.get(timeout=30) == {"message_id": "m-resent-0001"}
    assert "Bron:" in alice.texts()
    alice.close()
    again = clients(alice.session_id)  # a new socket, as after a reconnect
    again.say("we leven als huisgenoten naast elkaar", message_id="m-resent-0001")
    assert again.receipts.get(timeout=30) == {"message_id": "m-resent-0001", "again": True}
    assert again.texts(wait=5) == ""  # not answered twice
    assert user_texts(bot, alice.session_id) == ["we leven als huisgenoten naast elkaar"]
    # a new id is a new message; a malformed id gets no receipt but is answered
    again.say("wat kan ik doen?", message_id="m-new-00002")
    assert again.receipts.get(timeout=30) == {"message_id": "m-new-00002"}
    assert again.texts().strip()
    again.say("dank je", message_id="<bad id>")
    assert again.texts().strip()
    assert again.receipts.empty()
    assert len(user_texts(bot, alice.session_id)) == 3
