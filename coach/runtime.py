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
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, IO, Iterable, List, Optional, Sequence

import yaml

from coach.settings import PROJECT_DIR, QUIET_ENV


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log: IO
    ready_url: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ, **QUIET_ENV)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


def write_endpoints(path: Path, actions_port: int, tracker_db: Path) -> Path:
    """Endpoints for one run: the action server's port and the SQLite tracker store file."""
    tracker_db.parent.mkdir(parents=True, exist_ok=True)
    config = {
        "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook"},
        "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(tracker_db)},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def actions_command(port: int) -> List[str]:
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def rasa_command(model: Path, port: int, endpoints: Path, token: str, cors: Sequence[str],
                 credentials: Path = PROJECT_DIR / "credentials.yml", host: str = "127.0.0.1") -> List[str]:
    """The Rasa server with its HTTP API enabled only behind the auth token."""
    return [sys.executable, "-m", "rasa", "run", "--model", str(model), "--interface", host, "--port", str(port),
            "--endpoints", str(endpoints), "--credentials", str(credentials),
            "--enable-api", "--auth-token", token, "--cors", *cors]


def start(name: str, command: List[str], log_path: Path, ready_url: str,
          env: Optional[Dict[str, str]] = None) -> Service:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "ab")
    process = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT,
                               env=process_env(env), start_new_session=True)
    return Service(name, process, log, ready_url)


def wait_ready(service: Service, timeout: float = 240.0) -> None:
    """Poll until the service answers; fail early with its log if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{service.name} exited with code {service.process.returncode}; "
                               f"see {service.log.name}")
        try:
            with urllib.request.urlopen(service.ready_url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{service.name} not ready after {timeout:.0f}s; see {service.log.name}")


def stop(services: Iterable[Service], grace: float = 15.0) -> None:
    """Stop each service's whole process group: SIGTERM, then SIGKILL after the grace period."""
    services = list(services)
    for service in services:
        if service.process.poll() is None:
            try:
                os.killpg(service.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for service in services:
        try:
            service.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(service.process.pid, signal.SIGKILL)
            service.process.wait()
        service.log.close()
