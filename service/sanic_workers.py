"""Several Rasa workers (the scaled profile) that stay several: a worker that dies is
replaced.

Sanic 21.12 (Rasa 3.6's) forks its workers once and then only waits for them: a killed worker
is never replaced, and the server goes on with one worker fewer (none, after the last).
`serve_multiple` below is Sanic's own function with that wait replaced by a watch: a dead
worker is forked again from the main process (which loaded nothing, so the new one starts
as the first ones did: it loads the model and joins the shared socket), after the same
back-off as service/supervisor.py. SIGINT/SIGTERM stop the workers as before.
scripts/rasa_server.py installs it before Rasa starts.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import time
from typing import Any, Dict, List, Optional

from service.supervisor import next_delay

logger = logging.getLogger(__name__)


def serve_multiple(server_settings: Dict[str, Any], workers: int) -> None:
    from sanic.server.runners import serve
    from sanic.server.socket import bind_socket, bind_unix_socket, remove_unix_socket
    from sanic.server.events import trigger_events

    server_settings["reuse_port"] = True
    server_settings["run_multiple"] = True
    main_start = server_settings.pop("main_start", None)
    main_stop = server_settings.pop("main_stop", None)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    trigger_events(main_start, loop)

    sock = server_settings.get("sock")
    unix = server_settings["unix"]
    backlog = server_settings["backlog"]
    if unix:
        sock = bind_unix_socket(unix, backlog=backlog)
        server_settings["unix"] = unix
    if sock is None:
        sock = bind_socket(server_settings["host"], server_settings["port"], backlog=backlog)
        sock.set_inheritable(True)
        server_settings["sock"] = sock
        server_settings["host"] = None
        server_settings["port"] = None

    context = multiprocessing.get_context("fork")
    processes: List[Any] = []
    stopping = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        logger.info("Received signal %s. Shutting down.", signal.Signals(signum).name)
        stopping = True
        for process in processes:
            if process.is_alive():
                os.kill(process.pid, signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    def fork() -> Any:
        process = context.Process(target=serve, kwargs=server_settings)
        process.daemon = True
        process.start()
        return process

    processes.extend(fork() for _ in range(workers))
    started = [time.monotonic()] * workers
    delays: List[Optional[float]] = [None] * workers
    due: List[Optional[float]] = [None] * workers
    while not stopping:
        now = time.monotonic()
        for slot, process in enumerate(processes):
            if stopping or process.is_alive():
                continue
            if due[slot] is None:
                delays[slot] = next_delay(delays[slot], now - started[slot])
                due[slot] = now + (delays[slot] or 0.0)
                logger.error(
                    "Rasa worker %s stopped (exit code %s); a new one starts in %.0fs",
                    process.pid,
                    process.exitcode,
                    delays[slot],
                )
            elif now >= (due[slot] or 0.0):
                processes[slot] = fork()
                started[slot], due[slot] = now, None
                logger.warning("Started a new Rasa worker (%s)", processes[slot].pid)
        time.sleep(0.5)

    for process in processes:
        process.join()
    for process in processes:
        process.terminate()
    trigger_events(main_stop, loop)
    sock.close()
    loop.close()
    remove_unix_socket(unix)


def install() -> None:
    """Use serve_multiple above wherever Sanic 21.12 starts several workers."""
    import sanic.app

    sanic.app.serve_multiple = serve_multiple
