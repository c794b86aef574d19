"""All configuration from the environment, read in one place.

Defaults suit `make run` on one machine; every value can be overridden by an environment
variable of the same name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Tuple

PROJECT_DIR = Path(__file__).resolve().parent.parent

# Rasa phones home unless told not to; every process the project starts inherits this.
QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _var() -> Path:
    return Path(_env("VAR_DIR", str(PROJECT_DIR / "var")))


def _origins(raw: str) -> Tuple[str, ...]:
    return tuple(o.strip() for o in raw.split(",") if o.strip())


@dataclass(frozen=True)
class Settings:
    host: str = field(default_factory=lambda: _env("COACH_HOST", "127.0.0.1"))
    rasa_port: int = field(default_factory=lambda: int(_env("RASA_PORT", "5005")))
    actions_port: int = field(default_factory=lambda: int(_env("ACTIONS_PORT", "5055")))
    web_port: int = field(default_factory=lambda: int(_env("WEB_PORT", "8080")))
    auth_token: Optional[str] = field(default_factory=lambda: os.environ.get("RASA_AUTH_TOKEN") or None)
    model: Path = field(default_factory=lambda: Path(_env("RASA_MODEL", str(PROJECT_DIR / "models" / "coach.tar.gz"))))
    knowledge_dir: Path = field(default_factory=lambda: Path(_env("KNOWLEDGE_DIR", str(PROJECT_DIR / "knowledge"))))
    # the NLU's training data: also what the session's answers are told apart from (coach/answers.py)
    nlu_dir: Path = field(default_factory=lambda: Path(_env("NLU_DIR", str(PROJECT_DIR / "data" / "nlu"))))
    # What `make run` writes at run time: logs, the SQLite tracker store, the scaled profile's
    # PostgreSQL and Redis, generated secrets (the tests give each run its own).
    var_dir: Path = field(default_factory=_var)
    tracker_db: Path = field(default_factory=lambda: Path(_env("TRACKER_DB", str(_var() / "tracker.db"))))
    # Origins allowed to embed the chat widget (CORS); never "*".
    cors_origins: Tuple[str, ...] = field(default_factory=lambda: _origins(_env("WEBCHAT_ORIGINS", "")))
    telegram_token: Optional[str] = field(default_factory=lambda: os.environ.get("TELEGRAM_TOKEN") or None)
    telegram_bot_name: Optional[str] = field(default_factory=lambda: os.environ.get("TELEGRAM_BOT_NAME") or None)
    telegram_webhook_url: Optional[str] = field(default_factory=lambda: os.environ.get("TELEGRAM_WEBHOOK_URL") or None)
    telegram_secret: Optional[str] = field(default_factory=lambda: os.environ.get("TELEGRAM_SECRET") or None)
    telegram_api_base: str = field(default_factory=lambda: _env("TELEGRAM_API_BASE", "https://api.telegram.org"))
    # The REST channel is for development and tests: off unless a token is set
    # (`make run` generates one and prints it).
    rest_token: Optional[str] = field(default_factory=lambda: os.environ.get("REST_TOKEN") or None)
    # Signs the web chat's session ids; generated once into var/session_secret when unset.
    session_secret: Optional[str] = field(default_factory=lambda: os.environ.get("SESSION_SECRET") or None)
    secret_file: Path = field(default_factory=lambda: Path(_env("SESSION_SECRET_FILE", str(_var() / "session_secret"))))
    # Conversations untouched for longer than this are deleted (at start and daily).
    retention_days: float = field(default_factory=lambda: float(_env("RETENTION_DAYS", "30")))
    # Seconds Rasa waits for the action server before it apologises.
    action_timeout: float = field(default_factory=lambda: float(_env("ACTION_TIMEOUT", "5")))
    # Largest request body the Rasa server reads (bytes).
    max_body: int = field(default_factory=lambda: int(_env("MAX_BODY_BYTES", "65536")))
    # Embeddings of the knowledge passages, computed once per knowledge text and model and kept
    # here: the action server starts in a second instead of ~15 s, and so do the unit tests.
    cache_dir: Path = field(default_factory=lambda: Path(_env("CACHE_DIR", str(PROJECT_DIR / "build" / "cache"))))
    domain: Path = field(default_factory=lambda: Path(_env("DOMAIN", str(PROJECT_DIR / "domain.yml"))))
    # A free question is answered from the knowledge from this e5 similarity on (chosen with
    # `make search-threshold` on tests/nlu/search_questions.yml), else the bot asks.
    search_min_score: float = field(default_factory=lambda: float(_env("SEARCH_MIN_SCORE", "0.51")))
    # the coach acts on an intent at or above COACH_SURE; below it, topics at or above
    # COACH_CHECK are offered as a check ("gaat het vooral over X, of over Y?"). Calibrated by
    # `make thresholds` (reports/thresholds.json) on out-of-fold predictions of the training
    # letters: at or above 0.35 the intent was right for 90%; a topic at 0.08 or more was the
    # right one for a quarter of the messages below 0.35.
    coach_sure: float = field(default_factory=lambda: float(_env("COACH_SURE", "0.35")))
    coach_check: float = field(default_factory=lambda: float(_env("COACH_CHECK", "0.08")))
    # a message after this many hours away is a return: what we discussed, how it went
    return_after_hours: float = field(default_factory=lambda: float(_env("RETURN_AFTER_HOURS", "4")))
    # Where browsers reach the Rasa server's socket.io, when the chat page runs on its own
    # (`python -m service.webpage`, docker-compose.yml); `make run` uses its own port.
    public_socket_url: Optional[str] = field(default_factory=lambda: os.environ.get("PUBLIC_SOCKET_URL") or None)
    # Threads of the e5 engine for a live message (the NLU featurizer; training uses the
    # component's own `threads`). One: a message is short, and on a loaded 2-core machine a
    # second thread made each message ~3x slower (OpenMP threads waiting for a free core).
    e5_threads: int = field(default_factory=lambda: int(_env("E5_THREADS", "1")))
    # The NLU of each message runs in a thread of its own beside Rasa's event loop
    # (channels/housekeeping.py), so encoding one message and handling others overlap; 0: in
    # the loop, as Rasa does it.
    nlu_thread: bool = field(default_factory=lambda: _env("NLU_THREAD", "1") != "0")
    # COACH_PROFILE ("PROFILE" in make) "default": SQLite, one Rasa process. "scaled": PostgreSQL tracker store, Redis lock
    # store, RASA_WORKERS Rasa and ACTION_WORKERS action server processes behind one port each
    # (README, "Scaled profile"). Without POSTGRES_HOST / REDIS_HOST the project starts its own
    # PostgreSQL and Redis under var/ on free ports, with passwords kept in var/ (mode 0600).
    profile: str = field(default_factory=lambda: _env("COACH_PROFILE", "default"))
    rasa_workers: int = field(default_factory=lambda: int(_env("RASA_WORKERS", str(os.cpu_count() or 1))))
    # One: rasa_sdk forks its workers after the knowledge search has started the e5 engine
    # (OpenMP), and forked workers hang in it (seen with 2); one takes ~5-10 ms a call.
    action_workers: int = field(default_factory=lambda: int(_env("ACTION_WORKERS", "1")))
    postgres_host: Optional[str] = field(default_factory=lambda: os.environ.get("POSTGRES_HOST") or None)
    postgres_port: int = field(default_factory=lambda: int(_env("POSTGRES_PORT", "5432")))
    postgres_db: str = field(default_factory=lambda: _env("POSTGRES_DB", "coach"))
    postgres_user: str = field(default_factory=lambda: _env("POSTGRES_USER", "coach"))
    postgres_password: Optional[str] = field(default_factory=lambda: os.environ.get("POSTGRES_PASSWORD") or None)
    redis_host: Optional[str] = field(default_factory=lambda: os.environ.get("REDIS_HOST") or None)
    redis_port: int = field(default_factory=lambda: int(_env("REDIS_PORT", "6379")))
    redis_password: Optional[str] = field(default_factory=lambda: os.environ.get("REDIS_PASSWORD") or None)
    # Rasa reads the Redis socket timeout from the endpoint: how long a message waits for a
    # Redis that does not answer before the user gets the apology.
    redis_timeout: float = field(default_factory=lambda: float(_env("REDIS_TIMEOUT", "3")))

    @property
    def web_origin(self) -> str:
        return f"http://localhost:{self.web_port}"

    @property
    def allowed_origins(self) -> Tuple[str, ...]:
        """The chat page's own origins plus any configured embedding sites."""
        own = (self.web_origin, f"http://127.0.0.1:{self.web_port}")
        return own + tuple(o for o in self.cors_origins if o not in own)


def load() -> Settings:
    return Settings()
