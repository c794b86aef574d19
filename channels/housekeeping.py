"""Housekeeping inside the Rasa server, registered like a channel in credentials.yml.

Why a channel: it is the one place where project code runs inside Rasa's own process, with
the server's tracker store at hand. It takes no messages; it
- deletes conversations past the retention period, at start and then every day;
- makes Rasa give up on the action server after ACTION_TIMEOUT seconds instead of Rasa
  3.6's fixed 300 (rasa.core.actions.action reads DEFAULT_REQUEST_TIMEOUT at call time;
  there is no setting for it), so a hanging action server turns into the apology of
  channels/common.py within seconds;
- checks the action server's responses against Rasa's schema with a validator built once:
  Rasa 3.6 calls jsonschema.validate for every custom action, which first checks the schema
  itself against the JSON Schema meta-schema each time (~55 ms of ~58 on this machine; see
  README, "Benchmark"). Same schema, same error, done in a twentieth of the time;
- keeps message text out of the logs: Rasa's own warnings about messages it could not
  handle quote the text, the filter below replaces quoted user text;
- makes a tracker store that fails say so: Rasa 3.6 wraps every tracker store in a
  FailSafeTrackerStore that turns a failed read into "no conversation yet", so while
  PostgreSQL was down (or right after, on a stale pooled connection) a conversation in
  progress was answered as a new one and saved over the stored one's count (events lost),
  and a failed save went to an in-memory store no one reads. Now the error reaches
  channels/common.py, which answers with the helplines (a crisis message with its crisis
  reply), and nothing is stored wrongly; PostgreSQL connections are checked before use
  (pool_pre_ping), so the first message after a restart of PostgreSQL is answered normally;
- understands messages beside the event loop: Rasa 3.6 runs the NLU (spaCy, count vectors,
  the e5 encoder, the classifier) inside its asyncio loop, so while one message is encoded no
  other message moves. The e5 engine is C called through ctypes, which lets go of the GIL:
  run in one NLU thread, it encodes one message on one core while the loop reads and saves
  other conversations, predicts and calls the action server on the other (README,
  "Benchmark"). One thread, so the NLU graph is never run twice at once;
- finds an event's class by its name in a table: Rasa 3.6 walks every subclass of Event
  (recursively, each time) for every event of a conversation it reads, ~3% of the server's
  time per message.
"""

from __future__ import annotations

import asyncio
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import rasa.core.actions.action as rasa_action
import rasa.core.tracker_store as rasa_tracker_store
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from service import privacy
from service.settings import load

logger = logging.getLogger(__name__)
DAY = 86400
QUOTED = re.compile(r"(text|message|utterance)(['\"]?\s*[:=]\s*)(['\"]).*?\3", re.IGNORECASE)


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    from jsonschema import validators

    schema = rasa_action.RemoteAction.action_response_format_spec()
    return validators.validator_for(schema)(schema)


def validate_action_result(self: rasa_action.RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result with the validator built once (see above)."""
    from jsonschema.exceptions import best_match

    error = best_match(_action_response_validator().iter_errors(result))
    if error is not None:
        error.message += ". Failed to validate Action server response from API."
        raise error
    return True


async def retrieve_or_fail(self: Any, sender_id: Text) -> Any:
    """FailSafeTrackerStore.retrieve without turning an error into None (see above)."""
    return await self._tracker_store.retrieve(sender_id)


async def retrieve_full_or_fail(self: Any, sender_id: Text) -> Any:
    return await self._tracker_store.retrieve_full_tracker(sender_id)


async def save_or_fail(self: Any, tracker: Any) -> None:
    await self._tracker_store.save(tracker)


_rasa_engine_kwargs = rasa_tracker_store.create_engine_kwargs


def engine_kwargs(url: Any) -> Dict[Text, Any]:
    """Rasa's engine settings, plus a check of each pooled PostgreSQL connection before use."""
    kwargs = _rasa_engine_kwargs(url)
    if rasa_tracker_store.is_postgresql_url(url):
        kwargs["pool_pre_ping"] = True
    return kwargs


def tracker_store_fails_loudly() -> None:
    fail_safe = rasa_tracker_store.FailSafeTrackerStore
    fail_safe.retrieve = retrieve_or_fail
    fail_safe.retrieve_full_tracker = retrieve_full_or_fail
    fail_safe.save = save_or_fail
    rasa_tracker_store.create_engine_kwargs = engine_kwargs


_rasa_resolve_by_type = Event.resolve_by_type


@lru_cache(maxsize=None)
def _event_class(type_name: Text) -> Any:
    return _rasa_resolve_by_type(type_name)


def resolve_by_type(type_name: Text, default: Any = None) -> Any:
    """Event.resolve_by_type, each name looked up once (an unknown name is not kept, so an
    event class imported later is still found)."""
    try:
        return _event_class(type_name)
    except ValueError:
        if default is not None:
            return default
        raise


@lru_cache(maxsize=1)
def nlu_thread() -> ThreadPoolExecutor:
    """Made at the first message, so in each Sanic worker after the fork."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlu")


async def parse_message_beside_the_loop(
    self: MessageProcessor,
    message: UserMessage,
    tracker: Optional[DialogueStateTracker] = None,
    only_output_properties: bool = True,
) -> Dict[Text, Any]:
    """MessageProcessor.parse_message (Rasa 3.6.21) with the NLU graph run in nlu_thread."""
    if self.http_interpreter:
        parse_data = await self.http_interpreter.parse(message)
    else:
        if tracker is None:
            tracker = DialogueStateTracker.from_events(message.sender_id, [])
        parse_data = await asyncio.get_running_loop().run_in_executor(
            nlu_thread(), self._parse_message_with_graph, message, tracker, only_output_properties
        )
    self._update_full_retrieval_intent(parse_data)
    self._check_for_unseen_features(parse_data)
    return parse_data


class RedactMessageText(logging.Filter):
    """Replaces quoted text/message values in every log record with [tekst weggelaten]."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = QUOTED.sub(lambda m: f"{m.group(1)}{m.group(2)}[tekst weggelaten]", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def install_log_filter() -> None:
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactMessageText) for f in handler.filters):
            handler.addFilter(RedactMessageText())


class Housekeeping(InputChannel):
    """GET /webhooks/housekeeping/ reports the retention setting; nothing else."""

    @classmethod
    def name(cls) -> Text:
        return "housekeeping"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "Housekeeping":
        settings = load()
        return cls(settings.retention_days, settings.action_timeout, settings.nlu_thread)

    def __init__(self, retention_days: float, action_timeout: float, nlu_beside_loop: bool = True) -> None:
        self.retention_days = retention_days
        rasa_action.DEFAULT_REQUEST_TIMEOUT = action_timeout
        rasa_action.RemoteAction._validate_action_result = validate_action_result
        tracker_store_fails_loudly()
        Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
        if nlu_beside_loop:
            MessageProcessor.parse_message = parse_message_beside_the_loop  # type: ignore[method-assign]

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        housekeeping = Blueprint("housekeeping", __name__)

        @housekeeping.listener("after_server_start")
        async def start(app, loop) -> None:
            install_log_filter()
            loop.create_task(self._purge_daily(app))

        @housekeeping.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "retention_days": self.retention_days})

        return housekeeping

    async def _purge_daily(self, app) -> None:
        while True:
            try:
                await privacy.purge_older_than(app.ctx.agent.tracker_store, self.retention_days)
            except Exception as error:  # a failed purge must not stop the server
                logger.error("Retention purge failed: %s", type(error).__name__)
            await asyncio.sleep(DAY)
