"""NLU guard after the intent classifier and before the FallbackClassifier.

Why: safety must not depend on a statistical classifier, and neither must the answer to
input that is not language. An unmistakable crisis message is set to its crisis intent with
full confidence; an everyday idiom ("doodmoe"), a correction ("ik ben niet suicidaal") or
numbers alone ("5 en 7") that the classifier took for a crisis is handed to the next intent; input without letters (emoji, empty, punctuation) and keyboard
mashing ("asdkjh qwe zzz", no known word) go to `nlu_fallback` so the bot asks what the
user means. A message of several sentences that ends with a short farewell or thanks ("... ik
ga het proberen. Dank u.") is a goodbye or a thank-you, whatever came before: the classifier
reads the whole message and misses it, while rules and forms must see it to let the user go
(the closings are `closings` in knowledge/conversation.yml, stored with the model). Known words: the Dutch lookup table of spacy-lookups-data plus every word of
the training data (chat spelling such as "mn", "ff"), stored with the model.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import yaml

from coach.conversation import Closings, closing, compile_closings
from coach.crisis import CRISIS_INTENTS, detect_crisis, normalize, only_counts, only_harmless_idiom

FALLBACK_INTENT = "nlu_fallback"
HAS_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
VOCABULARY_FILE = "vocabulary.json"
CLOSINGS_FILE = "closings.json"
# Below this share of known words (of two letters or more) a message counts as mashing.
MIN_KNOWN_SHARE = 0.5
# A trigram counts as Dutch when at least this many words of the table have it.
MIN_TRIGRAM_WORDS = 5


@lru_cache(maxsize=1)
def dutch_trigrams() -> FrozenSet[str]:
    """Letter trigrams (with word boundaries) of the Dutch table: a word made only of
    these looks Dutch ("goeiendag", "hoii") even when the table lacks it; "asdkjh" does not."""
    counts = Counter(t for w in dutch_words() for t in trigrams(w))
    return frozenset(t for t, n in counts.items() if n >= MIN_TRIGRAM_WORDS)


def trigrams(word: str) -> List[str]:
    padded = f"^{word}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


@lru_cache(maxsize=1)
def dutch_words() -> FrozenSet[str]:
    """Word forms and lemmas of spaCy's Dutch lookup table (~320k, loaded once)."""
    import spacy_lookups_data

    path = os.path.join(os.path.dirname(spacy_lookups_data.__file__), "data", "nl_lemma_lookup.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return frozenset(normalize(w) for w in (*table.keys(), *table.values()))


def words_of(text: str) -> List[str]:
    return WORD.findall(normalize(text))


def looks_like_a_word(word: str, known: Iterable[str] | FrozenSet[str]) -> bool:
    if word in known or word in dutch_words():
        return True
    return all(t in dutch_trigrams() for t in trigrams(word))


def is_mashing(text: str, known: Iterable[str] | FrozenSet[str]) -> bool:
    """True when most words of two letters or more neither are a word we know nor look
    like one."""
    words = [w for w in words_of(text) if len(w) >= 2]
    if not words:
        return False
    hits = sum(1 for w in words if looks_like_a_word(w, known))
    return hits / len(words) < MIN_KNOWN_SHARE


def guard_intent(
    text: str,
    predicted: Optional[Dict[str, Any]],
    ranking: List[Dict[str, Any]],
    known: FrozenSet[str] = frozenset(),
    crisis_min_confidence: float = 0.0,
    sure: Optional[Dict[str, float]] = None,
    closings: Closings = (),
) -> Optional[Dict[str, Any]]:
    """The intent that should replace the classifier's prediction, or None to keep it.

    A crisis intent from the classifier alone (no pattern matched) stands only from
    `crisis_min_confidence` on, and never for an everyday idiom, a correction ("ik ben niet
    suicidaal") or numbers alone ("5 en 7"); otherwise the next intent is used, so "de klok
    sloeg twaalf" does not get the helplines. Intents in `sure` (stop, goodbye: they end what the
    user is doing) stand only from their own minimum; below it the bot asks what was meant,
    and inside an exercise the words count as an answer ("vasthouden" is not "stop")."""
    crisis = detect_crisis(text)
    predicted_name = (predicted or {}).get("name")
    if crisis:
        # the classifier may know better whose crisis it is; the helplines come either way
        if crisis == "crisis_suicidal" and predicted_name == "crisis_other" and predicted.get("confidence", 0) >= 0.5:
            crisis = "crisis_other"
        return {"name": crisis, "confidence": 1.0}
    if not HAS_LETTER.search(text or "") or is_mashing(text, known):
        return {"name": FALLBACK_INTENT, "confidence": 1.0}
    leaving = closing(closings, text or "")
    if leaving is not None:
        return {"name": leaving, "confidence": 1.0}
    minimum = (sure or {}).get(predicted_name)
    if minimum is not None and predicted.get("confidence", 0.0) < minimum:
        return {"name": FALLBACK_INTENT, "confidence": predicted.get("confidence", 0.0)}
    unconfirmed = predicted_name in CRISIS_INTENTS and (
        predicted.get("confidence", 0.0) < crisis_min_confidence or only_harmless_idiom(text) or only_counts(text)
    )
    if unconfirmed:
        for candidate in ranking:
            if candidate.get("name") not in CRISIS_INTENTS:
                return dict(candidate)
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class MessageGuard(GraphComponent):
    """Overrides the predicted intent where `guard_intent` says so."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"crisis_min_confidence": 0.0, "sure": {}, "closings_from": None}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        known: FrozenSet[str] = frozenset(),
        closings: Optional[Dict[str, List[str]]] = None,
    ) -> None:
        self.crisis_min_confidence = float(config.get("crisis_min_confidence", 0.0))
        self.sure = {str(k): float(v) for k, v in (config.get("sure") or {}).items()}
        self.closings_from = config.get("closings_from")
        self._storage = model_storage
        self._resource = resource
        self.known = known
        self.raw_closings = closings or {}
        self.closings = compile_closings(self.raw_closings)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MessageGuard":
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The closings file's content: Rasa's training cache keys a component on its config
        and the training data only, so a changed `closings` list was restored from the cache
        unchanged ("vergeet mij" added, the old guard kept)."""
        path = config.get("closings_from")
        if not path:
            return None
        try:
            with open(path, "rb") as handle:
                return hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            return None

    def train(self, training_data: TrainingData) -> Resource:
        known = {w for m in training_data.training_examples for w in words_of(m.get(TEXT) or "")}
        if self.closings_from:
            with open(self.closings_from, encoding="utf-8") as handle:
                self.raw_closings = dict(yaml.safe_load(handle)["closings"])
            self.closings = compile_closings(self.raw_closings)
        with self._storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(known)), encoding="utf-8")
            (directory / CLOSINGS_FILE).write_text(json.dumps(self.raw_closings), encoding="utf-8")
        self.known = frozenset(known)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "MessageGuard":
        try:
            with model_storage.read_from(resource) as directory:
                known = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
                closings = json.loads((directory / CLOSINGS_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            known, closings = [], {}
        dutch_trigrams()  # load the table now, not on the first user's message
        return cls(config, model_storage, resource, frozenset(known), closings)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            override = guard_intent(
                text, message.get(INTENT), ranking, self.known, self.crisis_min_confidence, self.sure, self.closings
            )
            if override is None:
                continue
            message.set(INTENT, override, add_to_output=True)
            rest = [r for r in ranking if r.get("name") != override["name"]]
            message.set(INTENT_RANKING_KEY, [override] + rest, add_to_output=True)
        return messages
