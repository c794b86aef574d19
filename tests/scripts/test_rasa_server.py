"""scripts/rasa_server.py hands Rasa the API token from the environment, not the command line."""

from __future__ import annotations

import os
import sys

import pytest
import rasa.__main__

from scripts import rasa_server


@pytest.mark.parametrize("token", ["plain-token_123", "-starts_with_a_dash", "--looks-like-an-option"])
def test_the_token_reaches_rasa_whatever_it_starts_with(monkeypatch, token):
    """secrets.token_urlsafe starts a token with "-" now and then; as a separate argument Rasa
    took it for an option and did not start."""
    seen = {}

    def fake_rasa_main():
        seen["args"] = rasa.__main__.create_argument_parser().parse_args(sys.argv[1:])

    monkeypatch.setattr(rasa.__main__, "main", fake_rasa_main)
    monkeypatch.setattr(sys, "argv", ["rasa_server", "run", "--enable-api"])
    monkeypatch.setenv("RASA_AUTH_TOKEN", token)
    for name in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY"):  # main() sets them; restored afterwards
        monkeypatch.delenv(name, raising=False)
    rasa_server.main()
    assert seen["args"].auth_token == token
    assert "RASA_AUTH_TOKEN" not in os.environ
