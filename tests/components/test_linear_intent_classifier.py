"""The linear intent classifier: tf-idf per sparse featurizer, weighted dense block,
stored as plain arrays through Rasa's model storage."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.linear_intent_classifier import LinearIntentClassifier, tfidf

WORDS = ["praat", "niet", "huisgenoten", "bank", "bang", "verlaten"]


def message(text: str, intent: str | None = None) -> Message:
    """A message with one sparse (bag of words) and one dense sentence feature."""
    msg = Message(data={"text": text, **({"intent": intent} if intent else {})})
    counts = np.array([[text.split().count(w) for w in WORDS]], dtype=float)
    msg.add_features(Features(sp.coo_matrix(counts), "sentence", "text", "words"))
    msg.add_features(Features(np.ones((1, 3)) * len(text) / 100, "sentence", "text", "dense"))
    return msg


TRAINING = [
    ("hij praat niet", "partner_wont_talk"),
    ("praat niet met mij", "partner_wont_talk"),
    ("we zijn huisgenoten op de bank", "emotional_distance"),
    ("huisgenoten bank", "emotional_distance"),
    ("ik ben bang dat hij me gaat verlaten", "fear_of_abandonment"),
    ("bang verlaten", "fear_of_abandonment"),
]


def test_tfidf_rows_have_unit_length():
    counts = sp.csr_matrix(np.array([[3.0, 0.0, 1.0], [0.0, 0.0, 0.0]]))
    weighted = tfidf(counts, np.array([1.0, 2.0, 3.0])).toarray()
    assert np.isclose(np.linalg.norm(weighted[0]), 1.0)
    assert not weighted[1].any()


def test_trains_persists_and_loads_the_same_predictions(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearIntentClassifier.create({"C": 10.0}, storage, resource, context)
    classifier.train(TrainingData([message(t, i) for t, i in TRAINING]))

    loaded = LinearIntentClassifier.load({"C": 10.0}, storage, resource, context)
    for fresh, reloaded in zip(
        classifier.process([message("hij praat niet")]), loaded.process([message("hij praat niet")])
    ):
        assert fresh.get("intent")["name"] == reloaded.get("intent")["name"] == "partner_wont_talk"
        assert np.isclose(fresh.get("intent")["confidence"], reloaded.get("intent")["confidence"])
        ranking = fresh.get("intent_ranking")
        assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
        assert np.isclose(sum(r["confidence"] for r in ranking), 1.0)


def test_untrained_classifier_leaves_messages_alone(tmp_path):
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = LinearIntentClassifier.load({}, LocalModelStorage(tmp_path), Resource("none"), context)
    assert loaded.process([message("hij praat niet")])[0].get("intent") is None
