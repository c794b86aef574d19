"""An attacker's (and a clumsy client's) view of the running bot: no 500, no silence, no
data from another conversation, nothing lost. Against the real servers of the test session."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.helpers import buttons, get, new_user, post_json, raw_post, rest_auth, say, texts, tracker

VEILIG_THUIS = "0800-2000"


def webhook(bot) -> str:
    return f"{bot.url}/webhooks/rest/webhook"


# --- identity ---------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "wrong"}])
def test_rest_channel_needs_its_token(bot, headers):
    status, _ = post_json(webhook(bot), {"sender": new_user("att"), "message": "hoi"}, headers=headers)
    assert status == 403


@pytest.mark.parametrize("sender", ["web:abc", "tg:4242", "../x", "a" * 65, "", None, 3.5, ["x"]])
def test_rest_cannot_name_another_channels_conversation(bot, sender):
    status, _ = post_json(webhook(bot), {"sender": sender, "message": "hoi"}, headers=rest_auth())
    assert status == 400


def test_rest_ids_live_in_their_own_namespace(bot):
    user = new_user("att")
    say(bot.url, user, "mijn man praat niet over gevoelens")
    status, body = tracker(bot.url, user, bot.token)
    assert status == 200 and body["sender_id"] == f"rest:{user}"


# --- malformed and oversized input ---------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        [],
        "x",
        None,
        {},
        {"message": 5},
        {"sender": "x"},
        {"sender": "x", "message": None},
        {"sender": {"a": 1}, "message": "hoi"},
    ],
)
def test_malformed_bodies_get_400_never_500_or_an_empty_200(bot, body):
    status, reply = post_json(webhook(bot), body, headers=rest_auth())
    assert status == 400, (status, reply)


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe\x00", b'{"sender": "x", "message": "\xc3\x28"}'])
def test_broken_json_and_invalid_utf8_get_400(bot, body):
    assert raw_post(webhook(bot), body, rest_auth()) == 400


def test_lone_surrogates_and_control_characters_get_an_answer(bot):
    body = b'{"sender": "%s", "message": "hoi \\ud800 daar \\u0000"}' % new_user("att").encode()
    request = urllib.request.Request(
        webhook(bot), data=body, headers={"Content-Type": "application/json", **rest_auth()}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200 and texts(json.loads(response.read())).strip()


def test_long_message_gets_a_note_and_is_not_classified(bot):
    reply = texts(say(bot.url, new_user("att"), "mijn man praat niet " * 200))
    assert "te lang" in reply and "Bron:" not in reply


def test_long_message_with_a_crisis_at_its_start_gets_the_helplines(bot):
    reply = texts(say(bot.url, new_user("att"), "ik wil niet meer leven. " + "alles is zwaar " * 300))
    assert "113" in reply and "0800-0113" in reply


def test_huge_body_is_refused_fast_and_others_are_not_held_up(bot):
    results = {}

    def crisis_from_someone_else():
        started = time.monotonic()
        results["crisis"] = texts(say(bot.url, new_user("att"), "ik wil er een eind aan maken"))
        results["seconds"] = time.monotonic() - started

    helper = threading.Thread(target=crisis_from_someone_else)
    started = time.monotonic()
    helper.start()
    status, _ = post_json(webhook(bot), {"sender": new_user("att"), "message": "x" * 200_000}, headers=rest_auth())
    helper.join(60)
    assert status == 413 and time.monotonic() - started < 10
    assert "113" in results["crisis"] and results["seconds"] < 10


# --- typed payloads -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("/greet@1 ik wil niet meer leven", "0800-0113"),
        ('/affirm{"persoon":"x"} ik word geslagen', VEILIG_THUIS),
    ],
)
def test_typed_payloads_cannot_get_past_the_crisis_net(bot, text, expected):
    assert expected in texts(say(bot.url, new_user("att"), text))


def test_payload_with_entities_is_not_obeyed(bot):
    reply = say(bot.url, new_user("att"), '/partner_wont_talk{"persoon": "<b>x</b>"}')
    assert "<b>x</b>" not in texts(reply) and texts(reply).strip()


def test_offered_payload_still_works(bot):
    assert "geen therapeut" in texts(say(bot.url, new_user("att"), "/greet"))


# --- degraded mode ------------------------------------------------------------------------


def test_reply_with_helplines_when_the_action_server_is_down_and_back_after(bot):
    user = new_user("att")
    say(bot.url, user, "hoi")
    actions = next(s for s in bot.services if s.name == "action server")
    bot.stop_service(actions)
    try:
        started = time.monotonic()
        reply = texts(say(bot.url, user, "mijn partner praat niet over gevoelens"))
        assert "Sorry" in reply and "113" in reply and VEILIG_THUIS in reply
        assert time.monotonic() - started < 20
    finally:
        bot.start_actions()
    assert "Bron:" in texts(say(bot.url, user, "mijn partner praat niet over gevoelens"))


# --- echoed markup ------------------------------------------------------------------------


def test_exercise_summary_shows_typed_markup_as_plain_text(bot):
    user = new_user("att")
    say(bot.url, user, "ik wil de reflectie oefening doen")
    reply = ""
    for answer in [
        "vasthouden",
        "[klik](javascript:alert(1))",
        "<img src=x onerror=alert(1)>dat hij weggaat",
        "ik app steeds",
        "thuis was het koud",
        "dat hij blijft",
        "ik bouw een muur",
    ]:
        reply = texts(say(bot.url, user, answer))
    assert "klik" in reply and "dat hij weggaat" in reply
    assert "](" not in reply and "<img" not in reply and "onerror" not in reply


# --- privacy ------------------------------------------------------------------------------


def test_forget_me_asks_first_then_deletes_everything(bot):
    user = new_user("att")
    say(bot.url, user, "ik ben bang dat mijn vriend me verlaat")
    question = say(bot.url, user, "wis mijn gesprek")
    assert "wis" in texts(question).lower() and "/affirm" in buttons(question)
    done = say(bot.url, user, "ja")
    assert "gewist" in texts(done) and any(m.get("custom", {}).get("forget") for m in done)
    status, body = tracker(bot.url, user, bot.token)
    user_texts = [e.get("text") for e in body["events"] if e.get("event") == "user"] if status == 200 else []
    assert not user_texts, user_texts


def test_forget_me_can_be_cancelled(bot):
    user = new_user("att")
    say(bot.url, user, "mijn vrouw en ik leven als huisgenoten")
    say(bot.url, user, "vergeet mij")
    assert "wis niets" in texts(say(bot.url, user, "nee"))
    status, body = tracker(bot.url, user, bot.token)
    assert status == 200 and body["slots"]["session"]["topic"] == "emotional_distance"


def test_no_message_text_in_the_logs_and_logs_are_private(bot):
    marker = f"zeldzaamwoord{uuid.uuid4().hex[:6]}"
    say(bot.url, new_user("att"), f"{marker} {marker} /greet@{marker}")
    time.sleep(1)
    logs = list(bot.tmp.glob("*.log"))
    assert logs
    for log in logs:
        assert marker not in log.read_text(errors="replace"), f"message text in {log.name}"
        assert oct(log.stat().st_mode & 0o777) == "0o600", f"{log.name} readable by others"


# --- surface ------------------------------------------------------------------------------


def listening_addresses(port: int) -> set:
    """Local addresses with a socket in LISTEN state on `port`, from /proc/net/tcp(6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


def test_action_server_listens_on_loopback_only(bot):
    addresses = listening_addresses(bot.actions_port)
    assert addresses == {"0100007F"}, addresses


def test_api_token_is_not_in_the_process_list(bot):
    for service in bot.services:
        cmdline = Path(f"/proc/{service.process.pid}/cmdline").read_bytes().decode(errors="replace")
        assert bot.token not in cmdline and os.environ["REST_TOKEN"] not in cmdline


def test_server_still_healthy_after_all_this(bot):
    assert get(f"{bot.url}/")[0] == 200
