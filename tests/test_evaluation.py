"""The scoring rules shared by `make eval` and the NLU floors."""

from __future__ import annotations

from coach.evaluation import (
    Example,
    bands,
    classifier_choice,
    coach_decision,
    decision_figures,
    in_top,
    is_right,
    letter_figures,
    lowest_threshold,
    macro_f1,
    page,
    plain,
    pool,
    ranked,
    read_examples,
    score,
    sentences,
    sources,
    windows,
)


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


def test_top_three_counts_the_intent_or_an_alternative_among_the_three_best():
    example = Example("x", "a", ("b",))
    assert in_top(example, "c", ["c", "d", "b"])
    assert not in_top(example, "c", ["c", "d", "e", "a"])
    assert in_top(Example("x", "out_of_scope"), "nlu_fallback", [])


def test_letter_figures_split_long_messages_and_intents():
    long_text = " ".join(["woord"] * 41)
    examples = [Example("kort", "a"), Example(long_text, "a"), Example("ander", "b")]
    predicted = {"kort": "a", long_text: "b", "ander": "a"}
    ranking = {"kort": ["a"], long_text: ["b", "c", "a"], "ander": ["a", "c", "d"]}
    figures = letter_figures(examples, predicted, ranking)
    assert (figures["top1"], figures["top3"]) == (round(1 / 3, 4), round(2 / 3, 4))
    assert (figures["long_examples"], figures["long_top1"]) == (1, 0.0)
    assert figures["per_intent"]["a"]["top1"] == 0.5 and figures["per_intent"]["b"]["top3"] == 0.0


def test_coach_is_sure_checks_with_topics_above_check_or_does_not_know():
    topics = ["t1", "t2", "t3", "t4"]
    assert coach_decision([("ask", 0.7), ("t1", 0.2)], topics, 0.6, 0.1) == ("sure", ["ask"])
    ranking = [("ask", 0.4), ("t1", 0.2), ("t2", 0.15), ("t3", 0.12), ("t4", 0.11)]
    assert coach_decision(ranking, topics, 0.6, 0.1) == ("check", ["t1", "t2", "t3"])
    assert coach_decision(ranking, topics, 0.6, 0.3) == ("unknown", [])


def test_decision_figures_count_right_answers_per_decision():
    examples = [Example("a", "t1"), Example("b", "t2"), Example("c", "t2"), Example("d", "t1")]
    rankings = {
        "a": [("t1", 0.9)],
        "b": [("t1", 0.4), ("t2", 0.3)],
        "c": [("t1", 0.4), ("t3", 0.3)],
        "d": [("t1", 0.05)],
    }
    result = decision_figures(examples, rankings, ["t1", "t2", "t3"], 0.6, 0.2)
    assert (result["sure"], result["check"], result["unknown"]) == (0.25, 0.5, 0.25)
    assert result["right_when_sure"] == 1.0 and result["right_among_offered"] == 0.5
    assert result["offered_per_check"] == 2.0


def test_bands_and_the_lowest_threshold():
    confidences = [0.95] * 30 + [0.75] * 30 + [0.45] * 30
    rights = [True] * 30 + [True] * 27 + [False] * 3 + [True] * 15 + [False] * 15
    rows = {r["band"]: r for r in bands(confidences, rights)}
    assert rows["0.90-1.00"] == {"band": "0.90-1.00", "examples": 30, "right": 1.0}
    assert rows["0.70-0.80"]["right"] == 0.9 and rows["0.00-0.10"]["examples"] == 0
    grid = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    # at 0.5: 57 of 60 right (0.95); at 0.4: 72 of 90 (0.8)
    assert lowest_threshold(confidences, rights, 0.9, grid) == 0.5
    assert lowest_threshold(confidences, rights, 0.99, grid) == 0.8


def test_sentences_join_short_pieces_and_windows_keep_every_word():
    text = "we zijn 11 jaar samen. ja. hij zegt nooit iets over zn gevoel! wat moet ik doen?"
    assert sentences(text) == ["we zijn 11 jaar samen. ja.", "hij zegt nooit iets over zn gevoel!", "wat moet ik doen?"]
    words = " ".join(str(i) for i in range(45))
    pieces = windows(words)
    assert [len(p.split()) for p in pieces] == [20, 25] and " ".join(pieces) == words


def test_pooling_schemes():
    whole = {"a": 0.6, "b": 0.4}
    pieces = [{"a": 0.2, "b": 0.8}, {"a": 0.0, "oos": 1.0}]
    assert pool(whole, pieces[:1], "whole+mean") == whole  # one piece: the whole
    mean = pool(whole, pieces, "whole+mean")
    assert round(mean["a"], 3) == 0.35 and round(mean["b"], 3) == 0.4 and round(mean["oos"], 3) == 0.25
    # only the first piece says what is wrong (its best intent is a topic)
    complaint = pool(whole, pieces, "whole+complaint", complaint=["a", "b"])
    assert (
        ranked(complaint)[0][0] == "b"
        and round(complaint["b"], 3) == 0.6
        and "oos" not in {n for n, p in complaint.items() if p}
    )
    maximum = pool(whole, pieces, "whole+max")
    assert round(sum(maximum.values()), 6) == 1.0 and ranked(maximum)[0][0] == "b"


def test_pages_compare_without_scheme_www_and_tracking(tmp_path):
    assert page("https://www.Example.nl/a/?utm_source=x&p=2#top") == page("http://example.nl/a?p=2")
    assert page("https://example.nl/a/?p=2") != page("https://example.nl/a/?p=3")
    path = tmp_path / "set.yml"
    path.write_text(
        "# source: https://www.a.nl/brief/\n# source: own\nharmless:\n  - hoi\n"
        'nlu:\n- intent: x\n  examples:\n  - text: "y"\n    metadata:\n      source: "http://b.nl/p?utm_medium=rss"\n',
        encoding="utf-8",
    )
    assert sources(path) == {"a.nl/brief", "b.nl/p"}
