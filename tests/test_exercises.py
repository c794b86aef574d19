"""The guided exercises' pure logic (coach/exercises.py): answer interpretation and scores.
The forms and result actions are tested in tests/actions/test_exercises.py."""

from __future__ import annotations

import pytest

from coach import exercises as ex


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("ja", None, "ja"),
        ("Ja hoor!", None, "ja"),
        ("klopt", None, "ja"),
        ("soms wel", None, "ja"),
        ("nee", None, "nee"),
        ("niet echt", None, "nee"),
        ("Nooit.", None, "nee"),
        ("/affirm", "affirm", "ja"),
        ("/deny", "deny", "nee"),
        ("wat bedoel je?", None, None),
        ("mijn man praat niet", None, None),
    ],
)
def test_yes_no(text, intent, expected):
    assert ex.yes_no(text, intent) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("vasthouden", "vasthouden"),
        ("ik zoek dan bevestiging", "vasthouden"),
        ("terugtrekken", "terugtrekken"),
        ("ik neem afstand", "terugtrekken"),
        ("allebei", "allebei"),
        ("het wisselt", "allebei"),
        ("geen idee", None),
        ("dan wil ik wegrennen", "terugtrekken"),
        ("ik blijf in beweging", None),
    ],
)
def test_side(text, expected):
    assert ex.side(text) == expected


def test_signs_score_and_band():
    answers = {s: ("ja" if i < 6 else "nee") for i, s in enumerate(ex.SIGN_SLOTS)}
    assert ex.signs_score(answers) == 6
    assert [ex.signs_band(n) for n in (0, 2, 3, 5, 6, 8)] == [
        "weinig",
        "weinig",
        "meerdere",
        "meerdere",
        "veel",
        "veel",
    ]


def test_best_pattern():
    answers = {s: "nee" for s in ex.PATTERN_SLOTS}
    assert ex.best_patterns(answers) == []
    answers.update(home_overprotective_1="ja", home_overprotective_2="ja", home_absent_1="ja")
    assert ex.best_patterns(answers) == ["overprotective"]
    answers["home_absent_2"] = "ja"
    assert ex.best_patterns(answers) == ["absent", "overprotective"]
