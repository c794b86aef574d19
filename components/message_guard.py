"""NLU guard that runs after DIET and before the FallbackClassifier.

Why: safety must not depend on a statistical classifier. An unmistakable crisis message is
set to its crisis intent with full confidence, an everyday idiom ("doodmoe") that DIET
took for a crisis is handed to the next intent, and input without any letters (emoji
only, empty, punctuation) goes to `nlu_fallback` so the bot asks what the user means.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from coach.crisis import CRISIS_INTENTS, detect_crisis, only_harmless_idiom

FALLBACK_INTENT = "nlu_fallback"
HAS_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def guard_intent(text: str, predicted: Optional[Dict[str, Any]],
                 ranking: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The intent that should replace DIET's prediction, or None to keep it."""
    crisis = detect_crisis(text)
    if crisis:
        return {"name": crisis, "confidence": 1.0}
    if not HAS_LETTER.search(text or ""):
        return {"name": FALLBACK_INTENT, "confidence": 1.0}
    if predicted and predicted.get("name") in CRISIS_INTENTS and only_harmless_idiom(text):
        for candidate in ranking:
            if candidate.get("name") not in CRISIS_INTENTS:
                return dict(candidate)
    return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class MessageGuard(GraphComponent):
    """Overrides the predicted intent where `guard_intent` says so."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> "MessageGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            override = guard_intent(text, message.get(INTENT), ranking)
            if override is None:
                continue
            message.set(INTENT, override, add_to_output=True)
            rest = [r for r in ranking if r.get("name") != override["name"]]
            message.set(INTENT_RANKING_KEY, [override] + rest, add_to_output=True)
        return messages
