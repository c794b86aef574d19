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
        ("soms wel", None, "soms"),
        ("soms wel soms niet", "affirm", "soms"),
        ("een beetje", None, "soms"),
        ("weet ik niet", "deny", "weet niet"),
        ("geen idee eigenlijk", None, "weet niet"),
        ("nee", None, "nee"),
        ("niet echt", None, "nee"),
        ("Nooit.", None, "nee"),
        ("/affirm", "affirm", "ja"),
        ("/deny", "deny", "nee"),
        ("wat bedoel je?", None, None),
        ("mijn man praat niet", None, None),
        # round 11: a hesitation first, then a story, is still the answer
        ("hmm weet ik niet. mn moeder was wel warm maar we praatten niet over gevoel", None, "weet niet"),
        ("nou, soms eigenlijk", None, "soms"),
        ("hmm", None, None),
        # round 21: "Dat weet ik niet" was asked again as if it were no answer
        ("Dat weet ik niet", None, "weet niet"),
        ("weet ik eigenlijk niet", None, "weet niet"),
        ("ik weet het echt niet", None, "weet niet"),
        # round 25: a story with its verdict inside or at the end is an answer, not a story
        ("Hij werkte zes dagen per week. Ik denk dus ja. Mijn moeder had vijf kinderen.", None, "ja"),
        ("Thuis regel ik alles: verzekeringen, vakanties, de auto. Ja.", None, "ja"),
        ("Lastig. Ik denk het wel. Maar ze zegt dat ik een blik heb. Soms dus.", None, "soms"),
        ("Niemand keek mee, ik kon om tien uur thuiskomen. Dus nee.", None, "nee"),
        ("Ze waren loyaal aan elkaar, knuffelen deden ze niet. Ik denk van wel", None, "ja"),
        # a story with no verdict sentence still gets the kind request for a short answer
        ("mijn vader was er wel, maar je ging er niet naartoe met problemen", None, None),
        ("ze zei dan vraag het maar aan je vader, zeker over geld", None, None),
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


def test_score_counts_soms_half_and_weet_niet_not(knowledge):
    slots = knowledge.exercise_slots("signs")
    answers = dict(zip(slots, ["ja", "ja", "soms", "weet niet", "nee", "soms", "ja", None]))
    assert ex.score(answers, slots) == 4.0
    assert ex.counted(answers, slots, ex.SOMETIMES) == 2
    assert ex.answered(slots, answers) == 7


def test_band_is_the_first_that_reaches_the_score(knowledge):
    bands = knowledge.exercises["signs"]["bands"]
    picked = [ex.band(bands, value) for value in (0, 2, 2.5, 5, 5.5, 8)]
    assert picked == [
        bands[0]["text"],
        bands[0]["text"],
        bands[1]["text"],
        bands[1]["text"],
        bands[2]["text"],
        bands[2]["text"],
    ]


def test_best_pattern(knowledge):
    questions = knowledge.exercises["pattern"]["questions"]
    answers = {q["slot"]: "nee" for q in questions}
    assert ex.best_patterns(questions, answers) == []
    answers.update(home_overprotective_1="ja", home_overprotective_2="ja", home_absent_1="ja")
    assert ex.best_patterns(questions, answers) == ["overprotective"]
    answers["home_absent_2"] = "ja"
    assert sorted(ex.best_patterns(questions, answers)) == ["absent", "overprotective"]
    answers["home_absent_2"] = "soms"
    assert ex.best_patterns(questions, answers) == ["overprotective"]
