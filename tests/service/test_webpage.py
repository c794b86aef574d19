"""The chat page (service/webpage.py): its socket address, served as `make run` serves it, used
in a real headless Chromium, and CORS."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request

import pytest

from service.settings import PROJECT_DIR
from service.runtime import free_port
from service.webpage import serve_in_thread, socket_url

REPORTS = PROJECT_DIR / "reports"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def page(bot):
    server = serve_in_thread("127.0.0.1", bot.web_port, int(bot.url.rsplit(":", 1)[1]))
    yield f"http://localhost:{bot.web_port}/"
    server.shutdown()


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


def test_served_page_points_its_socket_at_the_host_it_was_loaded_from():
    server = serve_in_thread("127.0.0.1", free_port(), 5005)
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        for host, expected in [("192.168.1.5:8080", "192.168.1.5"), ("localhost:8080", "localhost")]:
            with urllib.request.urlopen(urllib.request.Request(address, headers={"Host": host})) as reply:
                assert f'socketUrl: "http://{expected}:5005"' in reply.read().decode()
    finally:
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
