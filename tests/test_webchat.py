"""The chat page: served as `make run` serves it, used in a real headless Chromium, and CORS."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request

import pytest

from service.settings import PROJECT_DIR
from service.webpage import serve_in_thread

REPORTS = PROJECT_DIR / "reports"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def page(bot):
    server = serve_in_thread("127.0.0.1", bot.web_port, bot.url.replace("127.0.0.1", "localhost"))
    yield f"http://localhost:{bot.web_port}/"
    server.shutdown()


def test_page_is_dutch_and_uses_the_local_widget(page):
    with urllib.request.urlopen(page) as reply:
        html = reply.read().decode()
    assert '<html lang="nl">' in html and "Typ je bericht" in html
    assert 'src="/webchat.js"' in html and "cdn" not in html.lower()
    assert "0800-0113" in html and "0800-2000" in html and "112" in html
    with urllib.request.urlopen(page + "webchat.js") as reply:
        assert reply.status == 200
        bundle = reply.read()
    assert b"WebChat" in bundle[:200]
    assert b'transports:["websocket"]' in bundle, "the widget still starts with long-polling"


def cors_header(url: str, origin: str):
    request = urllib.request.Request(url, headers={"Origin": origin})
    with urllib.request.urlopen(request) as reply:
        return reply.headers.get("Access-Control-Allow-Origin")


def test_cors_only_for_configured_origins(bot):
    allowed = f"http://localhost:{bot.web_port}"
    assert cors_header(f"{bot.url}/", allowed) == allowed
    assert cors_header(f"{bot.url}/", "http://evil.example") is None


def test_chat_in_a_real_browser(page, bot):
    if not shutil.which("node"):
        pytest.fail("node is needed for the browser test")
    REPORTS.mkdir(exist_ok=True)
    screenshot = REPORTS / "webchat.png"
    result = subprocess.run(
        ["node", "tests/browser/webchat.mjs", page, str(screenshot)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "CHROMIUM_PATH": CHROMIUM, "HOME": str(bot.tmp)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert "Bron: Mijn partner wil niet over gevoelens praten" in seen["answer"]
    # websocket only: no long-polling that would need sticky sessions behind several workers
    assert seen["pollingRequests"] == 0
    assert screenshot.exists() and screenshot.stat().st_size > 10_000
