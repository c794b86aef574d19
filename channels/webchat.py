"""The web chat's socket.io channel with server-issued, signed session ids.

Why not Rasa's SocketIOInput: it accepts any `session_id` a client sends, so a second client
that knows (or guesses) an id joins that conversation's room, receives its replies live and
writes into it. Here the server issues every session id as "<uuid>.<HMAC signature>" and a
client can resume only a session whose signature checks out; messages go to the session
this socket was confirmed for, whatever the message claims. The conversation's tracker id is
"web:<uuid>", in its own namespace. Replies, degraded mode and "vergeet mij" go through
channels/common.py like on every channel. The page's "Wis mijn gesprek" is its own event,
`forget_conversation`: it deletes the socket's conversation without a chat message and
acknowledges with the confirmation text (a domain response), after which the page asks for a
new session. "Snel weg" deletes it too, by a POST of the signed id to /webhooks/socketio/forget
(a beacon: the page is gone by then). The secret comes from SESSION_SECRET or is made
once into var/session_secret (mode 0600), so sessions survive a restart.

Receipts: a `user_uttered` with a `message_id` (the page gives every message one) is answered
at once with `message_received` {"message_id": ...} to that socket, before the bot works on
it; only then does the page show the message as delivered. The page resends a message that
got no receipt when its socket is back, so the same id can arrive twice: the second time it
gets its receipt again, marked "again" (so the page expects no answer), but is not handled
again. Which ids were handled is kept per process
and per conversation (the last RECENT_IDS), so after a reconnect to another process of the
scaled profile a resent message can be handled twice.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import uuid
from collections import OrderedDict, deque
from pathlib import Path
from typing import Any, Awaitable, Callable, Deque, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.common import forget, handle, response_text
from service.settings import load

logger = logging.getLogger(__name__)
PREFIX = "web"
# a message id as the page makes it (web/chat.js): letters, digits, '-' and '_'
MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
RECENT_IDS = 200  # per conversation
RECENT_CONVERSATIONS = 10000  # conversations whose ids are kept, the least recent dropped


class HandledIds:
    """Message ids already received, per conversation, in this process (bounded)."""

    def __init__(self, per_conversation: int = RECENT_IDS, conversations: int = RECENT_CONVERSATIONS) -> None:
        self.per_conversation = per_conversation
        self.conversations = conversations
        self.seen: "OrderedDict[str, Deque[str]]" = OrderedDict()

    def first_time(self, conversation: str, message_id: str) -> bool:
        """True the first time `message_id` comes for `conversation` (and remembers it)."""
        ids = self.seen.get(conversation)
        if ids is None:
            ids = self.seen[conversation] = deque(maxlen=self.per_conversation)
            while len(self.seen) > self.conversations:
                self.seen.popitem(last=False)
        self.seen.move_to_end(conversation)
        if message_id in ids:
            return False
        ids.append(message_id)
        return True

    def forget(self, conversation: str) -> None:
        self.seen.pop(conversation, None)


def message_id(data: Dict[str, Any]) -> Optional[str]:
    """The client's id of a message, if it sent a well-formed one."""
    value = data.get("message_id")
    return value if isinstance(value, str) and MESSAGE_ID.fullmatch(value) else None


def secret_from(value: Optional[str], file: Path) -> bytes:
    """The configured secret, or the one stored in `file` (created on first use, 0600)."""
    if value:
        return value.encode()
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.touch(mode=0o600)
        file.write_text(secrets.token_hex(32), encoding="utf-8")
    return file.read_text(encoding="utf-8").strip().encode()


def sign(secret: bytes, session: str) -> str:
    return hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()[:32]


def issue(secret: bytes) -> str:
    session = uuid.uuid4().hex
    return f"{session}.{sign(secret, session)}"


def verified(secret: bytes, claimed: Any) -> Optional[str]:
    """The session part of a signed id, or None when it was not issued by us."""
    if not isinstance(claimed, str) or claimed.count(".") != 1 or len(claimed) > 80:
        return None
    session, signature = claimed.split(".")
    if len(session) != 32 or not hmac.compare_digest(sign(secret, session), signature):
        return None
    return session


class SignedSocketIOInput(SocketIOInput):
    """socket.io at /socket.io/ (the chat page, web/chat.js), with signed session ids."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            True,
            credentials.get("socketio_path", "/socket.io"),
        )
        settings = load()
        channel.secret = secret_from(settings.session_secret, settings.secret_file)
        return channel

    secret: bytes = b""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        sessions: Dict[str, str] = {}  # socket id -> conversation id ("web:<uuid>")
        handled = HandledIds()
        app_ref: Dict[str, Any] = {}

        @webhook.listener("after_server_start")
        async def remember_app(app, loop) -> None:
            app_ref["app"] = app

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/forget", methods=["POST"])
        async def forget_on_leaving(request: Request) -> HTTPResponse:
            """'Snel weg' on the page: the signed session id comes as a beacon (text/plain, so the
            browser sends it without a preflight while the page is already gone). A session the
            page can never open again is deleted here rather than kept unreachable for the
            retention period (phone trial 3: "ik kan het niet meer wissen")."""
            session = verified(self.secret, (request.body or b"")[:100].decode("ascii", "replace").strip())
            if session is None:
                return response.json({"forgotten": False}, status=400)
            conversation = f"{PREFIX}:{session}"
            await forget(request.app.ctx.agent.tracker_store, request.app.ctx.agent.lock_store, conversation)
            handled.forget(conversation)
            return response.json({"forgotten": True})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text) -> None:
            sessions.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict] = None) -> None:
            claimed = (data or {}).get("session_id") if isinstance(data, dict) else None
            signed = claimed if verified(self.secret, claimed) else issue(self.secret)
            conversation = f"{PREFIX}:{verified(self.secret, signed)}"
            for room in list(sio.rooms(sid, namespace=self.namespace)):
                if room != sid:
                    sio.leave_room(sid, room, namespace=self.namespace)
            sessions[sid] = conversation
            sio.enter_room(sid, conversation, namespace=self.namespace)
            await sio.emit("session_confirm", signed, room=sid, namespace=self.namespace)

        @sio.on("forget_conversation", namespace=self.namespace)
        async def forget_conversation(sid: Text, data: Any = None) -> Dict[str, Any]:
            """'Wis mijn gesprek' on the page: delete this socket's conversation, no chat message.
            The socket leaves the conversation; the page asks for a new session afterwards."""
            conversation = sessions.get(sid)
            app = app_ref.get("app")
            if conversation is None or app is None:
                return {"forgotten": False}
            await forget(app.ctx.agent.tracker_store, app.ctx.agent.lock_store, conversation)
            handled.forget(conversation)
            sessions.pop(sid, None)
            sio.leave_room(sid, conversation, namespace=self.namespace)
            return {"forgotten": True, "text": response_text("utter_forgotten")}

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            conversation = sessions.get(sid)
            if conversation is None or not isinstance(data, dict):
                return  # no confirmed session on this socket: nothing to answer to
            received = message_id(data)
            if received is not None:
                first = handled.first_time(conversation, received)
                receipt: Dict[str, Any] = {"message_id": received} if first else {"message_id": received, "again": True}
                await sio.emit("message_received", receipt, room=sid, namespace=self.namespace)
                if not first:
                    return  # a resend of a message already handled: no answer comes
            app = app_ref.get("app")
            store = app.ctx.agent.tracker_store if app is not None else None
            locks = app.ctx.agent.lock_store if app is not None else None
            await handle(
                on_new_message,
                data.get("message"),
                SocketIOOutput(sio, self.bot_message_evt),
                conversation,
                self.name(),
                store,
                forget_json={"data": {"custom": {"forget": True}}},
                lock_store=locks,
            )

        return webhook
