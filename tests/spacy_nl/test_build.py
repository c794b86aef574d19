"""The Dutch spaCy pipeline (spacy_nl/build.py) that SpacyNLP loads: lemmas, stop words, and
which one is active."""

from __future__ import annotations

import json

import pytest
import spacy

from service.settings import PROJECT_DIR
from spacy_nl import build

PIPELINE_DIR = PROJECT_DIR / "build" / "spacy-nl"


@pytest.fixture(scope="module")
def nlp():
    assert PIPELINE_DIR.exists(), "build/spacy-nl missing: `make setup` builds it"
    return spacy.load(PIPELINE_DIR)


def test_active_pipeline_is_the_one_setup_chose(nlp):
    """The Makefile records SPACY_PIPELINE in build/spacy-pipeline (auto when run by hand)."""
    stamp = PROJECT_DIR / "build" / "spacy-pipeline"
    chosen = build.choose(stamp.read_text().strip() if stamp.exists() else "auto")
    assert nlp.meta["name"] == ("core_news_sm" if chosen == build.CORE_MODEL else build.LOOKUP_NAME)
    meta = json.loads((PIPELINE_DIR / "meta.json").read_text())
    assert meta["lang"] == "nl"


@pytest.mark.parametrize(
    "word, lemma",
    [
        ("gevoelens", "gevoel"),
        ("trekt", "trekken"),
        ("liepen", "lopen"),
        ("relaties", "relatie"),
        ("ouders", "ouder"),
        ("huisgenoten", "huisgenoot"),
        ("Gevoelens", "gevoel"),
    ],
)
def test_dutch_lemmas(nlp, word, lemma):
    assert nlp(word)[0].lemma_ == lemma


def test_stop_words_flagged(nlp):
    doc = nlp("ik voel me eenzaam naast mijn partner")
    flags = {t.text: t.is_stop for t in doc}
    assert flags["ik"] and flags["me"] and flags["mijn"]
    assert not flags["eenzaam"] and not flags["partner"]


def test_lookup_pipeline_applies_project_overrides():
    nlp = build.build_lookup_pipeline()
    for form, lemma in build.load_overrides().items():
        assert nlp(form)[0].lemma_ == lemma


def test_unknown_pipeline_is_refused(tmp_path):
    with pytest.raises(SystemExit):
        build.build("nl_core_news_lg", tmp_path / "out")
