"""Fixtures only (shared helpers are in tests/helpers.py): the real domain and knowledge,
trackers built from them, and the running bot (action server + Rasa server on free ports)
for end-to-end tests. Tests that use the bot, the trained model or the scaled profile's
stores are marked `e2e`, every other test `unit` (see pytest_collection_modifyitems)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

from service.settings import QUIET_ENV, load

os.environ.update(QUIET_ENV)

from rasa.shared.core.domain import Domain  # noqa: E402  (after the quiet environment)
from rasa_sdk import Tracker  # noqa: E402

from coach.knowledge import Knowledge, load_knowledge  # noqa: E402
from service import runtime  # noqa: E402
from tests.helpers import user_event  # noqa: E402

# the REST channel's token and the web chat's signing secret for this test session;
# tests/helpers.py sends the token with every message
REST_TOKEN = os.environ.setdefault("REST_TOKEN", secrets.token_urlsafe(16))
SESSION_SECRET = secrets.token_hex(16)
# fixtures that need a trained model, running servers or installed services (PostgreSQL and
# Redis, which `make services` installs before the e2e lane): a test using one is end-to-end
E2E_FIXTURES = {"trained_model", "bot", "stores"}


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    """Marks each test `e2e` when it needs the model or the servers (or says so itself), else
    `unit`, so `make unit` (-m unit) can never pick up a test that needs a trained model."""
    for item in items:
        if item.get_closest_marker("e2e") is None and E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.unit)


@pytest.fixture(scope="session")
def domain() -> Domain:
    return Domain.load(str(load().domain))


@pytest.fixture(scope="session")
def domain_dict(domain) -> Dict[str, Any]:
    return domain.as_dict()


@pytest.fixture
def make_tracker(domain):
    """A rasa_sdk Tracker with every slot of the real domain, some of them set; `extracted`
    slots are also logged after the user message, as a form's extraction does."""

    def build(
        intent: str,
        text: str = "",
        slots: Optional[Dict[str, Any]] = None,
        events: Optional[List[dict]] = None,
        active_loop: Optional[str] = None,
        ranking: Optional[List[dict]] = None,
        extracted: Optional[Dict[str, Any]] = None,
    ) -> Tracker:
        values = {slot.name: None for slot in domain.slots}
        unknown = set(slots or {}) - set(values)
        assert not unknown, f"slots not in the domain: {unknown}"
        values.update(slots or {})
        values.update(extracted or {})
        latest = user_event(text or intent, intent)["parse_data"]
        if ranking:
            latest["intent_ranking"] = ranking
        # slots a form extracted from this message come as events after it
        all_events = (
            list(events or [])
            + [user_event(text or intent, intent)]
            + [{"event": "slot", "name": k, "value": v} for k, v in (extracted or {}).items()]
        )
        return Tracker(
            "test-user",
            values,
            latest,
            all_events,
            False,
            None,
            {"name": active_loop} if active_loop else {},
            "action_listen",
        )

    return build


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def trained_model() -> Path:
    model = load().model
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make train` (make test does this)")
    return model


class Bot:
    """The running action server and Rasa server of one test session."""

    def __init__(self, tmp: Path, model: Path):
        self.tmp = tmp
        self.model = model
        self.token = secrets.token_urlsafe(16)
        self.actions_port = runtime.free_port()
        self.web_port = runtime.free_port()  # the chat page's origin, allowed by CORS
        self.db = tmp / "tracker.db"
        self.endpoints = runtime.write_endpoints(tmp / "endpoints.yml", self.actions_port, self.db)
        self.services: List[runtime.Service] = []
        self.rasa: Optional[runtime.Service] = None
        self.url = ""

    def start_actions(self) -> None:
        service = runtime.start(
            "action server",
            runtime.actions_command(self.actions_port),
            self.tmp / "actions.log",
            f"http://127.0.0.1:{self.actions_port}/health",
            runtime.actions_env(),
        )
        self.services.append(service)
        runtime.wait_ready(service)

    def launch_rasa(self, extra_env: Optional[Dict[str, str]] = None) -> Tuple[runtime.Service, str]:
        """Another Rasa server on a free port with the trained model and this session's store."""
        port = runtime.free_port()
        command = runtime.rasa_command(self.model, port, self.endpoints, [f"http://localhost:{self.web_port}"])
        env = {
            **runtime.rasa_env(self.token, 65536),
            "REST_TOKEN": REST_TOKEN,
            "SESSION_SECRET": SESSION_SECRET,
            **(extra_env or {}),
        }
        service = runtime.start("rasa server", command, self.tmp / f"rasa-{port}.log", f"http://127.0.0.1:{port}/", env)
        self.services.append(service)
        runtime.wait_ready(service)
        return service, f"http://127.0.0.1:{port}"

    def start_rasa(self) -> None:
        self.rasa, self.url = self.launch_rasa()

    def stop_service(self, service: runtime.Service) -> None:
        runtime.stop([service])
        self.services.remove(service)

    def stop_rasa(self) -> None:
        self.stop_service(self.rasa)

    def stop(self) -> None:
        runtime.stop(self.services)


@pytest.fixture(scope="session")
def bot(tmp_path_factory, trained_model):
    """Both servers with the trained model; stopped in teardown, also when a test fails."""
    running = Bot(tmp_path_factory.mktemp("bot"), trained_model)
    try:
        running.start_actions()
        running.start_rasa()
        yield running
    finally:
        running.stop()
