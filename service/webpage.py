"""Serves the chat page (web/) and the socket.io client it uses, all from this machine.

The page is the project's own (web/index.html, chat.js, chat.css): see the README, "The chat
page", for why it replaced the rasa-webchat widget. Nothing is loaded from another site: the
Content-Security-Policy below allows scripts, styles and images from this server only and
connections to the chat server only, so a later change that adds a font, a CDN or an analytics
script is refused by the browser (and fails the browser test).
"""

from __future__ import annotations

import html
import re
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional, Tuple
from urllib.parse import urlsplit

from service.settings import PROJECT_DIR, load

WEB = PROJECT_DIR / "web"
PAGE = WEB / "index.html"
# socket.io's own browser build (pinned in package.json), the version that speaks the
# protocol of the Rasa server's python-socketio 5
SOCKET_CLIENT = PROJECT_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
# A Host header as browsers send it: a name or IPv4 address, or an IPv6 one in brackets, and a port.
HOST = re.compile(r"(?P<name>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
# the bundle's last line points at a source map that is not served
SOURCE_MAP = re.compile(rb"\n//# sourceMappingURL=\S+\s*$")
HTML = "text/html; charset=utf-8"
ROUTES: Dict[str, Tuple[Path, str]] = {
    "/": (PAGE, HTML),
    "/index.html": (PAGE, HTML),
    "/chat.js": (WEB / "chat.js", "application/javascript; charset=utf-8"),
    "/chat.css": (WEB / "chat.css", "text/css; charset=utf-8"),
    "/socket.io.min.js": (SOCKET_CLIENT, "application/javascript; charset=utf-8"),
    "/favicon.svg": (WEB / "favicon.svg", "image/svg+xml"),
    # browsers that ignore the page's <link rel="icon"> ask for this one
    "/favicon.ico": (WEB / "favicon.svg", "image/svg+xml"),
}


def socket_url(host_header: Optional[str], rasa_port: int) -> str:
    """The Rasa server on the host the browser loaded the page from: with COACH_HOST=0.0.0.0 a
    phone that opens http://192.168.1.5:8080/ must connect to 192.168.1.5, not to its own
    localhost. Without a usable Host header (HTTP/1.0, garbage) it is localhost."""
    match = HOST.fullmatch(host_header or "")
    return f"http://{match.group('name') if match else 'localhost'}:{rasa_port}"


def retention(days: float) -> Dict[bytes, bytes]:
    """What the page's privacy line says about RETENTION_DAYS: the number the Dutch way (a
    decimal comma) and which of the line's two forms (one day, several) shows."""
    number = f"{days:g}".replace(".", ",")
    return {b"{{RETENTION_DAYS}}": number.encode(), b"{{RETENTION_FORM}}": b"one" if days == 1 else b"many"}


def content_security_policy(url: str) -> str:
    """Scripts, styles, images and the icon from this server only; connections to the chat
    server's origin only (http(s) and its websocket twin); no forms, no frames, no plugins."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    websocket = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        f"connect-src 'self' {origin} {websocket}; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


class ChatPageHandler(BaseHTTPRequestHandler):
    def __init__(self, *args, rasa_port: int, public_url: Optional[str] = None, retention_days: float = 30, **kwargs):
        self.rasa_port = rasa_port
        self.retention_days = retention_days
        # behind a proxy (docker-compose.yml) the Rasa server has one public address
        self.public_url = public_url
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        if path not in ROUTES:
            self.send_error(404)
            return
        file, content_type = ROUTES[path]
        body = file.read_bytes()
        headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
        if file == PAGE:
            url = self.public_url or socket_url(self.headers.get("Host"), self.rasa_port)
            body = body.replace(b"{{SOCKET_URL}}", html.escape(url).encode())
            for placeholder, filled in retention(self.retention_days).items():
                body = body.replace(placeholder, filled)
            headers["Content-Security-Policy"] = content_security_policy(url)
            headers["Cache-Control"] = "no-cache"
        elif file == SOCKET_CLIENT:
            body = SOURCE_MAP.sub(b"\n", body)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


def serve_in_thread(
    host: str, port: int, rasa_port: int, public_url: Optional[str] = None, retention_days: Optional[float] = None
) -> ThreadingHTTPServer:
    """The chat page on `host`:`port`; its page talks to the Rasa server on `rasa_port` (or at
    `public_url`) and says that conversations are kept `retention_days` (RETENTION_DAYS)."""
    days = load().retention_days if retention_days is None else retention_days
    handler = partial(ChatPageHandler, rasa_port=rasa_port, public_url=public_url, retention_days=days)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    """The chat page on its own (docker-compose.yml's `web` service)."""
    settings = load()
    handler = partial(
        ChatPageHandler,
        rasa_port=settings.rasa_port,
        public_url=settings.public_socket_url,
        retention_days=settings.retention_days,
    )
    ThreadingHTTPServer((settings.host, settings.web_port), handler).serve_forever()


if __name__ == "__main__":
    main()
