"""`python -m scripts.rasa_server run ...`: Rasa's own command line, with the HTTP API token
taken from RASA_AUTH_TOKEN instead of `--auth-token` (which anyone on the machine can read
in the process list). Everything else is passed to Rasa unchanged."""

from __future__ import annotations

import os
import sys


def main() -> None:
    token = os.environ.pop("RASA_AUTH_TOKEN", "")
    if token:
        sys.argv += ["--auth-token", token]  # in this process only, not in its command line
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
