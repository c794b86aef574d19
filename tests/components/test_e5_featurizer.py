"""The e5 sentence embedding featurizer (components/e5_featurizer.py); the embeddings
themselves are tested in tests/test_embeddings.py."""

from __future__ import annotations

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from coach.embeddings import PARSE_KEY, unpack
from components.e5_featurizer import E5Featurizer
from tests.helpers import new_user, say, tracker


def featurizer(tmp_path) -> E5Featurizer:
    context = ExecutionContext(GraphSchema({}), "e5")
    return E5Featurizer.create(
        {**E5Featurizer.get_default_config(), "threads": 1}, LocalModelStorage(tmp_path), Resource("e5"), context
    )


def test_featurizer_adds_one_sentence_feature_and_hands_the_vector_on(tmp_path):
    message = Message(data={"text": "hij klapt dicht"})
    featurizer(tmp_path).process([message, Message(data={})])
    sequence, sentence = message.get_dense_features("text")
    assert sequence is None and sentence.features.shape == (1, 384)
    assert np.array_equal(unpack(message.as_dict(only_output_properties=True)[PARSE_KEY]), sentence.features[0])


def test_training_examples_do_not_carry_the_vector(tmp_path):
    message = Message(data={"text": "hij klapt dicht"})
    featurizer(tmp_path).process_training_data(TrainingData([message]))
    assert message.get(PARSE_KEY) is None


def test_the_running_bot_hands_the_action_server_the_nlu_embedding(bot):
    """What the knowledge search then uses instead of embedding the text again."""
    user, text = new_user("e5"), "hij trekt zich terug zodra ik over ons wil praten en ik weet niet waarom"
    say(bot.url, user, text)
    status, body = tracker(bot.url, user, bot.token)
    assert status == 200
    latest = [e for e in body["events"] if e["event"] == "user"][-1]["parse_data"]
    assert unpack(latest[PARSE_KEY]) is not None
