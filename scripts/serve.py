"""`make run`: start the action server, the Rasa server and the chat page; Ctrl-C stops all.

Why one script: every process gets the same quiet environment (no telemetry), the Rasa API
is never open without a token, and a newcomer sees one address to open.
"""

from __future__ import annotations

import secrets
import signal
import sys
import time

from service import runtime, scaled
from service.settings import PROJECT_DIR, load
from service.webpage import serve_in_thread


def main() -> int:
    settings = load()
    if not settings.model.exists():
        print(f"No trained model at {settings.model}; run `make run` (it trains first).")
        return 1
    token = settings.auth_token or secrets.token_urlsafe(24)
    rest_token = settings.rest_token or secrets.token_urlsafe(24)
    var = PROJECT_DIR / "var"
    stores = None
    rasa_extra, actions_extra = {}, {}
    if settings.profile == "scaled":
        print("==> Scaled profile: PostgreSQL tracker store, Redis lock store (logs: var/postgres, var/redis)")
        stores = scaled.open_stores(settings, var)
        endpoints = scaled.write_endpoints(var / "endpoints.run.yml", settings.actions_port, stores)
        rasa_extra = {**stores.env(), **scaled.workers_env(settings.rasa_workers)}
        actions_extra = scaled.actions_workers_env(settings.action_workers)
        print(f"    {settings.rasa_workers} Rasa and {settings.action_workers} action server workers")
    elif settings.profile == "default":
        endpoints = runtime.write_endpoints(var / "endpoints.run.yml", settings.actions_port, settings.tracker_db)
    else:
        print(f"Unknown PROFILE={settings.profile!r}: use default or scaled.")
        return 1
    services = []
    page = None

    def stop_all():
        runtime.stop(services)
        if stores:
            stores.stop()

    def shutdown(*_):
        print("\nStopping…")
        if page:
            page.shutdown()
        stop_all()
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    print(f"==> Action server on port {settings.actions_port} (log: var/actions.log)")
    services.append(
        runtime.start(
            "action server",
            runtime.actions_command(settings.actions_port),
            var / "actions.log",
            f"http://127.0.0.1:{settings.actions_port}/health",
            {**runtime.actions_env(settings.host), **actions_extra},
        )
    )
    print(f"==> Rasa server on port {settings.rasa_port} (log: var/rasa.log); loading the model…")
    services.append(
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
        for service in services:
            runtime.wait_ready(service)
    except (RuntimeError, TimeoutError) as error:
        print(f"Start-up failed: {error}")
        stop_all()
        return 1
    page = serve_in_thread(settings.host, settings.web_port, settings.rasa_port)
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
    print("\n    Ctrl-C stops everything.\n")
    while all(s.process.poll() is None for s in services):
        time.sleep(1)
    print("A server stopped unexpectedly; see var/*.log")
    page.shutdown()
    stop_all()
    return 1


if __name__ == "__main__":
    sys.exit(main())
