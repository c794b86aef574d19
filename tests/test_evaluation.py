"""The scoring rules shared by `make eval` and the NLU floors."""

from __future__ import annotations

from coach.evaluation import Example, classifier_choice, is_right, macro_f1, plain, read_examples, score


def test_plain_strips_annotations_case_and_spaces():
    assert plain("Mijn [man](persoon)  zegt {niks}") == "mijn man zegt {niks}"
    assert plain('mn [echtgenoot]{"entity": "persoon", "value": "man"} zwijgt') == "mn echtgenoot zwijgt"


def test_reads_block_and_list_examples_with_alternatives(tmp_path):
    path = tmp_path / "nlu.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: a\n  examples: |\n    - mijn [man](persoon) zwijgt\n'
        '- intent: b\n  examples:\n  - text: "hij trekt zich terug"\n    metadata:\n      also: [a]\n'
        "- synonym: man\n  examples: |\n    - echtgenoot\n",
        encoding="utf-8",
    )
    assert read_examples(path) == [Example("mijn man zwijgt", "a"), Example("hij trekt zich terug", "b", ("a",))]


def test_right_means_intent_alternative_or_clarifying_out_of_scope():
    assert is_right(Example("x", "a", ("b",)), "b")
    assert is_right(Example("x", "out_of_scope"), "nlu_fallback")
    assert not is_right(Example("x", "a"), "nlu_fallback")


def test_score_counts_crises_and_false_alarms():
    examples = [
        Example("help", "crisis_suicidal"),
        Example("klok sloeg", "out_of_scope"),
        Example("hoi", "greet"),
        Example("duw", ""),
    ]
    predicted = {"help": "crisis_other", "klok sloeg": "crisis_violence", "hoi": "greet", "duw": "greet"}
    result = score(examples, predicted.get).as_dict()
    assert result["crisis_recall"] == 1.0 and result["crisis_intent_right"] == 0.0
    assert result["false_crisis"] == 1 and result["topic_accuracy"] == 0.5


def test_macro_f1():
    assert macro_f1([("a", "a"), ("b", "b")]) == 1.0
    assert round(macro_f1([("a", "a"), ("a", "b"), ("b", "b")]), 3) == round((2 / 3 + 2 / 3) / 2, 3)


def test_classifier_choice_looks_past_the_fallback():
    parsed = {
        "intent": {"name": "nlu_fallback"},
        "intent_ranking": [{"name": "nlu_fallback"}, {"name": "greet"}, {"name": "thank"}],
    }
    assert classifier_choice(parsed) == "greet"
    assert classifier_choice({"intent": {"name": "nlu_fallback"}, "intent_ranking": []}) == "nlu_fallback"
