"""The REST channel, for development and tests only: behind a bearer token, ids in their
own namespace.

Why not Rasa's RestInput: it takes the sender id from the body with no authentication, so
anyone who knows or guesses an id continues that conversation and reads its replies; it
answers `[]`, `"x"` and `null` with a 500 and `{}` with an empty 200; and it logs message
text on timeouts. Here the channel is off unless REST_TOKEN is set, every id becomes
"rest:<id>" (a REST client can never reach a web or Telegram conversation), malformed
bodies get a 400, and the reply is always at least one message (channels/common.py).
"""

from __future__ import annotations

import hmac
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import handle, sender
from service.settings import load

PREFIX = "rest"


class TokenRestInput(InputChannel):
    """POST /webhooks/rest/webhook with `Authorization: Bearer <REST_TOKEN>` and
    {"sender": "<id>", "message": "<text>"}; the reply is the list of bot messages."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TokenRestInput":
        return cls(load().rest_token)

    def __init__(self, token: Optional[str]) -> None:
        self.token = token

    def _authorised(self, request: Request) -> bool:
        given = request.headers.get("Authorization", "")
        expected = f"Bearer {self.token}"
        return bool(self.token) and hmac.compare_digest(given.encode(), expected.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = Blueprint("token_rest_webhook", __name__)

        @rest.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "enabled": bool(self.token)})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._authorised(request):
                return response.json({"error": "REST channel needs its token"}, status=403)
            try:
                body = request.json
            except Exception:  # Sanic raises on invalid JSON; answer 400, never 500
                body = None
            if not isinstance(body, dict) or not isinstance(body.get("message"), str):
                return response.json({"error": 'expected {"sender": ..., "message": "..."}'}, status=400)
            sender_id = sender(PREFIX, body.get("sender"))
            if sender_id is None:
                return response.json({"error": "sender: 1-64 letters, digits, - _ ."}, status=400)
            collector = CollectingOutputChannel()
            await handle(
                on_new_message,
                body["message"],
                collector,
                sender_id,
                self.name(),
                request.app.ctx.agent.tracker_store,
                forget_json={"forget": True},
                lock_store=request.app.ctx.agent.lock_store,
            )
            return response.json(collector.messages)

        return rest
