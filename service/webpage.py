"""Serves the chat page and the locally installed rasa-webchat bundle (no CDN)."""

from __future__ import annotations

import html
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from service.settings import PROJECT_DIR, load

PAGE = PROJECT_DIR / "web" / "index.html"
WIDGET = PROJECT_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
# rasa-webchat 1.0.1 prints the socket and session ids to the browser console: anyone at the
# same computer could read them there. The served copy leaves those two calls out.
CONSOLE_LEAKS = (
    b'console.log("session_confirm:".concat(o.socket.id," session_id:").concat(a)),',
    b'console.log("connect:".concat(o.id)),',
)
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


class ChatPageHandler(BaseHTTPRequestHandler):
    def __init__(self, *args, socket_url: str, **kwargs):
        self.socket_url = socket_url
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        if path not in ROUTES:
            self.send_error(404, "Niet gevonden")
            return
        file, content_type = ROUTES[path]
        body = file.read_bytes()
        if file == PAGE:
            body = body.replace(b"{{SOCKET_URL}}", html.escape(self.socket_url).encode())
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


def serve_in_thread(host: str, port: int, socket_url: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), partial(ChatPageHandler, socket_url=socket_url))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    """The chat page on its own (docker-compose.yml's `web` service)."""
    settings = load()
    socket_url = settings.public_socket_url or f"http://localhost:{settings.rasa_port}"
    ThreadingHTTPServer(
        (settings.host, settings.web_port), partial(ChatPageHandler, socket_url=socket_url)
    ).serve_forever()


if __name__ == "__main__":
    main()
