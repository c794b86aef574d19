"""PostgreSQL and Redis for the scaled profile and its tests, started by the project itself.

Why our own instances: nothing is assumed to be running on the machine. Both come from the
Debian packages (`make services` installs them) and run with their data and sockets under
var/ on free ports, bound to 127.0.0.1, each with a password. PostgreSQL refuses to run as
root, so as root its commands run as Debian's `postgres` system user, which is why its
folder is handed to that user (or, where that user cannot reach var/, made elsewhere:
postgres_home).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from service import runtime


class BackendMissing(RuntimeError):
    """PostgreSQL or Redis is not installed (run `make services`)."""


@dataclass
class Backend:
    service: runtime.Service
    port: int
    password: str = field(repr=False)
    folder: Path = Path()
    # PostgreSQL's own folder outside `folder` (postgres_home), removed by `remove`
    elsewhere: Optional[Path] = None

    def remove(self) -> None:
        """Delete the backend's files (tests): its folder and any folder of its own elsewhere."""
        for path in (self.folder, self.elsewhere):
            if path is not None:
                shutil.rmtree(path, ignore_errors=True)


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<v>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise BackendMissing("PostgreSQL is not installed: run `make services` (Debian package postgresql)")
    return Path(found[-1]).parent


def redis_bin() -> str:
    found = shutil.which("redis-server")
    if not found:
        raise BackendMissing("Redis is not installed: run `make services` (Debian package redis-server)")
    return found


def postgres_os_user() -> Optional[str]:
    """PostgreSQL refuses to run as root: then it runs as Debian's `postgres` user; anyone
    else runs it as themselves."""
    return "postgres" if os.geteuid() == 0 else None


def reachable_by(user: str, path: Path) -> bool:
    """True when `user` can enter `path` (and so every folder above it)."""
    probe = subprocess.run(["test", "-x", str(path)], user=user, group=user, extra_groups=[], stdout=subprocess.DEVNULL)
    return probe.returncode == 0


def postgres_home(folder: Path, user: Optional[str]) -> Path:
    """The folder for PostgreSQL's data and socket, owned by the user it runs as: `folder`
    itself where that user can reach it. A checkout in root's home or in any folder only root
    can enter cannot be reached by `postgres`: then a folder of its own is made under its home
    (or /tmp) and recorded in folder/location, and used as long as that record exists; a new
    var/ (with a new password) starts a new cluster there."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    if user is None or reachable_by(user, folder.parent):
        if user:
            shutil.chown(folder, user, user)
        return folder
    record = folder / "location"
    if record.exists():
        recorded = Path(record.read_text(encoding="utf-8").strip())
        if recorded.is_dir() and recorded.owner() == user:
            return recorded
    home = Path(pwd.getpwnam(user).pw_dir)
    parent = home if home.is_dir() and home.owner() == user else Path(tempfile.gettempdir())
    made = Path(tempfile.mkdtemp(prefix="relatiecoach-", dir=parent))
    shutil.chown(made, user, user)
    record.write_text(f"{made}\n", encoding="utf-8")
    return made


def wait_tcp(service: runtime.Service, port: int, timeout: float = 60.0) -> None:
    """Until something accepts connections on the port; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{service.name} exited with code {service.process.returncode}; see {service.log.name}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{service.name} not ready after {timeout:.0f}s; see {service.log.name}")


def start_postgres(folder: Path, password: str, port: Optional[int] = None, user: str = "coach") -> Backend:
    """A PostgreSQL cluster (created on first use, kept afterwards) listening on 127.0.0.1
    only with password (scram) logins. Its log goes to folder/postgres.log; its data and
    socket to folder/data and folder/run, or where postgres_home puts them."""
    bin_dir = postgres_bin()
    folder = folder.resolve()  # postgres changes into its data folder
    os_user = postgres_os_user()
    home = postgres_home(folder, os_user)
    data, run = home / "data", home / "run"
    if not (data / "PG_VERSION").exists():
        secret = home / "initpw"
        secret.write_text(password, encoding="utf-8")
        secret.chmod(0o600)
        if os_user:
            shutil.chown(secret, os_user, os_user)
        as_user: Dict = {"user": os_user, "group": os_user, "extra_groups": []} if os_user else {}
        try:
            subprocess.run(
                [str(bin_dir / "initdb"), "-D", str(data), "-U", user, "--pwfile", str(secret)]
                + ["--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                cwd=home,
                **as_user,
            )
        finally:
            secret.unlink()
    run.mkdir(exist_ok=True)
    if os_user:
        shutil.chown(run, os_user, os_user)
    port = port or runtime.free_port()
    command = [str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-h", "127.0.0.1", "-k", str(run)]
    # every commit waits until its WAL is written, so a killed server loses nothing it
    # confirmed (synchronous_commit=off did: README "Scaled profile")
    command += ["-c", "max_connections=200"]
    service = runtime.start("postgresql", command, folder / "postgres.log", "", user=os_user)
    wait_tcp(service, port)
    _wait_postgres_accepts(bin_dir, port, service)
    return Backend(service, port, password, folder, home if home != folder else None)


def _wait_postgres_accepts(bin_dir: Path, port: int, service: runtime.Service, timeout: float = 60.0) -> None:
    """The port opens before start-up recovery ends; pg_isready says when logins work."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(
            [str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-q"], stdout=subprocess.DEVNULL
        )
        if ready.returncode == 0:
            return
        if service.process.poll() is not None:
            raise RuntimeError(f"postgresql exited; see {service.log.name}")
        time.sleep(0.2)
    raise TimeoutError(f"postgresql not accepting connections after {timeout:.0f}s")


def start_redis(folder: Path, password: str, port: Optional[int] = None) -> Backend:
    """Redis on 127.0.0.1 with a password; it only holds locks, so nothing is written to disk.
    The password goes in through a config file (mode 0600), not the command line."""
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    port = port or runtime.free_port()
    config = folder / "redis.conf"
    config.write_text(
        "\n".join(
            [
                "bind 127.0.0.1",
                f"port {port}",
                f"dir {folder}",
                f"unixsocket {folder / 'redis.sock'}",
                "unixsocketperm 700",
                'save ""',
                "appendonly no",
                f"requirepass {password}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    config.chmod(0o600)
    service = runtime.start("redis", [redis_bin(), str(config)], folder / "redis.log", "")
    wait_tcp(service, port)
    return Backend(service, port, password, folder)


def stop(started: List[Backend]) -> None:
    """PostgreSQL's SIGTERM waits for every client to leave; SIGINT is its fast shutdown."""
    for backend in started:
        if backend.service.process.poll() is None and backend.service.name == "postgresql":
            try:
                os.killpg(backend.service.process.pid, signal.SIGINT)
            except ProcessLookupError:
                pass
    runtime.stop([backend.service for backend in started])
