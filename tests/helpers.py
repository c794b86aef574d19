"""A tiny client for the REST channel and the HTTP API, for the end-to-end tests."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import uuid
from typing import Callable, Dict, List, Optional, Tuple


def post_json(
    url: str, payload: object, timeout: float = 60, headers: Optional[Dict[str, str]] = None
) -> Tuple[int, object]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def get(url: str, timeout: float = 30) -> Tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def rest_auth() -> Dict[str, str]:
    """The REST channel's token (set for the test session in conftest.py)."""
    return {"Authorization": f"Bearer {os.environ['REST_TOKEN']}"}


def say(base_url: str, sender: str, message: str) -> List[Dict]:
    """Send one message through the REST channel; the bot's messages come back."""
    status, body = post_json(
        f"{base_url}/webhooks/rest/webhook", {"sender": sender, "message": message}, headers=rest_auth()
    )
    assert status == 200, f"REST channel answered {status}: {body}"
    return body


def new_user(prefix: str = "user") -> str:
    """A fresh REST sender id, so no two tests share a conversation."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def chat(base_url: str, prefix: str = "conv") -> Callable[[str], List[Dict]]:
    """A new user's conversation: each call sends one message and returns the bot's messages."""
    user = new_user(prefix)
    return lambda message: say(base_url, user, message)


def chat_texts(base_url: str, prefix: str = "conv") -> Callable[[str], str]:
    """Like chat, returning the reply texts joined."""
    send = chat(base_url, prefix)
    return lambda message: texts(send(message))


def texts(messages: List[Dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def buttons(messages: List[Dict]) -> List[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def tracker(base_url: str, sender: str, token: Optional[str]) -> Tuple[int, object]:
    """The stored conversation of a REST sender (REST ids live under "rest:")."""
    url = f"{base_url}/conversations/rest:{sender}/tracker" + (f"?token={token}" if token else "")
    status, body = get(url)
    return status, (json.loads(body) if status == 200 else body)
