"""Intent classifier: multinomial logistic regression over e5 + tf-idf sentence features.

Why not DIET: on realistic held-out messages a linear model over pretrained sentence
embeddings plus word and character n-grams is as accurate or better, trains in seconds
instead of minutes and keeps TensorFlow out of the graph (start-up time and memory).
Why not Rasa's LogisticRegressionClassifier: it feeds raw token counts next to a unit-length
embedding, so a long message's counts drown the embedding, and C is not configurable.
Here every sparse featurizer's counts become sublinear tf-idf with unit length, and the
dense block gets its own weight. The model is stored as plain arrays (no pickle).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text, Type

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)
FILE = "linear_intent_classifier.npz"


def sparse_blocks(message: Message) -> List[sp.csr_matrix]:
    """Sentence-level count features of each sparse featurizer, in pipeline order."""
    blocks = []
    for feature in message.features:
        if feature.attribute == TEXT and feature.is_sparse() and feature.type == "sentence":
            blocks.append(sp.csr_matrix(feature.features, dtype=np.float64))
    return blocks


def dense_block(message: Message) -> np.ndarray:
    _, sentence = message.get_dense_features(TEXT)
    return np.asarray(sentence.features, dtype=np.float64).reshape(1, -1) if sentence else np.zeros((1, 0))


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear tf times idf, each row scaled to unit length."""
    weighted = counts.copy()
    weighted.data = 1.0 + np.log(np.maximum(weighted.data, 1.0))
    weighted = weighted.multiply(idf).tocsr()
    norms = np.sqrt(weighted.multiply(weighted).sum(axis=1)).A1
    norms[norms == 0] = 1.0
    return sp.csr_matrix(weighted.multiply(1.0 / norms[:, None]))


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Logistic regression on [tf-idf of every sparse featurizer | weight * dense features]."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Featurizer]

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 10.0, "dense_weight": 1.0, "max_iter": 2000, "random_seed": 2024, "ranking_length": 10}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        weights: Dict[str, np.ndarray] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.weights = weights or {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def _matrix(self, messages: List[Message], idfs: List[np.ndarray]) -> sp.csr_matrix:
        per_message = [sparse_blocks(m) for m in messages]
        columns = []
        for i, idf in enumerate(idfs):
            counts = sp.vstack(
                [blocks[i] if i < len(blocks) else sp.csr_matrix((1, idf.size)) for blocks in per_message]
            ).tocsr()
            columns.append(tfidf(counts, idf))
        dense = np.vstack([dense_block(m) for m in messages]) * self.config["dense_weight"]
        columns.append(sp.csr_matrix(dense))
        return sp.hstack(columns).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            logger.debug("No intent examples: LinearIntentClassifier not trained.")
            return self._resource
        n_blocks = len(sparse_blocks(examples[0]))
        idfs = []
        for i in range(n_blocks):
            counts = sp.vstack([sparse_blocks(e)[i] for e in examples]).tocsr()
            df = np.bincount(counts.indices, minlength=counts.shape[1])
            idfs.append(np.log((1 + len(examples)) / (1 + df)) + 1.0)
        x = self._matrix(examples, idfs)
        y = [e.get(INTENT) for e in examples]
        model = LogisticRegression(
            C=self.config["C"],
            max_iter=self.config["max_iter"],
            class_weight="balanced",
            random_state=self.config["random_seed"],
        )
        model.fit(x, y)
        self.weights = {
            "coef": model.coef_,
            "intercept": model.intercept_,
            "classes": np.asarray(model.classes_, dtype=str),
            **{f"idf_{i}": idf for i, idf in enumerate(idfs)},
        }
        with self._storage.write_to(self._resource) as directory:
            np.savez_compressed(directory / FILE, **self.weights)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                with np.load(directory / FILE, allow_pickle=False) as stored:
                    weights = {key: stored[key] for key in stored.files}
        except (ValueError, FileNotFoundError):
            logger.debug("LinearIntentClassifier has no stored weights; it predicts nothing.")
            weights = {}
        return cls(config, model_storage, resource, weights)

    def _idfs(self) -> List[np.ndarray]:
        return [self.weights[f"idf_{i}"] for i in range(sum(k.startswith("idf_") for k in self.weights))]

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.weights:
            return messages
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return messages
        x = self._matrix(todo, self._idfs())
        probabilities = softmax(x @ self.weights["coef"].T + self.weights["intercept"])
        classes = [str(c) for c in self.weights["classes"]]
        for message, row in zip(todo, probabilities):
            order = np.argsort(-row)[: self.config["ranking_length"]]
            ranking = [{"name": classes[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
