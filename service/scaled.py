"""The scaled profile's stores: Rasa's SQL tracker store on PostgreSQL and our atomic Redis
lock store (service/lockstore.py), for `make run PROFILE=scaled`, the tests and the benchmark.

Passwords never go into the endpoints file or a command line: the file says
`${COACH_DB_PASSWORD}` / `${COACH_REDIS_PASSWORD}` (Rasa fills these in from the environment
when it reads endpoints) and `stores_env` gives the values to the Rasa processes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from service import backends, runtime
from service.settings import Settings, load

DB_PASSWORD_ENV = "COACH_DB_PASSWORD"
REDIS_PASSWORD_ENV = "COACH_REDIS_PASSWORD"
LOCK_STORE_CLASS = "service.lockstore.AtomicRedisLockStore"


@dataclass
class Stores:
    """Where the tracker and lock stores are, and the processes we started for them."""

    postgres_host: str
    postgres_port: int
    postgres_db: str
    postgres_user: str
    postgres_password: str = field(repr=False)
    redis_host: str
    redis_port: int
    redis_password: str = field(repr=False)
    redis_timeout: float
    started: List[backends.Backend] = field(default_factory=list)

    def tracker_store(self) -> Dict:
        return {
            "type": "SQL",
            "dialect": "postgresql",
            "url": self.postgres_host,
            "port": self.postgres_port,
            "db": self.postgres_db,
            "username": self.postgres_user,
            "password": "${" + DB_PASSWORD_ENV + "}",
        }

    def lock_store(self) -> Dict:
        return {
            "type": LOCK_STORE_CLASS,
            "url": self.redis_host,
            "port": self.redis_port,
            "password": "${" + REDIS_PASSWORD_ENV + "}",
            "db": 1,
            "key_prefix": "coach",
            "socket_timeout": self.redis_timeout,
        }

    def env(self) -> Dict[str, str]:
        return {DB_PASSWORD_ENV: self.postgres_password, REDIS_PASSWORD_ENV: self.redis_password}

    def stop(self) -> None:
        backends.stop(self.started)


def secret_in(file: Path, given: Optional[str] = None) -> str:
    """The given password, or the one kept in `file` (made on first use, mode 0600)."""
    if given:
        return given
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.touch(mode=0o600)
        file.write_text(secrets.token_urlsafe(24), encoding="utf-8")
    return file.read_text(encoding="utf-8").strip()


def open_stores(settings: Settings, var: Path) -> Stores:
    """The configured PostgreSQL and Redis, or our own ones under `var` when no host is set."""
    started: List[backends.Backend] = []
    try:
        if settings.postgres_host:
            pg_host, pg_port = settings.postgres_host, settings.postgres_port
            pg_password = settings.postgres_password or ""
        else:
            pg_password = secret_in(var / "postgres.password", settings.postgres_password)
            started.append(backends.start_postgres(var / "postgres", pg_password, user=settings.postgres_user))
            pg_host, pg_port = "127.0.0.1", started[-1].port
        if settings.redis_host:
            redis_host, redis_port = settings.redis_host, settings.redis_port
            redis_password = settings.redis_password or ""
        else:
            redis_password = settings.redis_password or secrets.token_urlsafe(24)
            started.append(backends.start_redis(var / "redis", redis_password))
            redis_host, redis_port = "127.0.0.1", started[-1].port
    except BaseException:
        backends.stop(started)
        raise
    stores = Stores(
        pg_host,
        pg_port,
        settings.postgres_db,
        settings.postgres_user,
        pg_password,
        redis_host,
        redis_port,
        redis_password,
        settings.redis_timeout,
        started,
    )
    try:
        prepare_database(
            pg_host, pg_port, settings.postgres_db, settings.postgres_user, pg_password, not settings.postgres_host
        )
    except BaseException:
        stores.stop()
        raise
    return stores


def prepare_database(host: str, port: int, db: str, user: str, password: str, create: bool) -> None:
    """The database (created when `create`) and Rasa's events table, made once before the
    workers start: each worker's SQLTrackerStore creates them otherwise, and workers starting
    at once collide in CREATE DATABASE / CREATE TABLE (Rasa logs errors and retries after
    seconds). Wrong credentials also show here, before any worker loads a model."""
    from rasa.core.tracker_store import SQLTrackerStore

    store = SQLTrackerStore(
        None,
        dialect="postgresql",
        host=host,
        port=port,
        db=db,
        username=user,
        password=password,
        login_db="postgres" if create else None,
    )
    store.engine.dispose()


def workers_env(count: int, variable: str = "SANIC_WORKERS") -> Dict[str, str]:
    """Rasa forks this many Sanic workers on one port (more than one only with a lock store
    other than in-memory); rasa_sdk reads ACTION_SERVER_SANIC_WORKERS instead."""
    return {variable: str(max(1, count))}


def actions_workers_env(count: int) -> Dict[str, str]:
    return workers_env(count, "ACTION_SERVER_SANIC_WORKERS")


def write_endpoints(path: Path, actions_port: int, stores: Stores) -> Path:
    path = runtime.write_endpoints(path, actions_port, Path(), stores.tracker_store(), stores.lock_store())
    path.chmod(0o600)
    return path


def main() -> None:
    """`python -m service.scaled`: Rasa's events table on the configured PostgreSQL, before
    several Rasa workers start (docker-compose.yml)."""
    settings = load()
    prepare_database(
        settings.postgres_host or "127.0.0.1",
        settings.postgres_port,
        settings.postgres_db,
        settings.postgres_user,
        settings.postgres_password or "",
        create=False,
    )


if __name__ == "__main__":
    main()
