"""The chat page (service/webpage.py, web/): what the page server sends, and the page in a real
headless Chromium (tests/browser/webchat.mjs) on a phone and on a desktop: axe-core, keyboard
only, every request of a whole conversation, quick replies after a violence disclosure, the
privacy controls, the message when the chat cannot connect, a message typed without a
connection, reading back while messages come, safety messages, the on-screen keyboard, 200%
text, focus, and the README's screenshots."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from service.runtime import free_port
from service.settings import PROJECT_DIR, load
from service.webpage import ROUTES, content_security_policy, retention, serve_in_thread, socket_url
from tests.helpers import get

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# made by the browser test, shown in the README
SCREENSHOTS = PROJECT_DIR / "docs" / "screenshots"
WEB = PROJECT_DIR / "web"


def run_browser(scenario: str, url: str, home: Path) -> dict:
    if not shutil.which("node"):
        pytest.fail("node is needed for the browser test")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["node", "tests/browser/webchat.mjs", scenario, url, str(SCREENSHOTS)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "CHROMIUM_PATH": CHROMIUM, "HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def page(bot):
    server = serve_in_thread("127.0.0.1", bot.web_port, int(bot.url.rsplit(":", 1)[1]))
    yield f"http://localhost:{bot.web_port}/"
    server.shutdown()


@pytest.fixture
def page_without_bot():
    """The page pointed at a chat server that is not there."""
    server = serve_in_thread("127.0.0.1", free_port(), 5005, public_url=f"http://localhost:{free_port()}")
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """A phone against a scripted socket.io server in the browser (no bot), the page saying
    that conversations are kept one day."""
    server = serve_in_thread(
        "127.0.0.1", free_port(), 5005, public_url=f"http://localhost:{free_port()}", retention_days=1
    )
    try:
        yield run_browser("states", f"http://localhost:{server.server_address[1]}/", tmp_path_factory.mktemp("states"))
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def reconnect(page, bot):
    """The real server behind a connection that drops while the user types."""
    return run_browser("reconnect", page, bot.tmp)


@pytest.fixture(scope="module")
def phone(page, bot):
    """A whole conversation on a 390x844 touch screen."""
    return run_browser("phone", page, bot.tmp)


@pytest.fixture(scope="module")
def keyboard(page, bot):
    """A conversation on a 1280x800 desktop with the keyboard only."""
    return run_browser("keyboard", page, bot.tmp)


# --- what the page server sends (no browser) ---------------------------------------------


@pytest.mark.parametrize(
    "host, url",
    [
        ("192.168.1.5:8080", "http://192.168.1.5:5005"),
        ("coach.example.nl", "http://coach.example.nl:5005"),
        ("[fe80::1]:8080", "http://[fe80::1]:5005"),
        ("localhost:8080", "http://localhost:5005"),
        (None, "http://localhost:5005"),
        ('x"></script><script>alert(1)</script>', "http://localhost:5005"),
        ("evil.example/x?y", "http://localhost:5005"),
    ],
)
def test_socket_url_follows_the_host_the_page_was_loaded_from(host, url):
    assert socket_url(host, 5005) == url


@pytest.fixture
def served():
    server = serve_in_thread("127.0.0.1", free_port(), 5005)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def fetch(url: str, host: str = "localhost:8080"):
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Host": host})) as reply:
        return reply.headers, reply.read()


def test_served_page_points_its_socket_at_the_host_it_was_loaded_from(served):
    for host, expected in [("192.168.1.5:8080", "192.168.1.5"), ("localhost:8080", "localhost")]:
        headers, body = fetch(f"{served}/", host)
        assert f'<meta name="socket-url" content="http://{expected}:5005">' in body.decode()
        policy = headers["Content-Security-Policy"]
        assert f"connect-src 'self' http://{expected}:5005 ws://{expected}:5005;" in policy


def test_content_security_policy_allows_this_server_and_the_chat_server_only():
    policy = content_security_policy("https://chat.example.nl/")
    assert "default-src 'none'" in policy
    for kind in ("script-src", "style-src", "img-src"):
        assert f"{kind} 'self';" in policy
    assert "connect-src 'self' https://chat.example.nl wss://chat.example.nl;" in policy
    assert "unsafe-inline" not in policy and "*" not in policy


def test_page_and_every_asset_come_from_the_page_server(served):
    _, body = fetch(f"{served}/")
    html = body.decode()
    assert '<html lang="nl">' in html
    assets = re.findall(r'<(?:script|link)[^>]* (?:src|href)="([^"]+)"', html)
    assert sorted(assets) == ["/chat.css", "/chat.js", "/favicon.svg", "/socket.io.min.js"]
    for asset in assets:
        headers, content = fetch(served + asset)
        assert content and headers["X-Content-Type-Options"] == "nosniff", asset
    # no font, stylesheet or script from elsewhere: not in the page, not pulled in by its files
    css = (WEB / "chat.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    script_hosts = set(re.findall(r"https?://([\w.-]+)", (WEB / "chat.js").read_text(encoding="utf-8")))
    assert script_hosts == {"www.weeronline.nl", "www.113.nl"}  # where "Snel weg" and a 113.nl link go


def test_socket_client_is_served_without_a_source_map_it_would_ask_for(served):
    headers, body = fetch(f"{served}/socket.io.min.js")
    assert headers["Content-Type"].startswith("application/javascript")
    assert b"Socket.IO v3.1.3" in body[:200] and b"sourceMappingURL" not in body


def test_the_privacy_line_says_how_long_the_server_keeps_conversations():
    page = (WEB / "index.html").read_text(encoding="utf-8")
    assert "{{RETENTION_DAYS}}" in page and "{{RETENTION_FORM}}" in page
    assert retention(30) == {b"{{RETENTION_DAYS}}": b"30", b"{{RETENTION_FORM}}": b"many"}
    assert retention(1) == {b"{{RETENTION_DAYS}}": b"1", b"{{RETENTION_FORM}}": b"one"}
    assert retention(0.5)[b"{{RETENTION_DAYS}}"] == b"0,5"


def test_the_served_page_names_the_configured_retention():
    server = serve_in_thread("127.0.0.1", free_port(), 5005, retention_days=14)
    try:
        _, body = fetch(f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
    html = body.decode()
    assert '<span class="days">14</span>' in html and 'class="retention many"' in html
    assert "{{" not in html


def test_every_text_the_script_shows_comes_from_the_page():
    """chat.js takes its texts from index.html (#texts, the crisis links): no Dutch in it."""
    script = (WEB / "chat.js").read_text(encoding="utf-8")
    code = "\n".join(line.split("//")[0] for line in script.splitlines())
    strings = re.findall(r'"([^"\\]*)"', code)
    words = {"niet", "verzonden", "afgeleverd", "bericht", "relatiecoach", "jij", "melding", "kies", "hulp", "typt"}
    assert not [s for s in strings if words & set(re.findall(r"[a-z]+", s.lower()))]
    html = (WEB / "index.html").read_text(encoding="utf-8")
    for key in re.findall(r"TEXT(?:\.|\[\")([a-z-]+)", script):
        assert f'data-text="{key}"' in html, key


def test_favicon_is_served_for_both_names(served):
    for name in ("/favicon.svg", "/favicon.ico"):
        headers, body = fetch(served + name)
        assert headers["Content-Type"] == "image/svg+xml" and body.startswith(b"<svg")


def test_unknown_paths_get_404(served):
    assert get(f"{served}/node_modules/socket.io-client/package.json")[0] == 404
    assert get(f"{served}/../service/settings.py")[0] == 404


def test_every_route_exists():
    assert all(file.exists() for file, _ in ROUTES.values())


# --- the Rasa server accepts the page's origin only ---------------------------------------


def cors_header(url: str, origin: str):
    request = urllib.request.Request(url, headers={"Origin": origin})
    with urllib.request.urlopen(request) as reply:
        return reply.headers.get("Access-Control-Allow-Origin")


def test_cors_only_for_configured_origins(bot):
    allowed = f"http://localhost:{bot.web_port}"
    assert cors_header(f"{bot.url}/", allowed) == allowed
    assert cors_header(f"{bot.url}/", "http://evil.example") is None


# --- the page in Chromium -----------------------------------------------------------------


def test_axe_finds_no_serious_or_critical_violation(phone, keyboard):
    states = {v["state"] for v in phone["axe"] + keyboard["axe"]}
    bad = [v for v in phone["axe"] + keyboard["axe"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    assert phone["axeVersion"] == "4.14.1"
    assert not states - {
        "phone: welcome",
        "phone: answer with buttons",
        "phone: inside an exercise",
        "desktop: welcome",
        "desktop: answer with buttons",
        "desktop: inside an exercise",
    }


def test_quick_replies_are_buttons_and_stay_under_their_question_after_a_violence_disclosure(phone):
    for question in ("welcomeReplies", "exerciseReplies", "forgetQuestion"):
        seen = phone[question]
        assert seen["visible"] and set(seen["tags"]) == {"BUTTON"}, (question, seen)
    assert phone["forgetQuestion"]["titles"] == ["Ja, wis alles", "Nee, laat maar staan"]
    # after the disclosure: every answer's buttons, as the server sent them, are on screen,
    # each group under its message, whatever came after it
    for answer in phone["afterViolence"]:
        assert answer["shown"] == answer["sent"] and all(answer["under"]), answer
    assert ["Ja, wis alles", "Nee, laat maar staan"] in phone["afterViolence"][2]["sent"]
    assert sum(len(answer["sent"]) for answer in phone["afterViolence"]) >= 3
    # "Stop de oefening" does not look like "Nee" next to it
    assert phone["stopLooks"]["stop"] != phone["stopLooks"]["no"]
    assert phone["stopLooks"]["stop"].startswith("dashed")


def test_a_whole_conversation_asks_nothing_of_any_other_host(phone, keyboard):
    for run in (phone, keyboard):
        # "Snel weg"'s beacon leaves while the page is replaced; the recording browser may call it
        # aborted although the server got it (test_privacy_controls checks the deletion itself)
        failed = [f for f in run["failedRequests"] if not f.endswith("/webhooks/socketio/forget")]
        assert run["foreignHosts"] == [] and failed == []
    assert set(phone["requests"]) == {"/", "/chat.css", "/chat.js", "/socket.io.min.js", "/favicon.svg"}
    assert phone["sockets"] and all(host.startswith("localhost:") for host in phone["sockets"])


def test_keyboard_only_conversation_answers_quick_replies_and_forgets(keyboard):
    # after a quick reply chosen by keyboard the focus is on the start of its answer, and the
    # answer's buttons are the next Tab stops (phone trial 8: Shift+Tab back from the input each
    # time; phone trial 9: the focus on the last message skipped the start of a long answer)
    assert keyboard["focusAfterReply"] == keyboard["focusAfterExerciseReply"] == "answer"
    assert max(keyboard["tabsToReply"][:2]) <= 4 and keyboard["tabsToReply"][2:] == [2, 1], keyboard["tabsToReply"]
    assert keyboard["inputLabel"] == "Je bericht aan de relatiecoach" and keyboard["typedShown"]
    assert keyboard["dialogFocus"] == "Nee, laat staan" and keyboard["dialogSecond"] == "Ja, wis alles"
    # Tab stays inside the dialog (a phone trial found an invisible stop after "Nee")
    assert keyboard["dialogTabCycle"] == ["Snel weg", "Ja, wis alles", "Nee, laat staan"]
    # a skip link is the first stop (phone trials: 14 Tabs to reach the input)
    assert keyboard["firstStop"] == "Direct naar het invoerveld" and keyboard["afterSkip"] == "message"
    assert "Gedaan: ons gesprek is gewist." in keyboard["afterForget"]["log"]
    assert "Jij:" not in keyboard["afterForget"]["log"]  # no message of the user is left
    assert all('"/greet"' in frame for frame in keyboard["afterForget"]["sentMessages"])
    # every stop on the way had a visible focus outline
    stops = {stop["text"] for stop in keyboard["focusStops"]}
    assert {"Snel weg", "Gesprek met de relatiecoach", "Verstuur je bericht", "Wis mijn gesprek"} <= stops
    assert keyboard["unoutlined"] == []
    assert keyboard["crisisAfterStart"]  # a desktop has room for the numbers


def test_phone_trial_fixes(phone, states):
    """What the phone trial found: the first tap on "send" with the keyboard open was lost;
    the page typed in again after "Snel weg" showed the conversation; a screen reader kept
    finding "De relatiecoach schrijft een antwoord."; "gewist" stayed on screen."""
    assert states["keyboardTapSent"] == 1 and states["keyboardTapLeft"] == ""
    assert states["keyboardReplyTapSent"] == 1 and states["keyboardReplyTapFocus"] == "message"
    assert states["lateHelpInView"]  # a safety message below a long text is what comes into view
    assert states["lateHelpLabels"] == {"bubbles": 2, "labels": 1}
    # with the keyboard open a long question is read from its start, its buttons stay in view
    question = states["longQuestion"]
    assert question["startInView"], question
    assert [b["text"] for b in question["buttons"]] == ["Ja", "Nee"]
    assert all(
        question["log"]["top"] <= b["top"] and b["bottom"] <= question["log"]["bottom"] + 1 and b["onTop"]
        for b in question["buttons"]
    ), question
    # ... as one short row only: a taller strip hid the text it is about (phone trial 6)
    assert states["longQuestionPinned"] and not states["twoRowsPinned"]
    # a reminder in brackets after a long answer leaves the answer's start in view (phone trial 6)
    assert states["asideStartInView"]
    assert phone["afterExitVisit"] == 0
    assert "schrijft een antwoord" not in (phone["statusAfterAnswer"] or "")
    assert phone["afterForget"]["noticeLater"] == 0


def test_phone_first_layout(phone):
    assert phone["crisisBeforeStart"] and not phone["crisisAfterStart"]
    # phone trial 5: the whole crisis box was the first thing read and hid half of the topics;
    # before the start it is one short row, "Hulp nodig?" opens it whole with a calm way too
    first = phone["firstScreen"]
    assert first["crisisHeight"] <= 90 and first["buttons"] >= 4 and first["inView"] == first["buttons"], first
    assert phone["helpBeforeStart"]
    assert all(part in phone["helpPanelBeforeStart"] for part in ("Denk je aan zelfmoord?", "0800-0113", "huisarts"))
    assert phone["crisisOnHelp"] and phone["helpExpanded"] == "true"
    assert phone["headerHeight"] <= 64  # one line: title, "Hulp nodig?", "Snel weg"
    assert phone["smallTargets"] == []
    assert phone["pageWidth"] <= 390
    assert {"tel:113", "tel:08000113", "tel:08002000", "tel:112"} <= set(phone["crisisLinks"])
    # the answer to a violence disclosure is framed as help, its numbers call buttons
    links = phone["telLinksInAnswer"]
    assert links and all(link["framed"] and link["whole"] and link["height"] >= 44 for link in links), links
    assert {link["href"] for link in links} >= {"tel:08002000", "tel:112"}
    assert phone["focusAfterSend"] == "message"


def test_answers_are_laid_out_and_read_from_their_start(phone):
    assert phone["firstAnswerStartInView"] and phone["stepsStartInView"]
    assert phone["steps"]["lists"] == 1 and phone["steps"]["items"] >= 5
    assert phone["steps"]["source"].startswith("Bron: ")
    assert phone["sourceApart"]["separate"] and phone["sourceApart"]["text"].startswith("Bron: ")
    assert phone["brokenBubbles"] == [] and phone["brokenBubblesAfterReload"] == []


@pytest.mark.e2e  # a browser, so never in the unit lane, though it needs no bot
def test_an_answer_sent_in_pieces_is_laid_out_as_one(page_without_bot, tmp_path):
    """Against a scripted socket.io server in the browser: a heading, the steps in two messages
    and the source line as four messages of one answer (as the real server splits long answers)
    make one bubble; a question's buttons stay when a reminder follows; HTML from the bot is
    text; numbers are links that do not break."""
    seen = run_browser("render", page_without_bot, tmp_path)
    assert seen["received"] == ["session_request", "user_uttered /greet", "user_uttered /long"]
    assert seen["bubbles"][2] == ["list-heading", "ol:6", "source"], seen["bubbles"]
    assert seen["brokenBubbles"] == [] and seen["answerStartInView"]
    assert seen["question"]["visible"] and seen["question"]["tags"] == ["BUTTON", "BUTTON"]
    after = seen["question"]["bubblesAfter"][0]
    assert after.startswith("Relatiecoach: ") and "(Een herinnering" in after
    assert seen["botHtml"] == {"ran": False, "images": 0, "shown": True}
    # messages with numbers are framed as help, with the page's own crisis links as buttons
    assert {(link["text"], link["href"]) for link in seen["links"]} == {
        ("Veilig Thuis: 0800-2000", "tel:08002000"),
        ("Bel 112", "tel:112"),
        ("Chat: 113.nl", "https://www.113.nl/"),
    }
    assert all(link["safety"] and link["numberWhole"] and link["height"] >= 44 for link in seen["links"])
    # the reminder in brackets is quieter: no title, a thin frame (phone trial 8: the same box
    # after every answer read like wallpaper)
    assert [(f["start"], f["reminder"], f["title"], f["calls"] > 0) for f in seen["framing"]] == [
        ("Direct hulp, g", False, True, True),
        ("(Een herinneri", True, False, True),
    ], seen["framing"]
    assert seen["framing"][0]["border"] == "2px" and seen["framing"][1]["border"] == "1px"
    # a message that tells to use "Snel weg" has the button, which leaves (phone trial 9)
    assert seen["exitInMessage"] == {"count": 1, "framed": False, "height": 44, "url": "https://www.weeronline.nl/"}
    assert {n["text"] for n in seen["inlineNumbers"]} == {"0800-2000", "112", "113.nl"}
    assert all(n["nowrap"] for n in seen["inlineNumbers"])
    assert seen["foreignHosts"] == []


def conversation_events(bot, signed_session: str) -> list:
    session = signed_session.split(".")[0]
    status, body = get(f"{bot.url}/conversations/web:{session}/tracker?token={bot.token}")
    assert status == 200, body
    return json.loads(body)["events"]


def test_privacy_controls(phone, bot):
    assert phone["title"] == "Chat"  # what the tab and the browser history show
    days = f"{load().retention_days:g}".replace(".", ",")
    # where it is kept, said first (phone trial 4: "30 dagen, waar?")
    assert phone["retention"].startswith(f"Op onze server bewaard tot {days} dag"), phone["retention"]
    # one tap away ("Wat bewaren we?"), and it says where, how long, how to wipe, and the history
    assert not phone["privacyClosed"] and phone["helpAfterPrivacy"] == "false"
    assert all(part in phone["privacyText"] for part in ("tabblad", "Wis mijn gesprek", "browsergeschiedenis")), phone[
        "privacyText"
    ]
    assert phone["userHtml"] == {"ran": False, "bold": 0}
    reload = phone["afterReload"]
    assert reload["history"] and reload["collapsed"]
    assert reload["replies"] == phone["repliesBeforeReload"] > 0, "the last answer's buttons after a reload"
    assert reload["storage"] == {"session": True, "local": 0}
    # "Wis mijn gesprek": confirmed in a dialog, deleted without a chat message, then fresh
    assert phone["dialogOpen"]
    forget = phone["afterForget"]
    assert "Gedaan: ons gesprek is gewist." in forget["notice"]
    assert forget["noticeInView"], "the confirmation was pushed out of view by the welcome"
    assert "Jij:" not in forget["log"] and "geen therapeut" in forget["log"]
    assert "schrijft een antwoord" not in (forget["status"] or "")
    assert forget["newSession"] != phone["forgottenSession"]
    assert all('"/greet"' in frame for frame in forget["sentMessages"]), forget["sentMessages"]
    assert not [e for e in conversation_events(bot, phone["forgottenSession"]) if e.get("event") == "user"]
    # Esc twice: gone, from the server too, and Back does not bring the chat back
    assert phone["exitUrl"] == "https://www.weeronline.nl/"
    assert phone["exitedSession"] != phone["forgottenSession"]
    assert not [e for e in conversation_events(bot, phone["exitedSession"]) if e.get("event") == "user"]
    assert "localhost" not in phone["afterBack"]


@pytest.mark.e2e  # a browser, so never in the unit lane, though it needs no bot
def test_a_chat_that_cannot_connect_says_so_with_the_numbers(page_without_bot, tmp_path):
    seen = run_browser("offline", page_without_bot, tmp_path)
    assert seen["offlineRole"] == "alert"
    assert "geen verbinding" in seen["offlineText"]
    for number in ("113", "0800-0113", "0800-2000", "112"):
        assert number in seen["offlineText"]
    assert {"tel:113", "tel:08000113", "tel:08002000", "tel:112"} <= set(seen["offlineLinks"])
    assert seen["foreignHosts"] == []


def test_screenshots_for_the_readme_are_made_by_this_test(phone, keyboard, states):
    """phone-offline.png comes from the test above (same module, run before this one)."""
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    names = [
        "phone-welcome.png",
        "phone-answer.png",
        "phone-offline.png",
        "desktop-answer.png",
        "phone-safety-answer.png",
        "phone-unsent.png",
        "phone-new-message.png",
        "phone-200-percent.png",
        "phone-200-percent-first.png",
        "phone-keyboard.png",
    ]
    for name in names:
        shot = SCREENSHOTS / name
        assert shot.exists() and shot.stat().st_size > 20_000, name
        assert f"docs/screenshots/{name}" in readme


# --- a phone against the scripted server (no bot) -----------------------------------------


@pytest.mark.e2e  # a browser
def test_a_message_typed_without_connection_is_marked_and_delivered_once(states):
    assert states["unsent"]["unsent"] and states["unsent"]["visible"]
    assert states["unsent"]["status"].startswith("Niet verzonden")
    assert states["unsentKept"] == ["unsent"]  # kept in the tab, a reload does not lose it
    assert states["resent"] == {"status": "Afgeleverd", "unsent": False, "visible": True}
    # "Afgeleverd" only after a receipt: without one it stays unmarked, then unsent when the
    # connection drops, and the resend carries the same id (so the server can ignore it)
    assert states["withoutReceipt"]["status"] == "" and not states["withoutReceipt"]["unsent"]
    assert states["withoutReceiptOffline"]["unsent"]
    assert len(states["frames"]["offline"]) == 1
    assert len(states["frames"]["noReceipt"]) == 2 and len(set(states["frames"]["noReceipt"])) == 1
    assert states["answers"] == {"offline": 1, "noReceipt": 1, "userBubbles": 2}
    assert not states["typingAfterResend"]  # the server said it had answered that one before
    # only the last delivered message says so
    assert states["deliveredAfterAll"][-1] == "Afgeleverd" and states["deliveredAfterAll"].count("Afgeleverd") == 1
    assert states["deliveredMarks"] == ["", "Afgeleverd"]


@pytest.mark.e2e
def test_reading_back_is_not_interrupted_and_new_message_jumps_down(states):
    assert states["atBottom"] == {"inView": True, "button": False}
    reading = states["readingBack"]
    assert reading["scrolledAfter"] == reading["scrolledBefore"] and reading["button"] and not reading["inView"]
    assert reading["buttonBox"]["bottom"] - reading["buttonBox"]["top"] >= 44
    # under the conversation, never over the text being read (phone trials 2 and 3)
    assert reading["buttonBox"]["top"] >= reading["logBox"]["bottom"]
    jump = states["afterJump"]
    assert jump["scrolled"] > reading["scrolledAfter"], jump
    # the pill goes once the end of the answer and its buttons are in view (phone trial 7)
    assert not jump["button"] and jump["lastButtonsInView"] and jump["taps"] < 8, jump
    assert states["afterJump"]["focus"] == "log"


@pytest.mark.e2e
def test_safety_messages_are_framed_with_call_buttons(states):
    safety = states["safety"]
    assert safety["title"] and safety["border"] == "6px"
    assert {call["href"] for call in safety["calls"]} == {"tel:08002000", "tel:112", "https://www.113.nl/"}
    assert all(call["height"] >= 44 for call in safety["calls"])


@pytest.mark.e2e
def test_input_and_send_button_stay_above_the_on_screen_keyboard(states):
    keyboard = states["keyboard"]
    assert keyboard["before"]["bottom"] > 508  # without the keyboard it sat lower
    for name in ("send", "input"):
        assert 0 <= keyboard[name]["top"] and keyboard[name]["bottom"] <= 508, (name, keyboard)
    assert keyboard["exit"]["top"] >= 0 and keyboard["log"]["bottom"] <= keyboard["input"]["top"]
    assert keyboard["send"]["right"] == keyboard["before"]["right"]  # it does not move sideways
    panned = states["keyboardPanned"]  # Safari moves the visible part 120 px down
    assert 120 <= panned["exit"]["top"] and panned["send"]["bottom"] <= 120 + 508
    for name in ("send", "input"):
        assert states["keyboardResized"][name]["bottom"] <= 508


@pytest.mark.e2e
def test_200_percent_text_cuts_nothing_off(states):
    big = states["bigText"]
    assert big["rootFont"] == "32px" and big["largeTextLayout"]
    assert big["problems"] == [] and big["problemsInLog"] == [] and big["dialog"] == []
    assert big["pageWidth"] <= 390
    for name in ("send", "input", "exit", "forget", "dialogExit"):
        box = big[name]
        assert 0 <= box["top"] and box["bottom"] <= 844 and 0 <= box["left"] and box["right"] <= 390, (name, box)
    assert big["logHeight"] >= 250  # the conversation keeps room
    # the numbers behind "Hulp nodig?", the whole panel in view (phone trial 6: cut off at "Bel 112")
    assert big["help"] == {"shown": True, "problems": [], "links": 5, "calmInView": True}
    first = big["firstScreen"]  # before the first message the numbers are on screen
    assert first["calls"] == ["tel:113", "tel:08002000", "tel:112"] and first["problems"] == []
    assert first["logHeight"] >= 250, first
    assert big["helpCloseInView"] and big["helpClosed"] == {"panel": False, "focus": "message"}
    assert big["safetyCalls"] and all(c["lines"] == 1 and c["right"] <= 390 for c in big["safetyCalls"])


@pytest.mark.e2e
def test_axe_finds_no_serious_or_critical_violation_in_the_phone_states(states):
    assert {v["state"] for v in states["axe"]} <= {
        "phone: new message below, safety messages",
        "phone: a message not sent",
        "phone: 200% text",
        "phone: 200% text, dialog open",
    }
    bad = [v for v in states["axe"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad


@pytest.mark.e2e
def test_focus_and_announcements(states):
    assert states["focusAfterEnter"] == states["focusAfterSendButton"] == states["focusAfterReply"] == "message"
    assert states["unsentFocus"] == "message"
    assert states["live"] == {"role": "log", "live": "polite"}
    # an answer of eight paced messages: "typing" is said once
    assert states["typingSaid"] == ["De relatiecoach schrijft een antwoord."]
    assert states["botMessagesInLog"] >= 8


@pytest.mark.e2e
def test_quick_exit_works_with_the_dialog_open_and_the_retention_is_the_servers(states):
    assert states["dialogOpen"] and states["exitFromDialog"] == "https://www.weeronline.nl/"
    assert states["escFromDialog"] == "https://www.weeronline.nl/"
    assert states["retention"].startswith("Op onze server bewaard tot 1 dag na je laatste bericht")
    assert states["foreignHosts"] == []


# --- the real server behind a connection that drops --------------------------------------


def test_a_message_sent_while_the_connection_was_down_reaches_the_bot_once(reconnect, bot):
    assert reconnect["unsent"]["unsent"] and reconnect["stillUnsent"]["unsent"]
    assert reconnect["delivered"] == {"status": "Afgeleverd", "unsent": False}
    assert not reconnect["offlineAfter"] and reconnect["sessionAfter"] == reconnect["session"]
    assert reconnect["sentToServer"] == 2  # the proxy doubled it, as a resend after a lost receipt
    assert reconnect["answers"] == 1 and reconnect["userBubbles"] == 1
    said = [e.get("text") for e in conversation_events(bot, reconnect["session"]) if e.get("event") == "user"]
    assert said.count("we leven als huisgenoten naast elkaar") == 1, said
