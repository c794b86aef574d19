"""`python -m scripts.rasa_server run ...`: Rasa's own command line, with the HTTP API token
taken from RASA_AUTH_TOKEN instead of `--auth-token` (which anyone on the machine can read
in the process list), and Sanic workers that are replaced when they die
(service/sanic_workers.py). Everything else is passed to Rasa unchanged."""

from __future__ import annotations

import os
import sys

from service.settings import load


def main() -> None:
    # OpenMP reads these once, when a library that uses it loads: so here, before Rasa
    # imports TensorFlow. Without them an OpenMP pool loaded with Rasa's imports keeps spinning
    # and the e5 featurizer's engine ran ~10x slower (35 ms -> 300+ ms a message, README "Benchmark").
    os.environ.setdefault("OMP_NUM_THREADS", str(load().e5_threads))
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    # several workers (SANIC_WORKERS, the scaled profile): a dead one is replaced
    from service import sanic_workers

    sanic_workers.install()
    token = os.environ.pop("RASA_AUTH_TOKEN", "")
    if token:
        # in this process only, not in its command line; one argument, so that a token that
        # starts with "-" (secrets.token_urlsafe makes one now and then) is not read as an option
        sys.argv += [f"--auth-token={token}"]
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
