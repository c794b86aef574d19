"""Keeping the servers running (service/supervisor.py): a dead server is started again after
a back-off that doubles while it keeps dying and starts over once it ran for a while; real
processes are restarted with everything they left behind cleared (service/runtime.py)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import List, Optional

import pytest

from service import runtime
from service.supervisor import FIRST_DELAY, MAX_DELAY, STABLE_AFTER, Supervisor, next_delay
from tests.helpers import children_of


def test_back_off_doubles_while_a_server_keeps_dying_and_starts_over_when_it_ran_long():
    assert next_delay(None, 0.1) == FIRST_DELAY
    delays = [FIRST_DELAY]
    for _ in range(8):
        delays.append(next_delay(delays[-1], ran_for=2.0))
    assert delays[:4] == [FIRST_DELAY, 2 * FIRST_DELAY, 4 * FIRST_DELAY, 8 * FIRST_DELAY]
    assert max(delays) == MAX_DELAY
    assert next_delay(MAX_DELAY, ran_for=STABLE_AFTER) == FIRST_DELAY


class FakeProcess:
    def __init__(self) -> None:
        self.returncode: Optional[int] = None

    def poll(self) -> Optional[int]:
        return self.returncode


def test_supervisor_restarts_a_dead_server_after_its_delay_and_says_so():
    now = [100.0]
    said: List[str] = []
    restarted: List[str] = []
    service = SimpleNamespace(name="action server", process=FakeProcess(), log=SimpleNamespace(name="var/actions.log"))
    other = SimpleNamespace(name="rasa server", process=FakeProcess(), log=SimpleNamespace(name="var/rasa.log"))

    def restart(item):
        restarted.append(item.name)
        item.process = FakeProcess()

    supervisor = Supervisor([service, other], say=said.append, restart=restart, clock=lambda: now[0])
    supervisor.check()
    assert not restarted and not said
    service.process.returncode = -signal.SIGKILL
    now[0] += 0.5
    supervisor.check()
    assert said == [
        f"!! action server stopped (killed by signal {signal.SIGKILL}); starting it again in 1s (see var/actions.log)"
    ]
    assert not restarted, "restarted before its back-off"
    now[0] += FIRST_DELAY
    supervisor.check()
    assert restarted == ["action server"]
    assert said[-1] == "== action server started again (restart 1)"
    # dies again at once: the next wait is twice as long
    service.process.returncode = 1
    now[0] += 0.5
    supervisor.check()
    now[0] += FIRST_DELAY
    supervisor.check()
    assert restarted == ["action server"], "a server that keeps dying must wait longer each time"
    now[0] += FIRST_DELAY
    supervisor.check()
    assert restarted == ["action server", "action server"]
    assert "exit code 1" in said[-2] and "again in 2s" in said[-2]


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the child process")
def test_restart_clears_what_a_killed_server_left_behind_and_starts_it_the_same_way(tmp_path):
    """A parent that forked a child (as Rasa forks Sanic workers, PostgreSQL its backends) is
    killed; the restart kills the orphaned child too and starts the command again."""
    script = "import os, time, sys\nif os.fork() == 0:\n    time.sleep(60)\nelse:\n    print(os.environ['MARK'], flush=True); time.sleep(60)\n"
    service = runtime.start("forker", [sys.executable, "-c", script], tmp_path / "forker.log", "", {"MARK": "started"})
    try:
        deadline = time.monotonic() + 10
        while not children_of(service.process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        (child,) = children_of(service.process.pid)
        first = service.process.pid
        os.kill(first, signal.SIGKILL)
        service.process.wait()
        assert alive(child), "the child should outlive its parent (that is what restart clears)"
        runtime.restart(service)
        assert not alive(child)
        assert service.process.pid != first and service.process.poll() is None
        deadline = time.monotonic() + 10
        while (tmp_path / "forker.log").read_text().count("started") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (tmp_path / "forker.log").read_text().count("started") == 2, "not started again with its environment"
    finally:
        runtime.stop([service], grace=2)
