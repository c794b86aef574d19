"""Build the Dutch spaCy pipeline that Rasa's SpacyNLP loads from `build/spacy-nl`.

`nl_core_news_sm` is only published as a GitHub download that these machines cannot
reach, so by default we assemble a small pipeline ourselves: `spacy.blank("nl")` with the
lookup lemmatizer from spacy-lookups-data, plus a few domain lemmas of our own. When
`nl_core_news_sm` is installed (or asked for), it is copied to the same folder instead,
so `config.yml` never changes.

Usage: python -m spacy_nl.build [--pipeline auto|lookup|nl_core_news_sm] [--out DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
from pathlib import Path

import spacy
import yaml

HERE = Path(__file__).resolve().parent
OVERRIDES = HERE / "lemma_overrides.yml"
LOOKUP_NAME = "coach_lookup"
CORE_MODEL = "nl_core_news_sm"


def core_model_installed() -> bool:
    return importlib.util.find_spec(CORE_MODEL) is not None


def choose(pipeline: str) -> str:
    """Resolve `auto` to the best pipeline that is available here."""
    if pipeline == "auto":
        return CORE_MODEL if core_model_installed() else "lookup"
    return pipeline


def load_overrides(path: Path = OVERRIDES) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k).lower(): str(v) for k, v in data.items()}


def build_lookup_pipeline() -> "spacy.language.Language":
    """A blank Dutch pipeline whose tokens carry lookup lemmas and stop-word flags."""
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # pulls the lookup tables from spacy-lookups-data into the pipeline
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    for form, lemma in load_overrides().items():
        table[form] = lemma
    nlp.meta["name"] = LOOKUP_NAME
    nlp.meta["description"] = "spacy.blank('nl') + lookup lemmatizer (spacy-lookups-data)"
    return nlp


def build(pipeline: str, out: Path) -> str:
    chosen = choose(pipeline)
    if chosen == CORE_MODEL:
        nlp = spacy.load(CORE_MODEL)
    elif chosen == "lookup":
        nlp = build_lookup_pipeline()
    else:
        raise SystemExit(f"unknown pipeline {pipeline!r}: use auto, lookup or {CORE_MODEL}")
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", default="auto")
    parser.add_argument("--out", type=Path, default=Path("build/spacy-nl"))
    args = parser.parse_args()
    chosen = build(args.pipeline, args.out)
    print(f"spaCy pipeline '{chosen}' written to {args.out}")


if __name__ == "__main__":
    main()
