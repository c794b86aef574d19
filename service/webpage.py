"""Serves the chat page and the locally installed rasa-webchat bundle (no CDN)."""

from __future__ import annotations

import html
import re
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional

from service.settings import PROJECT_DIR, load

PAGE = PROJECT_DIR / "web" / "index.html"
WIDGET = PROJECT_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
# rasa-webchat 1.0.1 prints the socket and session ids to the browser console: anyone at the
# same computer could read them there. The served copy leaves those two calls out.
CONSOLE_LEAKS = (
    b'console.log("session_confirm:".concat(o.socket.id," session_id:").concat(a)),',
    b'console.log("connect:".concat(o.id)),',
)
# A Host header as browsers send it: a name or IPv4 address, or an IPv6 one in brackets, and a port.
HOST = re.compile(r"(?P<name>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
# socket.io's client starts with HTTP long-polling, a series of requests that must all reach
# the same server process; behind several Rasa workers or machines they do not (the scaled
# profile). The served copy connects over a websocket straight away: one connection, one
# process, no sticky sessions needed.
WEBSOCKET_ONLY = (
    b"socketio:function(e,t,n){var r=n?{path:n}:{},",
    b'socketio:function(e,t,n){var r=n?{path:n,transports:["websocket"]}:{transports:["websocket"]},',
)
ROUTES = {
    "/": (PAGE, "text/html; charset=utf-8"),
    "/index.html": (PAGE, "text/html; charset=utf-8"),
    "/webchat.js": (WIDGET, "application/javascript; charset=utf-8"),
}


def socket_url(host_header: Optional[str], rasa_port: int) -> str:
    """The Rasa server on the host the browser loaded the page from: with COACH_HOST=0.0.0.0 a
    phone that opens http://192.168.1.5:8080/ must connect to 192.168.1.5, not to its own
    localhost. Without a usable Host header (HTTP/1.0, garbage) it is localhost."""
    match = HOST.fullmatch(host_header or "")
    return f"http://{match.group('name') if match else 'localhost'}:{rasa_port}"


class ChatPageHandler(BaseHTTPRequestHandler):
    def __init__(self, *args, rasa_port: int, public_url: Optional[str] = None, **kwargs):
        self.rasa_port = rasa_port
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
        if file == PAGE:
            url = self.public_url or socket_url(self.headers.get("Host"), self.rasa_port)
            body = body.replace(b"{{SOCKET_URL}}", html.escape(url).encode())
        else:
            for leak in CONSOLE_LEAKS:
                body = body.replace(leak, b"")
            body = body.replace(*WEBSOCKET_ONLY)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


def serve_in_thread(host: str, port: int, rasa_port: int) -> ThreadingHTTPServer:
    """The chat page on `host`:`port`; its widget talks to the Rasa server on `rasa_port`."""
    server = ThreadingHTTPServer((host, port), partial(ChatPageHandler, rasa_port=rasa_port))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    """The chat page on its own (docker-compose.yml's `web` service)."""
    settings = load()
    handler = partial(ChatPageHandler, rasa_port=settings.rasa_port, public_url=settings.public_socket_url)
    ThreadingHTTPServer((settings.host, settings.web_port), handler).serve_forever()


if __name__ == "__main__":
    main()
