"""The project's own Telegram channel, replacing Rasa 3.6.21's built-in one.

Why: the built-in channel creates its aiogram bot in another event loop (every update then
fails with "Event loop is closed"), calls getMe for every update, authenticates nothing
(no `secret_token`), answers unexpected update types with HTTP 500 (Telegram retries them
forever) and refuses to start when the Bot API is unreachable.

This channel talks to the Bot API with aiohttp from the serving loop, sets and checks the
webhook secret, calls getMe at most once, never answers Telegram with a 500, and starts
without the Bot API (the webhook is set later, or on demand via POST .../set_webhook).
Token, bot name, webhook URL, secret and API base come from the environment
(service/settings.py), never from the repo. Conversations are "tg:<chat id>", in their own
namespace; text, payload checks, degraded mode and "vergeet mij" go through
channels/common.py; callback data counts only as a payload the bot offered.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import handle, response_text, sender
from service.settings import load

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
COMMANDS = {"/start": "/greet", "/help": "/ask_capabilities", "/stop": "/stop"}
MEDIA_KINDS = ("photo", "sticker", "voice", "video", "video_note", "audio", "document", "animation")
PREFIX = "tg"
RETRY_SECONDS = (5, 30, 120, 600)


class BotApi:
    """Minimal Bot API client; its HTTP session lives in the loop that first uses it."""

    def __init__(self, token: Text, base_url: Text) -> None:
        self.base = f"{base_url.rstrip('/')}/bot{token}"
        self._session: Optional[aiohttp.ClientSession] = None
        self._me: Optional[Dict[Text, Any]] = None

    async def call(self, method: Text, **payload: Any) -> Any:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        async with self._session.post(f"{self.base}/{method}", json=payload) as reply:
            body = await reply.json(content_type=None)
        if not body.get("ok"):
            raise RuntimeError(f"Bot API {method} failed: {body.get('description')}")
        return body.get("result")

    async def get_me(self) -> Dict[Text, Any]:
        """getMe, asked once and remembered."""
        if self._me is None:
            self._me = await self.call("getMe")
        return self._me

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def inline_keyboard(buttons: List[Dict[Text, Any]]) -> Dict[Text, Any]:
    """One button per row: Dutch button titles are long."""
    return {"inline_keyboard": [[{"text": b["title"], "callback_data": b["payload"][:64]}] for b in buttons]}


def command_to_text(text: Text, bot_username: Optional[Text]) -> Text:
    """'/start' and '/start@MijnBot' become the welcome; other commands go to the NLU."""
    if not text.startswith("/"):
        return text
    command, _, rest = text.partition(" ")
    name, _, addressee = command.partition("@")
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return text
    return COMMANDS.get(name.lower(), (name[1:] + " " + rest).strip())


def chat_of(recipient_id: Text) -> Text:
    """The Telegram chat id inside a namespaced conversation id."""
    return recipient_id.split(":", 1)[1] if recipient_id.startswith(f"{PREFIX}:") else recipient_id


class TelegramOutput(OutputChannel):
    def __init__(self, api: BotApi) -> None:
        self.api = api

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.api.call("sendMessage", chat_id=chat_of(recipient_id), text=text)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.api.call(
            "sendMessage", chat_id=chat_of(recipient_id), text=text, reply_markup=inline_keyboard(buttons)
        )

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.api.call("sendPhoto", chat_id=chat_of(recipient_id), photo=image)


class TelegramInput(InputChannel):
    """Webhook at /webhooks/telegram/webhook; set_webhook at /webhooks/telegram/set_webhook."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        settings = load()
        return cls(
            settings.telegram_token,
            settings.telegram_bot_name,
            settings.telegram_webhook_url,
            settings.telegram_secret,
            settings.telegram_api_base,
        )

    def __init__(
        self,
        token: Optional[Text],
        bot_name: Optional[Text],
        webhook_url: Optional[Text],
        secret: Optional[Text],
        api_base: Text,
    ) -> None:
        self.enabled = bool(token)
        self.bot_name = bot_name
        self.webhook_url = webhook_url
        self.secret = secret or secrets.token_urlsafe(32)
        self.api = BotApi(token or "", api_base)
        self.webhook_set = False
        if not self.enabled:
            logger.info("Telegram channel off: TELEGRAM_TOKEN is not set.")

    def get_output_channel(self) -> OutputChannel:
        return TelegramOutput(self.api)

    async def set_webhook(self) -> bool:
        """setWebhook with our secret; False (and a log line) when the Bot API is unreachable."""
        if not (self.enabled and self.webhook_url):
            return False
        try:
            await self.api.call(
                "setWebhook",
                url=self.webhook_url,
                secret_token=self.secret,
                allowed_updates=["message", "callback_query"],
            )
            self.webhook_set = True
            logger.info("Telegram webhook set to %s", self.webhook_url)
        except (aiohttp.ClientError, asyncio.TimeoutError, RuntimeError, ValueError) as error:
            logger.warning("Telegram: could not set the webhook (%s); will retry", error)
        return self.webhook_set

    async def _set_webhook_with_retries(self) -> None:
        for delay in RETRY_SECONDS:
            if self.webhook_set or await self.set_webhook():
                return  # also when it was set on demand in the meantime
            await asyncio.sleep(delay)
        if not self.webhook_set:
            await self.set_webhook()

    def _authentic(self, request: Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "")
        return self.enabled and hmac.compare_digest(given.encode(), self.secret.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram = Blueprint("custom_telegram_webhook", __name__)

        @telegram.listener("after_server_start")
        async def start_webhook(app, loop) -> None:
            if self.enabled and self.webhook_url:
                loop.create_task(self._set_webhook_with_retries())

        @telegram.listener("before_server_stop")
        async def close_session(app, loop) -> None:
            await self.api.close()

        @telegram.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "enabled": self.enabled, "webhook_set": self.webhook_set})

        @telegram.route("/set_webhook", methods=["POST"])
        async def set_webhook_on_demand(request: Request) -> HTTPResponse:
            if not self._authentic(request):
                return response.text("forbidden", status=403)
            return response.json({"webhook_set": await self.set_webhook()})

        @telegram.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self._authentic(request):
                return response.text("forbidden", status=403)
            try:
                update = request.json
                if isinstance(update, dict):
                    await self._handle_update(
                        update, on_new_message, request.app.ctx.agent.tracker_store, request.app.ctx.agent.lock_store
                    )
            except Exception:  # a 500 makes Telegram resend the update again and again
                logger.exception("Telegram update could not be handled")
            return response.text("ok")

        return telegram

    async def _username_for(self, text: Text) -> Optional[Text]:
        """Our bot's username, needed only for commands addressed as '/start@SomeBot'."""
        if self.bot_name or not (text.startswith("/") and "@" in text.split(" ", 1)[0]):
            return self.bot_name
        return (await self.api.get_me()).get("username")

    async def _handle_update(
        self,
        update: Dict[Text, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        tracker_store: Any = None,
        lock_store: Any = None,
    ) -> None:
        output = self.get_output_channel()
        query = update.get("callback_query")
        if isinstance(query, dict):
            await self.api.call("answerCallbackQuery", callback_query_id=query.get("id"))
            chat = sender(PREFIX, ((query.get("message") or {}).get("chat") or {}).get("id"))
            if chat is not None:
                await handle(
                    on_new_message, query.get("data"), output, chat, self.name(), tracker_store, lock_store=lock_store
                )
            return
        message = update.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
            return  # member updates, channel posts, edits, ...: acknowledged, nothing sent
        chat = sender(PREFIX, message["chat"].get("id"))
        if chat is None:
            return
        if isinstance(message.get("text"), str):
            text = command_to_text(message["text"], await self._username_for(message["text"]))
            await handle(on_new_message, text, output, chat, self.name(), tracker_store, lock_store=lock_store)
        elif any(kind in message for kind in MEDIA_KINDS):
            await output.send_text_message(chat, response_text("utter_media_only"))
