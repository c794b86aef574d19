"""The project's Telegram channel against a fake Bot API server on loopback."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Optional

import pytest
from aiohttp import web

from service import runtime
from channels.telegram import command_to_text, inline_keyboard
from tests.helpers import get, raw_post

TOKEN = "123456:TEST-token"
SECRET = "geheim_voor_de_test_123"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


class FakeBotApi:
    """Records every Bot API call; answers like Telegram does."""

    def __init__(self, port: int):
        self.port = port
        self.calls = []
        self.loop = asyncio.new_event_loop()
        self.runner = None

    async def handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        payload = await request.json() if request.can_read_body else {}
        self.calls.append({"token": token, "method": method, "payload": payload})
        result = {
            "getMe": {"id": 1, "is_bot": True, "username": "RelatiecoachBot"},
            "sendMessage": {"message_id": len(self.calls)},
        }.get(method, True)
        return web.json_response({"ok": True, "result": result})

    def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)

        async def serve():
            self.runner = web.AppRunner(app)
            await self.runner.setup()
            await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(serve(), self.loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)

    def methods(self):
        return [c["method"] for c in self.calls]

    def wait_for(self, method: str, count: int = 1, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [c for c in self.calls if c["method"] == method]
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"no {method} after {timeout}s; calls: {self.methods()}")

    def texts_until(self, expected: str, after: int, timeout: float = 60) -> str:
        """The texts of the sendMessage calls after the first `after`, once `expected` is among them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sent = [c["payload"]["text"] for c in self.calls if c["method"] == "sendMessage"][after:]
            if expected in " ".join(sent):
                return " ".join(sent)
            time.sleep(0.2)
        raise AssertionError(f"{expected!r} not sent after {timeout}s")


def post_update(url: str, update: object, secret: Optional[str] = SECRET) -> int:
    return raw_post(url, json.dumps(update).encode(), {HEADER: secret} if secret is not None else {})


def text_update(update_id: int, text: str, chat: int = 4242) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "text": text,
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "Sam"},
        },
    }


def button_press(update_id: int, callback_id: str, data: str, chat: int = 4242) -> dict:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": callback_id,
            "data": data,
            "from": {"id": chat, "is_bot": False, "first_name": "Sam"},
            "message": {"message_id": update_id, "date": 0, "chat": {"id": chat, "type": "private"}},
        },
    }


@pytest.fixture(scope="module")
def telegram(bot):
    """A second Rasa server with the Telegram channel on; the Bot API is down at start."""
    fake = FakeBotApi(runtime.free_port())
    env = {
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_SECRET": SECRET,
        "TELEGRAM_WEBHOOK_URL": "https://coach.example.org/webhooks/telegram/webhook",
        "TELEGRAM_API_BASE": f"http://127.0.0.1:{fake.port}",
    }
    service, base = bot.launch_rasa(extra_env=env)
    try:
        yield fake, base
    finally:
        bot.stop_service(service)
        if fake.runner:
            fake.stop()


def test_starts_without_the_bot_api_and_sets_the_webhook_on_demand(telegram):
    fake, base = telegram
    status, body = get(f"{base}/webhooks/telegram/")
    assert status == 200 and json.loads(body) == {"status": "ok", "enabled": True, "webhook_set": False}
    fake.start()
    assert post_update(f"{base}/webhooks/telegram/set_webhook", {}, secret="fout") == 403
    assert post_update(f"{base}/webhooks/telegram/set_webhook", {}) == 200
    call = fake.wait_for("setWebhook")[-1]
    assert call["token"] == TOKEN
    assert call["payload"]["secret_token"] == SECRET
    assert call["payload"]["url"] == "https://coach.example.org/webhooks/telegram/webhook"


def test_text_update_gets_dutch_reply_with_inline_keyboard(telegram):
    fake, base = telegram
    before = len(fake.wait_for("sendMessage", 0))
    assert post_update(f"{base}/webhooks/telegram/webhook", text_update(1, "/start")) == 200
    sent = fake.wait_for("sendMessage", before + 1)[-1]["payload"]
    assert sent["chat_id"] == "4242"
    assert "chatbot" in sent["text"] and "geen therapeut" in sent["text"]
    keyboard = sent["reply_markup"]["inline_keyboard"]
    assert ["/partner_wont_talk"] == [row[0]["callback_data"] for row in keyboard][:1]


def test_button_press_is_handled_by_its_payload(telegram):
    fake, base = telegram
    before = len(fake.wait_for("sendMessage", 0))
    assert post_update(f"{base}/webhooks/telegram/webhook", button_press(2, "cb-1", "/emotional_distance")) == 200
    assert fake.wait_for("answerCallbackQuery")[-1]["payload"]["callback_query_id"] == "cb-1"
    texts = fake.texts_until("Bron: Emotionele afstand in je relatie", after=before)
    assert "emotionele afstand" in texts


def test_forged_update_without_secret_is_refused(telegram):
    fake, base = telegram
    before = list(fake.calls)
    assert post_update(f"{base}/webhooks/telegram/webhook", text_update(3, "hoi"), secret=None) == 403
    assert post_update(f"{base}/webhooks/telegram/webhook", text_update(4, "hoi"), secret="raden") == 403
    time.sleep(2)
    assert fake.calls == before


def test_photo_gets_a_short_dutch_text_and_no_500(telegram):
    fake, base = telegram
    before = len(fake.wait_for("sendMessage", 0))
    photo = text_update(5, "")
    del photo["message"]["text"]
    photo["message"]["photo"] = [{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}]
    assert post_update(f"{base}/webhooks/telegram/webhook", photo) == 200
    assert "alleen geschreven berichten" in fake.wait_for("sendMessage", before + 1)[-1]["payload"]["text"]


def test_other_update_types_get_200_and_nothing_sent(telegram):
    fake, base = telegram
    before = list(fake.calls)
    member = {"update_id": 6, "my_chat_member": {"chat": {"id": 1, "type": "group"}}}
    post = {"update_id": 7, "channel_post": {"message_id": 1, "date": 0, "chat": {"id": -100, "type": "channel"}}}
    for update in (member, post, {"update_id": 8}):
        assert post_update(f"{base}/webhooks/telegram/webhook", update) == 200
    time.sleep(2)
    assert fake.calls == before


def test_get_me_is_called_at_most_once(telegram):
    fake, base = telegram
    for i in range(3):
        post_update(f"{base}/webhooks/telegram/webhook", text_update(10 + i, "/start@RelatiecoachBot"))
    fake.wait_for("sendMessage", 3)
    assert fake.methods().count("getMe") == 1  # asked for the first '/start@...', then remembered


def test_command_mapping():
    assert command_to_text("/start", None) == "/greet"
    assert command_to_text("/start@RelatiecoachBot", "relatiecoachbot") == "/greet"
    assert command_to_text("/help", None) == "/ask_capabilities"
    assert command_to_text("/weer morgen", None) == "weer morgen"
    assert command_to_text("gewoon tekst", None) == "gewoon tekst"


def test_inline_keyboard_one_button_per_row():
    keyboard = inline_keyboard([{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}])
    assert keyboard == {
        "inline_keyboard": [[{"text": "Ja", "callback_data": "/affirm"}], [{"text": "Nee", "callback_data": "/deny"}]]
    }


def test_callback_data_that_was_not_offered_is_read_as_text(telegram):
    """Forged callback data with extra text cannot skip the crisis net."""
    fake, base = telegram
    before = len(fake.wait_for("sendMessage", 0))
    press = button_press(20, "cb-2", "/greet@1 ik wil niet meer leven", chat=4243)
    assert post_update(f"{base}/webhooks/telegram/webhook", press) == 200
    assert "0800-0113" in fake.texts_until("0800-0113", after=before)


@pytest.mark.parametrize(
    "update",
    [
        [],
        "x",
        None,
        {"message": "tekst"},
        {"message": {"chat": "x", "text": "hoi"}},
        {"callback_query": {"id": "cb-3"}},
        {"message": {"chat": {"id": {"a": 1}}, "text": "hoi"}},
    ],
)
def test_odd_updates_get_200_and_never_crash(telegram, update):
    fake, base = telegram
    assert post_update(f"{base}/webhooks/telegram/webhook", update) == 200


def test_after_a_violence_disclosure_the_question_keeps_its_keyboard(telegram):
    """A later message (the helpline reminder) never takes the buttons away: in Telegram the
    inline keyboard belongs to the message that asked, and pressing it still works."""
    fake, base = telegram
    chat = 4250
    before = len(fake.wait_for("sendMessage", 0))
    post_update(f"{base}/webhooks/telegram/webhook", text_update(30, "mijn man slaat me soms als hij boos is", chat))
    fake.texts_until("0800-2000", after=before)
    before = len(fake.wait_for("sendMessage", 0))
    post_update(f"{base}/webhooks/telegram/webhook", text_update(31, "vergeet mij", chat))
    fake.texts_until("Wil je dat ik dit hele gesprek wis?", after=before)
    time.sleep(2)  # the reminder, if any, comes after the question
    sent = [c["payload"] for c in fake.calls if c["method"] == "sendMessage"][before:]
    question = next(m for m in sent if "Wil je dat ik dit hele gesprek wis?" in m["text"])
    keyboard = question["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == ["/affirm", "/deny"]
    assert all("reply_markup" not in m for m in sent if m is not question)  # nothing replaces it
    before = len(fake.wait_for("sendMessage", 0))
    post_update(f"{base}/webhooks/telegram/webhook", button_press(32, "cb-4", "/deny", chat))
    assert "wis niets" in fake.texts_until("wis niets", after=before)
