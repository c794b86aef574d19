"""The e5 sentence embedding featurizer (components/e5_featurizer.py); the embeddings
themselves are tested in tests/test_embeddings.py."""

from __future__ import annotations

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from components.e5_featurizer import E5Featurizer


def test_featurizer_adds_one_sentence_feature(tmp_path):
    context = ExecutionContext(GraphSchema({}), "e5")
    featurizer = E5Featurizer.create(
        {**E5Featurizer.get_default_config(), "threads": 1}, LocalModelStorage(tmp_path), Resource("e5"), context
    )
    message = Message(data={"text": "hij klapt dicht"})
    featurizer.process([message, Message(data={})])
    sequence, sentence = message.get_dense_features("text")
    assert sequence is None and sentence.features.shape == (1, 384)
