"""A clone in a folder only its owner can enter (a `mktemp -d` folder, root's home): what
`make run` and the tests start must work there too. As root, PostgreSQL runs as the
`postgres` user, who cannot enter such a folder; its files then go where it can
(service/backends.postgres_home) and are removed with the test's folder.

End-to-end (marked e2e): it needs PostgreSQL and Redis, which `make services` installs
before the e2e lane; the second test also needs the trained model.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from service import runtime
from service.settings import PROJECT_DIR
from tests.helpers import post_json, rest_auth, texts

pytestmark = pytest.mark.e2e

# run inside the clone, with the clone's own code: our PostgreSQL and Redis under its var/
STORES_SCRIPT = """
import json, sys
from pathlib import Path
from rasa.utils.endpoints import EndpointConfig
from service import scaled
from service.lockstore import AtomicRedisLockStore
from service.settings import Settings
var = Path("var")
stores = scaled.open_stores(Settings(postgres_host=None, redis_host=None), var)  # also creates the tables
try:
    locks = AtomicRedisLockStore(EndpointConfig(stores.redis_host, port=stores.redis_port,
                                                password=stores.redis_password, db=1))
    ticket = locks.issue_ticket("clone")
    outside = [str(b.elsewhere) for b in stores.started if b.elsewhere]
finally:
    stores.stop()
for backend in stores.started:
    backend.remove()
print(json.dumps({"ticket": ticket, "outside": outside}))
"""


def tracked_files() -> list:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_DIR, capture_output=True, check=True)
    return [name for name in listed.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def clone() -> Iterator[Path]:
    """`git clone` of the project into a new 0700 folder, with the working tree's versions of
    the tracked files on top (so uncommitted changes are tested too), and the generated build/
    and models/ the e2e lane has."""
    if shutil.which("git") is None or not (PROJECT_DIR / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    folder = Path(tempfile.mkdtemp(prefix="clone-"))
    assert folder.stat().st_mode & 0o777 == 0o700
    target = folder / "relatiecoach"
    try:
        subprocess.run(["git", "clone", "--quiet", str(PROJECT_DIR), str(target)], check=True)
        for name in tracked_files():
            source = PROJECT_DIR / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
        for generated in ("build", "models"):
            if (PROJECT_DIR / generated).is_dir():
                shutil.copytree(PROJECT_DIR / generated, target / generated, symlinks=True)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def in_clone(clone: Path, extra=None) -> dict:
    env = runtime.process_env(extra)
    env["PYTHONPATH"] = str(clone)
    for name in ("POSTGRES_HOST", "REDIS_HOST", "VAR_DIR", "TRACKER_DB", "CACHE_DIR", "RASA_MODEL"):
        env.pop(name, None)
    return env


def test_postgresql_and_redis_start_in_a_clone_only_its_owner_can_enter(clone):
    result = subprocess.run(
        [sys.executable, "-c", STORES_SCRIPT], cwd=clone, env=in_clone(clone), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ticket"] == 0
    if os.geteuid() == 0:
        # postgres cannot enter the clone: its own folder was elsewhere, and is gone now
        assert report["outside"], "PostgreSQL's files were put where postgres cannot reach them"
    assert not any(Path(path).exists() for path in report["outside"]), "PostgreSQL's folder was not removed"


def test_make_run_scaled_answers_from_the_clone_and_stops_cleanly(clone, trained_model):
    port = runtime.free_port()
    env = in_clone(
        clone,
        {
            "COACH_PROFILE": "scaled",
            "RASA_WORKERS": "1",
            "RASA_PORT": str(port),
            "ACTIONS_PORT": str(runtime.free_port()),
            "WEB_PORT": str(runtime.free_port()),
            "PYTHONUNBUFFERED": "1",
        },
    )
    log = clone / "serve.out"
    with open(log, "wb") as out:
        served = subprocess.Popen(
            [sys.executable, "-m", "scripts.serve"], cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 240
            while "Ready after" not in log.read_text(errors="replace"):
                assert served.poll() is None, log.read_text(errors="replace")[-3000:]
                assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                time.sleep(0.5)
            status, body = post_json(
                f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                {"sender": f"clone-{uuid.uuid4().hex[:6]}", "message": "ik wil niet meer leven"},
                headers=rest_auth(),
            )
            assert status == 200 and "113" in texts(body), body
        finally:
            served.send_signal(signal.SIGTERM)
            served.wait(timeout=90)
    assert served.returncode == 0, log.read_text(errors="replace")[-3000:]
    location = clone / "var" / "postgres" / "location"
    if location.exists():  # kept for the next `make run`; this test's folder goes
        shutil.rmtree(location.read_text().strip(), ignore_errors=True)
