"""The deployment recipe: docker-compose.yml is what `docker compose config` accepts, every
secret is required from the environment, and Rasa gets the scaled profile's stores.

The checks that run `docker compose config` are end-to-end tests (marked e2e): they run
after `make services`, which installs Debian's docker-compose where docker is installed
without its compose plugin; there a missing compose is a failure. Only without docker at all
are they skipped, saying so. What the file says (restart policies, health checks) is read
with YAML in the unit lane, with or without docker.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from service.scaled import LOCK_STORE_CLASS
from service.settings import PROJECT_DIR

COMPOSE = PROJECT_DIR / "docker-compose.yml"
SECRETS = {"POSTGRES_PASSWORD": "p", "REDIS_PASSWORD": "r", "RASA_AUTH_TOKEN": "t", "SESSION_SECRET": "s"}


def compose_command():
    if not shutil.which("docker"):
        pytest.skip("docker is not installed on this machine: docker-compose.yml is not checked")
    plugin = subprocess.run(["docker", "compose", "version"], capture_output=True)
    if plugin.returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail("docker is installed but compose is not: run `make services`")


def config(env_extra):
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    env.update(env_extra)
    return subprocess.run(
        [*compose_command(), "-f", str(COMPOSE), "config"], capture_output=True, text=True, env=env, cwd=PROJECT_DIR
    )


@pytest.mark.e2e
def test_compose_file_is_valid_with_the_secrets_set():
    result = config(SECRETS)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert set(services) == {"postgres", "redis", "actions", "rasa", "web"}
    rasa_env = services["rasa"]["environment"]
    assert rasa_env["COACH_DB_PASSWORD"] == "p" and rasa_env["COACH_REDIS_PASSWORD"] == "r"
    assert int(rasa_env["SANIC_WORKERS"]) >= 2


@pytest.mark.e2e
@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_compose_refuses_to_run_without_a_secret(missing):
    result = config({k: v for k, v in SECRETS.items() if k != missing})
    assert result.returncode != 0
    assert missing in result.stderr


def test_deploy_endpoints_use_postgres_and_the_atomic_lock_store():
    endpoints = yaml.safe_load((PROJECT_DIR / "deploy" / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == LOCK_STORE_CLASS
    assert endpoints["tracker_store"]["password"].startswith("${")
    assert endpoints["lock_store"]["password"].startswith("${")


def compose_services():
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]


@pytest.mark.parametrize("name", ["postgres", "redis", "actions", "rasa", "web"])
def test_every_service_restarts_and_has_a_health_check(name):
    service = compose_services()[name]
    assert service.get("restart") in ("unless-stopped", "always"), f"{name} is not restarted when it dies"
    check = service.get("healthcheck") or {}
    assert check.get("test"), f"{name} has no health check"


def test_rasa_starts_only_when_the_stores_and_the_action_server_are_healthy():
    needs = compose_services()["rasa"]["depends_on"]
    assert {name: need["condition"] for name, need in needs.items()} == {
        "postgres": "service_healthy",
        "redis": "service_healthy",
        "actions": "service_healthy",
    }
