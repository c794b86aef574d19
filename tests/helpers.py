"""Every helper the tests share: the source articles, running actions on built trackers, and a
tiny client for the REST channel and the HTTP API of the running bot (end-to-end tests).
Fixtures live in conftest.py; nothing here is a fixture."""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import pytest
from rasa_sdk.executor import CollectingDispatcher

from coach.session import Coach, Outcome, Turn
from coach.state import SessionState
from service.settings import PROJECT_DIR

# The five articles and the coverage map, beside the project (../shared/sources).
SOURCES = PROJECT_DIR.parent / "shared" / "sources"


def require_sources() -> None:
    """The copy and coverage checks need the articles: in CI (CI set) their absence is a
    failure; on a developer's machine without ../shared the check is skipped, saying why."""
    if SOURCES.is_dir():
        return
    reason = f"the source articles are not beside the project ({SOURCES})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run with ../shared/sources")
    pytest.skip(reason)


# --- actions on built trackers (unit tests) -------------------------------------------------


def user_event(text: str, intent: str, entities: Optional[List[dict]] = None) -> dict:
    """A user message event as Rasa logs it, with a sure prediction of `intent`."""
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "intent_ranking": [{"name": intent, "confidence": 1.0}],
    }
    return {"event": "user", "text": text, "parse_data": parse}


def run_action(action: Any, tracker: Any, domain_dict: Dict[str, Any]) -> Tuple[List[Dict], List[Dict]]:
    """Runs a rasa-sdk action; returns the messages it sent (domain responses filled in, as
    Rasa would) and the events it returned."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain_dict)
    return [render(m, domain_dict) for m in dispatcher.messages], events


def render(message: Dict, domain_dict: Dict[str, Any]) -> Dict:
    """A dispatcher message sent by response name, as the user sees it: the response's first
    variation with its {placeholders} filled from the message, its buttons first."""
    name = message.get("response")
    if not name:
        return message
    template = domain_dict["responses"][name][0]
    values = {k: str(v) for k, v in message.items() if v is not None and not isinstance(v, (list, dict))}

    def fill(text: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)

    own = [{k: fill(v) for k, v in b.items()} for b in template.get("buttons", [])]
    return {**message, "text": fill(template.get("text", "")), "buttons": own + list(message.get("buttons") or [])}


def slot(events: List[Dict], name: str) -> Any:
    """The last value an action set for slot `name`, or None."""
    values = [e["value"] for e in events if e["event"] == "slot" and e["name"] == name]
    return values[-1] if values else None


# --- the running bot (end-to-end tests) ----------------------------------------------------


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


def raw_post(url: str, body: bytes, headers: Optional[Dict[str, str]] = None) -> int:
    """POSTs bytes as they are (broken JSON, forged updates); only the status comes back."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


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
    """The texts of bot messages (REST replies or a dispatcher's), one a line; a message with
    only buttons or a response name counts as empty."""
    return "\n".join(m.get("text") or "" for m in messages)


def buttons(messages: List[Dict]) -> List[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def tracker(base_url: str, sender: str, token: Optional[str]) -> Tuple[int, object]:
    """The stored conversation of a REST sender (REST ids live under "rest:")."""
    url = f"{base_url}/conversations/rest:{sender}/tracker" + (f"?token={token}" if token else "")
    status, body = get(url)
    return status, (json.loads(body) if status == 200 else body)


class Conversation:
    """One new user's conversation through the REST channel that keeps every bot message,
    so a test can check at the end that the bot never said the same thing twice."""

    def __init__(self, base_url: str, prefix: str = "conv") -> None:
        self.send = chat(base_url, prefix)
        self.messages: List[Dict] = []
        # messages the user asked to see again ("wat bedoel je?" repeats the question)
        self.allowed_repeats: List[str] = []

    def say(self, message: str) -> str:
        """Send one message; the reply texts joined."""
        return texts(self.last(message))

    def last(self, message: str) -> List[Dict]:
        """Send one message; the bot's messages with their buttons."""
        reply = self.send(message)
        self.messages.extend(reply)
        return reply

    def repeated(self) -> List[str]:
        """Bot messages sent more than once in this conversation."""
        sent = [m.get("text", "") for m in self.messages if m.get("text")]
        return sorted({t for t in sent if sent.count(t) > 1})


# --- processes (supervision tests) ---------------------------------------------------------


def children_of(pid: int) -> List[int]:
    """The ids of the living processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, ValueError):
            continue
        if int(parent) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Session:
    """One conversation with the coach: state kept between turns, every reply recorded."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach
        self.state = SessionState()
        self.clock = 1_000_000.0
        self.replies: List[Outcome] = []

    def say(
        self,
        intent: str,
        text: str = "iets",
        confidence: float = 0.9,
        ranking: Optional[Sequence[Tuple[str, float]]] = None,
        after: float = 30.0,
        persoon: Optional[str] = None,
        channel: str = "",
    ) -> List[str]:
        self.clock += after
        ranked = tuple(ranking or ((intent, confidence),))
        turn = Turn(intent, confidence, ranked, text, persoon, self.clock, channel)
        outcome = self.coach.respond(self.state, turn)
        self.state = outcome.state
        self.replies.append(outcome)
        return [m.text for m in outcome.messages]

    @property
    def buttons(self) -> List[str]:
        return [b["payload"] for m in self.replies[-1].messages for b in m.buttons]
