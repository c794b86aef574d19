"""`make run`: start the action server, the Rasa server and the chat page, keep them
running, and stop all of them on Ctrl-C or SIGTERM (and on nothing else).

Why one script: every process gets the same quiet environment (no telemetry), the Rasa API
is never open without a token, a newcomer sees one address to open, and a server that dies
is started again (service/supervisor.py; PostgreSQL and Redis too in the scaled profile).
"""

from __future__ import annotations

import secrets
import signal
import sys
import threading
import time
from typing import Any, Dict, List, Optional

from service import runtime, scaled
from service.settings import Settings, load
from service.supervisor import Supervisor
from service.webpage import serve_in_thread


def main() -> int:
    settings = load()
    if not settings.model.exists():
        print(f"No trained model at {settings.model}; run `make run` (it trains first).")
        return 1
    if settings.profile not in ("default", "scaled"):
        print(f"Unknown PROFILE={settings.profile!r}: use default or scaled.")
        return 1
    run = Run(settings)
    signal.signal(signal.SIGINT, run.on_signal)
    signal.signal(signal.SIGTERM, run.on_signal)
    try:
        return run.start_and_supervise()
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM while starting
        return 0
    finally:
        print("\nStopping…", flush=True)
        run.stop()


class Run:
    """The servers of one `make run`: started, watched, stopped."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.services: List[runtime.Service] = []
        self.stores: Optional[scaled.Stores] = None
        self.page: Any = None
        self.stopping, self.supervising = threading.Event(), threading.Event()

    def on_signal(self, *_: Any) -> None:
        """While starting (or on a second Ctrl-C): stop at once; later the loop ends."""
        if self.stopping.is_set() or not self.supervising.is_set():
            raise KeyboardInterrupt
        self.stopping.set()

    def start_and_supervise(self) -> int:
        settings, var = self.settings, self.settings.var_dir
        token = settings.auth_token or secrets.token_urlsafe(24)
        rest_token = settings.rest_token or secrets.token_urlsafe(24)
        rasa_extra: Dict[str, str] = {}
        actions_extra: Dict[str, str] = {}
        if settings.profile == "scaled":
            print(f"==> Scaled profile: PostgreSQL tracker store, Redis lock store (logs: {var}/postgres, {var}/redis)")
            self.stores = scaled.open_stores(settings, var)
            endpoints = scaled.write_endpoints(var / "endpoints.run.yml", settings.actions_port, self.stores)
            rasa_extra = {**self.stores.env(), **scaled.workers_env(settings.rasa_workers)}
            actions_extra = scaled.actions_workers_env(settings.action_workers)
            print(f"    {settings.rasa_workers} Rasa and {settings.action_workers} action server workers")
        else:
            endpoints = runtime.write_endpoints(var / "endpoints.run.yml", settings.actions_port, settings.tracker_db)
        print(f"==> Action server on port {settings.actions_port} (log: {var / 'actions.log'})")
        self.services.append(
            runtime.start(
                "action server",
                runtime.actions_command(settings.actions_port),
                var / "actions.log",
                f"http://127.0.0.1:{settings.actions_port}/health",
                {**runtime.actions_env(settings.host), **actions_extra},
            )
        )
        print(f"==> Rasa server on port {settings.rasa_port} (log: {var / 'rasa.log'}); loading the model…")
        self.services.append(
            runtime.start(
                "rasa server",
                runtime.rasa_command(
                    settings.model, settings.rasa_port, endpoints, settings.allowed_origins, host=settings.host
                ),
                var / "rasa.log",
                f"http://127.0.0.1:{settings.rasa_port}/",
                {**runtime.rasa_env(token, settings.max_body), "REST_TOKEN": rest_token, **rasa_extra},
            )
        )
        started = time.monotonic()
        try:
            for service in self.services:
                runtime.wait_ready(service)
        except (RuntimeError, TimeoutError) as error:
            print(f"Start-up failed: {error}")
            return 1
        self.page = serve_in_thread(
            settings.host, settings.web_port, settings.rasa_port, retention_days=settings.retention_days
        )
        print(f"==> Ready after {time.monotonic() - started:.0f}s")
        print(f"\n    Chat in your browser:  http://localhost:{settings.web_port}/")
        print(
            f"    REST channel (dev):    POST http://localhost:{settings.rasa_port}/webhooks/rest/webhook"
            f"  with header 'Authorization: Bearer {rest_token}'"
        )
        print(
            f"    HTTP API token:        {token}"
            + ("" if settings.auth_token else "  (generated; set RASA_AUTH_TOKEN to choose one)")
        )
        print("\n    A server that stops is started again. Ctrl-C stops everything.\n", flush=True)
        backends = [b.service for b in self.stores.started] if self.stores else []
        supervisor = Supervisor([*self.services, *backends], say=log)
        self.supervising.set()
        while not self.stopping.wait(0.5):
            supervisor.check()
        return 0

    def stop(self) -> None:
        if self.page:
            self.page.shutdown()
        runtime.stop(self.services)
        if self.stores:
            self.stores.stop()


def log(line: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {line}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
