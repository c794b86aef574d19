"""Starting and stopping the bot's processes: used by `make run` (scripts/serve.py) and by
the tests, so both run the servers exactly the same way."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, IO, Iterable, List, Optional, Sequence

import yaml

from service.settings import PROJECT_DIR, QUIET_ENV


@dataclass
class Service:
    """One server process and how it was started, so it can be started again the same way
    (service/supervisor.py)."""

    name: str
    process: subprocess.Popen
    log: IO
    ready_url: str
    command: List[str] = field(default_factory=list)
    env: Optional[Dict[str, str]] = field(default=None, repr=False)
    user: Optional[str] = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ, **QUIET_ENV)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


def write_endpoints(
    path: Path,
    actions_port: int,
    tracker_db: Path,
    tracker_store: Optional[Dict] = None,
    lock_store: Optional[Dict] = None,
) -> Path:
    """Endpoints for one run: the action server's port and the SQLite tracker store file, or
    the given tracker and lock stores (the scaled profile, service/scaled.py)."""
    if tracker_store is None:
        tracker_db.parent.mkdir(parents=True, exist_ok=True)
        tracker_store = {"type": "SQL", "dialect": "sqlite", "db": str(tracker_db)}
    config = {"action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook"}, "tracker_store": tracker_store}
    if lock_store:
        config["lock_store"] = lock_store
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def actions_command(port: int) -> List[str]:
    """The action server; it listens where SANIC_HOST says (see actions_env), not 0.0.0.0."""
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def actions_env(host: str = "127.0.0.1") -> Dict[str, str]:
    """rasa_sdk 3.6 has no interface option but reads SANIC_HOST."""
    return {"SANIC_HOST": host}


def rasa_command(
    model: Path,
    port: int,
    endpoints: Path,
    cors: Sequence[str],
    credentials: Path = PROJECT_DIR / "credentials.yml",
    host: str = "127.0.0.1",
) -> List[str]:
    """The Rasa server with its HTTP API enabled only behind the auth token, which
    scripts/rasa_server.py takes from RASA_AUTH_TOKEN (see rasa_env), not from the command
    line that every user of the machine can read in the process list."""
    return [
        sys.executable,
        "-m",
        "scripts.rasa_server",
        "run",
        "--model",
        str(model),
        "--interface",
        host,
        "--port",
        str(port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--enable-api",
        "--cors",
        *cors,
    ]


def rasa_env(token: str, max_body: int) -> Dict[str, str]:
    """Token for the HTTP API, and Sanic's cap on request bodies (Sanic reads SANIC_*)."""
    return {"RASA_AUTH_TOKEN": token, "SANIC_REQUEST_MAX_SIZE": str(max_body)}


def start(
    name: str,
    command: List[str],
    log_path: Path,
    ready_url: str,
    env: Optional[Dict[str, str]] = None,
    user: Optional[str] = None,
) -> Service:
    """Start a server in its own process group (so it can be stopped with everything it
    forked), its output appended to log_path; as `user` when given (root only)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    # logs are for the owner only (mode 0600), also when the file already existed
    log = open(log_path, "ab", opener=lambda path, flags: os.open(path, flags, 0o600))
    os.chmod(log_path, 0o600)
    return Service(name, _spawn(command, log, env, user), log, ready_url, list(command), env, user)


def _spawn(command: List[str], log: IO, env: Optional[Dict[str, str]], user: Optional[str]) -> subprocess.Popen:
    as_user: Dict = {"user": user, "group": user, "extra_groups": []} if user else {}
    return subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=process_env(env),
        start_new_session=True,
        **as_user,
    )


def kill_group(service: Service, timeout: float = 10.0) -> None:
    """SIGKILL whatever is left of the service's process group (a dead Rasa main process
    leaves its Sanic workers serving, a dead postmaster its backends holding the shared
    memory) and wait until the group is empty, so the next start gets the port and files."""
    pgid = service.process.pid  # start_new_session: the group has the first process's id
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            break
        service.process.poll()
        time.sleep(0.05)
    service.process.poll()


def restart(service: Service) -> None:
    """Start the service again with its original command, environment and log, in place (so
    every reference to the Service sees the new process)."""
    kill_group(service)
    service.process = _spawn(service.command, service.log, service.env, service.user)


def wait_ready(service: Service, timeout: float = 240.0) -> None:
    """Poll until the service answers; fail early with its log if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{service.name} exited with code {service.process.returncode}; see {service.log.name}")
        try:
            with urllib.request.urlopen(service.ready_url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{service.name} not ready after {timeout:.0f}s; see {service.log.name}")


def stop(services: Iterable[Service], grace: float = 15.0) -> None:
    """Stop each service's whole process group: SIGTERM, then SIGKILL after the grace period
    (also for what is left of a group whose first process already died)."""
    services = list(services)
    for service in services:
        try:
            os.killpg(service.process.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    for service in services:
        try:
            service.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        kill_group(service)
        service.process.wait()
        service.log.close()
