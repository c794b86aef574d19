"""Keeps the bot's servers running: a server that dies is started again, after a back-off.

Why: one crashed process (the action server, the Rasa server, PostgreSQL, Redis) used to
take the whole bot down, or left it answering every message with the apology until someone
restarted everything. `make run` (scripts/serve.py) now checks its servers every half second
and starts a dead one again with the same command, environment, port and log. While it is
down, the Rasa server still answers: the apology with the helplines, and a crisis message
its crisis reply (channels/common.py). Only Ctrl-C or SIGTERM stops the whole.

The back-off doubles while a server keeps dying soon after each start (a wrong setting, a
port taken) and goes back to the first delay once it has run for a while.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterable, List, Optional

from service import runtime

FIRST_DELAY = 1.0  # seconds before the first restart
MAX_DELAY = 30.0
STABLE_AFTER = 60.0  # a server that ran this long before dying starts over at FIRST_DELAY


def next_delay(previous: Optional[float], ran_for: float) -> float:
    """The wait before the next start of a server that died after running `ran_for` seconds;
    `previous` is the wait before its last start (None: never restarted)."""
    if previous is None or ran_for >= STABLE_AFTER:
        return FIRST_DELAY
    return min(MAX_DELAY, previous * 2)


def exit_reason(returncode: int) -> str:
    return f"killed by signal {-returncode}" if returncode < 0 else f"exit code {returncode}"


@dataclass
class Watched:
    service: runtime.Service
    started_at: float
    delay: Optional[float] = None
    restart_at: Optional[float] = None
    restarts: int = 0


class Supervisor:
    """Call `check()` regularly; it restarts what died. `restart` and `clock` are injectable
    so the tests can drive it without real processes."""

    def __init__(
        self,
        services: Iterable[runtime.Service],
        say: Callable[[str], None] = print,
        restart: Callable[[runtime.Service], None] = runtime.restart,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.say = say
        self.restart = restart
        self.watched: List[Watched] = [Watched(s, clock()) for s in services]

    def add(self, service: runtime.Service) -> None:
        self.watched.append(Watched(service, self.clock()))

    def check(self) -> None:
        now = self.clock()
        for item in self.watched:
            if item.restart_at is None:
                code = item.service.process.poll()
                if code is None:
                    continue
                item.delay = next_delay(item.delay, now - item.started_at)
                item.restart_at = now + item.delay
                self.say(
                    f"!! {item.service.name} stopped ({exit_reason(code)}); starting it again in "
                    f"{item.delay:.0f}s (see {getattr(item.service.log, 'name', 'its log')})"
                )
            elif now >= item.restart_at:
                try:
                    self.restart(item.service)
                except OSError as error:  # e.g. the binary is gone: try again later
                    item.delay = next_delay(item.delay, 0.0)
                    item.restart_at = now + item.delay
                    self.say(f"!! {item.service.name} could not be started ({error}); next try in {item.delay:.0f}s")
                    continue
                item.restarts += 1
                item.started_at, item.restart_at = self.clock(), None
                self.say(f"== {item.service.name} started again (restart {item.restarts})")
