"""The session's answers (coach/answers.py, knowledge/answers.yml): the file is checked, a
question finds its answer on held-out questions written by another hand, and the coach gives
such an answer where it used to say it had none, once, and never one about approaching the
partner after violence."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Sequence, Tuple

import numpy as np
import pytest
import yaml

from coach.answers import ANSWERS_FILE, AnswersError, Bank, build, closest, load_answers, searched
from coach.coaching import COACHING_FILE, load_coaching
from coach.session import Coach, Limits
from service.settings import PROJECT_DIR, load
from tests.helpers import Session

HELD_OUT = PROJECT_DIR / "tests" / "nlu" / "asked_questions.yml"


@pytest.fixture(scope="module")
def answers(knowledge):
    return load_answers(load().knowledge_dir / ANSWERS_FILE, knowledge.articles)


def coach_with(knowledge, domain_dict, answers, heard: Dict[str, Tuple[str, float]], margin: float = 0.05) -> Coach:
    """A coach whose bank finds, for a text in `heard`, that answer at that similarity."""

    def find(text: str, given: Sequence[str]):
        found = heard.get(text)
        return (*found, margin) if found and found[0] not in given else None

    coaching = load_coaching(load().knowledge_dir / COACHING_FILE, knowledge.topics, knowledge.articles)
    explain = lambda step, entry_id: knowledge.entries[entry_id].explanation  # noqa: E731
    return Coach(
        knowledge, coaching, domain_dict["responses"], lambda text: None, explain, Limits(), Bank(answers, find)
    )


def test_every_answer_names_its_article_and_a_broken_file_is_refused(answers, knowledge, tmp_path: Path):
    assert len(answers) >= 15
    for answer in answers.values():
        assert answer.article.file in knowledge.articles and len(answer.asks) >= 5
    bad = tmp_path / ANSWERS_FILE
    bad.write_text(
        yaml.safe_dump({"answers": {"x": {"source": "nope.txt", "asks": ["a b c d e f g h"] * 5, "text": "t" * 90}}})
    )
    with pytest.raises(AnswersError, match="unknown source"):
        load_answers(bad, knowledge.articles)
    bad.write_text(yaml.safe_dump({"answers": {"x": {"source": "nope.txt", "asks": [], "text": "kort"}}}))
    with pytest.raises(AnswersError):
        load_answers(bad, knowledge.articles)


def test_the_closest_answer_is_found_and_one_already_given_is_passed_over():
    from coach.answers import Index

    index = Index(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]), ("a", "a", "b"), np.array([[0.6, 0.8]]))
    assert closest(index, np.array([0.6, 0.8])) == ("a", pytest.approx(0.96), pytest.approx(-0.04))
    assert closest(index, np.array([0.6, 0.8]), ["a"]) == ("b", pytest.approx(0.8), pytest.approx(-0.2))
    assert closest(index, np.array([0.6, 0.8]), ["a", "b"]) is None
    # several vectors of one message (the whole, the question): the best of them counts
    assert closest(index, np.array([[0.0, 1.0], [1.0, 0.0]]), ["a"])[:2] == ("b", pytest.approx(1.0))


def test_a_message_is_also_searched_by_what_it_asks():
    story = "We zijn twintig jaar samen en de kinderen zijn net het huis uit. " * 3
    asked = story + "Wat doe ik als hij dan over de tuin begint? Echt geen idee."
    assert searched(asked, 25) == [asked, "Wat doe ik als hij dan over de tuin begint?"]
    assert searched(story + "Ik weet het niet meer", 25)[1] == "Ik weet het niet meer"
    assert searched("ik blijf haar appen. ben ik te veel?", 25) == [
        "ik blijf haar appen. ben ik te veel?",
        "ben ik te veel?",
    ]
    assert searched("ben ik te veel", 25) == ["ben ik te veel"]


def test_held_out_questions_find_their_answer_and_other_messages_mostly_do_not(answers):
    """Floors a little under what scripts/eval_answers.py measured (right 0.53 / wrong 0.028 /
    others 0 at asked_sure; 0.67 / 0.062 / 0.013 at asked)."""
    from coach.answers import other_messages
    from scripts.eval_answers import scores

    limits = Limits()
    data = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    from actions.common import passage_vectors  # the action server's cache of these vectors

    trained = other_messages(sorted(load().nlu_dir.glob("*.yml")))
    index = build(answers, lambda texts: passage_vectors(texts, passage=False), trained)
    positives = [(t, a) for a, texts in data["positives"].items() for t in texts]
    found = scores([t for t, _ in positives], index, limits.asked_words)
    others = scores(data["negatives"], index, limits.asked_words)
    assert len(positives) >= 140 and len(others) >= 80

    def rates(least: float, margin: float) -> Tuple[float, float, float]:
        def ok(f) -> bool:
            return bool(f) and f[1] >= least and f[2] >= margin

        right = sum(1 for (_, a), f in zip(positives, found) if ok(f) and f[0] == a) / len(positives)
        wrong = sum(1 for (_, a), f in zip(positives, found) if ok(f) and f[0] != a) / len(positives)
        other = sum(1 for f in others if ok(f)) / len(others)
        return right, wrong, other

    right, wrong, other = rates(limits.asked_sure, limits.asked_sure_margin)
    assert right >= 0.5 and wrong <= 0.04 and other <= 0.02
    right, wrong, other = rates(limits.asked, limits.asked_margin)
    assert right >= 0.62 and wrong <= 0.08 and other <= 0.03


QUESTION = "en wat als hij dan meteen over de tuin begint?"


def test_a_question_the_topic_has_no_answer_for_gets_the_answer_that_fits_once(knowledge, domain_dict, answers):
    coach = coach_with(knowledge, domain_dict, answers, {QUESTION: ("deflects", 0.91)})
    talk = Session(coach)
    talk.say("partner_wont_talk", "mijn man praat nooit over wat hij voelt")
    said = " ".join(talk.say("nlu_fallback", QUESTION, 0.2, [("nlu_fallback", 0.2), ("ask_if_stuck", 0.1)]))
    assert answers["deflects"].text[:40] in said and answers["deflects"].article.title in said
    assert coach.responses["utter_question_not_covered"][0]["text"] not in said
    again = " ".join(talk.say("nlu_fallback", QUESTION, 0.2, [("nlu_fallback", 0.2), ("ask_if_stuck", 0.1)]))
    assert answers["deflects"].text[:40] not in again  # never the same block twice


def test_a_close_question_is_answered_before_the_plan_weighing_and_the_nlu_guess(knowledge, domain_dict, answers):
    text = "ben ik gewoon te veel voor haar? ja of nee"
    coach = coach_with(knowledge, domain_dict, answers, {text: ("too_much", 0.95)})
    talk = Session(coach)
    talk.say("pursue_withdraw", "ik blijf haar appen als ze stil is")
    said = " ".join(talk.say("ask_plan", text, 0.72, [("ask_plan", 0.72), ("ask_should_leave", 0.07)]))
    assert answers["too_much"].text[:40] in said
    assert "weigh:pursue_withdraw" not in talk.state.shown


def test_after_violence_no_answer_about_approaching_the_partner(knowledge, domain_dict, answers):
    text = "wat als hij dan weer over iets anders begint?"
    coach = coach_with(knowledge, domain_dict, answers, {text: ("deflects", 0.97)})
    talk = Session(coach)
    talk.say("partner_wont_talk", "hij praat niet")
    talk.state.told.append("violence")
    said = " ".join(talk.say("nlu_fallback", text, 0.2, [("nlu_fallback", 0.2)]))
    assert answers["deflects"].confronts_partner and answers["deflects"].text[:40] not in said


def test_the_first_reply_says_what_the_bot_is_even_when_it_is_a_check_and_no_later_one_does(
    knowledge, domain_dict, answers
):
    coach = coach_with(knowledge, domain_dict, answers, {})
    first = coach.responses["utter_first_contact"][0]["text"]
    talk = Session(coach)
    said = talk.say(
        "pursue_withdraw",
        "hij loopt weg en ik ren erachteraan",
        0.3,
        [("pursue_withdraw", 0.3), ("fear_of_abandonment", 0.25)],
    )
    assert said[-2] == first and talk.state.asked and talk.state.asked.kind == "check_topic"
    later = Session(coach)
    later.say("ask_privacy", "wie leest dit?", 0.9)
    later.say("nlu_fallback", "weet niet", 0.05, [("nlu_fallback", 0.05)])
    assert later.replies[-1].messages[0].text == first  # still in the first two replies
    assert first not in " ".join(later.say("partner_wont_talk", "/partner_wont_talk", 1.0))


def test_an_answer_about_the_other_side_is_not_given_inside_a_topic_about_ones_own(knowledge, domain_dict, answers):
    # round 17: "hoe leer ik mezelf open te stellen?" from the one who shuts down got "je kunt
    # niemand laten praten ... jij bent de partner, niet de therapeut"
    text = "hoe kan ik leren om me meer open te stellen?"
    coach = coach_with(knowledge, domain_dict, answers, {text: ("make_them_talk", 0.95)})
    talk = Session(coach)
    talk.say("self_unavailable", "ik ben degene die dichtklapt als zij emotioneel wordt", 0.9)
    said = " ".join(talk.say("nlu_fallback", text, 0.2, [("nlu_fallback", 0.2)]))
    assert answers["make_them_talk"].about == "other" and answers["make_them_talk"].text[:40] not in said


def test_an_answer_for_a_couple_is_not_given_to_someone_single_and_the_other_way_round(knowledge, domain_dict, answers):
    # round 21: "wat denk jij, ligt het aan mij?" from a single woman who keeps getting ghosted
    # got "zo'n patroon ontstaat tussen twee mensen ... als één van jullie"
    text = "wat denk jij, ligt het aan mij?"

    def find(asked: str, given: Sequence[str]):
        ranked = [("whose_fault", 0.95), ("my_fault_single", 0.94)] if asked == text else []
        return next(((a, s, 0.05) for a, s in ranked if a not in given), None)

    coaching = load_coaching(load().knowledge_dir / COACHING_FILE, knowledge.topics, knowledge.articles)
    explain = lambda step, entry_id: knowledge.entries[entry_id].explanation  # noqa: E731
    coach = Coach(knowledge, coaching, domain_dict["responses"], lambda t: None, explain, Limits(), Bank(answers, find))
    single = Session(coach)
    single.say("attracts_unavailable", "ik val altijd op jongens die me ghosten, ben nu single", 0.9)
    said = " ".join(single.say("nlu_fallback", text, 0.2, [("nlu_fallback", 0.2)]))
    assert answers["my_fault_single"].text[:40] in said and answers["whose_fault"].text[:40] not in said
    married = Session(coach)
    married.say("partner_wont_talk", "mijn man praat nooit over wat hij voelt", 0.9, persoon="man")
    said = " ".join(married.say("nlu_fallback", text, 0.2, [("nlu_fallback", 0.2)]))
    assert answers["whose_fault"].text[:40] in said


def test_a_message_closer_to_a_trained_message_than_to_any_way_of_asking_gets_no_answer(
    knowledge, domain_dict, answers
):
    text = "voel me schuldig dat ik klaag, hij werkt zo hard. zit hier een beetje te janken"
    coach = coach_with(knowledge, domain_dict, answers, {text: ("salvageable", 0.93)}, margin=-0.01)
    talk = Session(coach)
    talk.say("partner_unavailable", "mijn man is er wel maar niet echt", 0.9)
    said = " ".join(talk.say("tell_feelings", text, 0.3, [("tell_feelings", 0.3)]))
    assert answers["salvageable"].text[:40] not in said


def test_a_question_nothing_answers_exactly_gets_the_nearest_answer_or_is_thought_through(
    knowledge, domain_dict, answers
):
    # round 18: "geen goed antwoord uit de artikelen" and a menu in 10 of 12 conversations
    near, far = "en als hij dan zegt dat hij niks mist?", "werkt een wandeling beter dan aan tafel?"
    coach = coach_with(knowledge, domain_dict, answers, {near: ("deflects", 0.905), far: ("crying", 0.85)}, margin=0.0)
    lead = [v["text"] for v in coach.responses["utter_nearest_answer"]]
    talk = Session(coach)
    talk.say("partner_unavailable", "mijn man is er wel maar niet echt", 0.9)
    said = talk.say("nlu_fallback", near, 0.2, [("nlu_fallback", 0.2)])
    assert said[0] in lead and answers["deflects"].text[:40] in " ".join(said)
    # nothing near enough: thought through with them (rounds 22-23 called the topic's next
    # block under the nearest-answer lead unrelated), no menu: what the article looks at in
    # such a step first, then the choice handed back (round 33: a question handed back with
    # nothing in it), and their answer is heard
    said = talk.say("nlu_fallback", far, 0.2, [("nlu_fallback", 0.2)])
    assert said[0] not in lead and answers["crying"].text[:40] not in " ".join(said)
    assert said[0] in [v["text"] for v in coach.responses["utter_question_weigh_first"]]
    weigh = coach.coaching.topics["partner_unavailable"].weigh[0]
    assert weigh.split("{")[0][:30] in " ".join(said)
    assert said[-1] in [v["text"] for v in coach.responses["utter_weigh_handback"]]
    assert coach.responses["utter_question_not_covered"][0]["text"] not in " ".join(said)
    assert talk.state.asked is not None and talk.state.asked.kind == "think_along"
    # their view is thought through as promised, with questions to weigh it by, not the same
    # text again and not a new block
    said = talk.say("nlu_fallback", "ik denk een wandeling, dan hoeven we elkaar niet aan te kijken", 0.2)
    heard = [v["text"] for v in coach.responses["utter_think_along_heard"]]
    assert said[0] in heard and weigh.split("{")[0][:30] not in " ".join(said)
    assert said[-1] in [v["text"] for v in coach.responses["utter_weigh_questions"]]
    # a second such choice in the topic: handed back, the weighing is not said twice
    said = talk.say("nlu_fallback", "en is zondag beter dan zaterdag?", 0.2, [("nlu_fallback", 0.2)])
    assert said[0] in [v["text"] for v in coach.responses["utter_question_think_along"]], said


def in_topic(coach: Coach) -> Session:
    """A conversation already in the topic of a partner who is there but not really."""
    talk = Session(coach)
    talk.say("partner_unavailable", "hij is er wel maar niet echt", 0.9)
    return talk


def test_a_question_to_understand_asks_their_view_and_their_story_is_not_weighed(knowledge, domain_dict, answers):
    # round 29: "waarom doet hij dit?" got "dat kan ik niet voor je beslissen", her answer "Wat hoop
    # je dat het oplevert?", and "ik vroeg waarom hij dit doet" the decision line once more
    coach = coach_with(knowledge, domain_dict, answers, {})
    talk = in_topic(coach)
    question = "is dat nou dat hot and cold gedoe?"
    said = talk.say("nlu_fallback", question, 0.2, [("nlu_fallback", 0.2), ("ask_signs", 0.16)])
    assert said[0] in [v["text"] for v in coach.responses["utter_question_own_view"]]
    decide = [v["text"] for v in coach.responses["utter_question_think_along"]]
    assert not set(said) & set(decide)
    story = "hij is lief als we samen zijn maar na een leuke avond hoor ik dagen niks"
    said = talk.say("nlu_fallback", story, 0.2, [("nlu_fallback", 0.2)])
    weigh = coach.coaching.topics["partner_unavailable"].weigh[0].split("{")[0][:30]
    heard = [v["text"] for v in coach.responses["utter_think_along_heard"]]
    assert weigh not in " ".join(said) and not set(said) & set(heard), said


def test_after_a_choice_is_handed_back_a_new_question_is_no_view_to_weigh(knowledge, domain_dict, answers):
    coach = coach_with(knowledge, domain_dict, answers, {})
    talk = in_topic(coach)
    said = talk.say("nlu_fallback", "werkt een wandeling beter dan aan tafel?", 0.2, [("nlu_fallback", 0.2)])
    assert said[0] in [v["text"] for v in coach.responses["utter_question_weigh_first"]]
    said = talk.say("correct_bot", "ik vroeg niet wat ik moet kiezen, ik vroeg waarom hij wegloopt?", 0.3)
    heard = [v["text"] for v in coach.responses["utter_think_along_heard"]]
    assert not set(said) & set(heard), said


def test_an_unsure_question_about_where_it_comes_from_gets_the_causes(knowledge, domain_dict, answers):
    # round 29: "waarom doet hij dit eigenlijk?? is hij gewoon niet zo into me" (ask_causes 0.18)
    coach = coach_with(knowledge, domain_dict, answers, {})
    talk = in_topic(coach)
    text = "ok andere vraag. waarom doet hij dit eigenlijk?? is hij gewoon niet zo into me. op tiktok zie je dat overal"
    said = talk.say("ask_causes", text, 0.18, [("ask_causes", 0.18), ("ask_signs", 0.14)])
    causes = knowledge.answer_entry("ask_causes", "partner_unavailable")
    part = knowledge.questions["ask_causes"].parts[0]
    first = getattr(causes, part)
    assert (first if isinstance(first, str) else first[0])[:40] in " ".join(said), said


def test_the_nearest_answer_lead_is_said_in_full_once_then_shorter(knowledge, domain_dict, answers):
    # trial 12: "Precies dat staat niet in de artikelen" three times in one conversation
    first, second = "en als hij dan zegt dat hij niks mist?", "ben ik dan te veel voor hem?"
    found = {first: ("deflects", 0.905), second: ("too_much", 0.905)}
    coach = coach_with(knowledge, domain_dict, answers, found, margin=0.0)
    talk = Session(coach)
    talk.say("partner_unavailable", "mijn man is er wel maar niet echt", 0.9)
    said = talk.say("nlu_fallback", first, 0.2, [("nlu_fallback", 0.2)])
    assert said[0] in [v["text"] for v in coach.responses["utter_nearest_answer"]]
    said = talk.say("nlu_fallback", second, 0.2, [("nlu_fallback", 0.2)])
    assert said[0] in [v["text"] for v in coach.responses["utter_nearest_answer_again"]], said
    assert answers["too_much"].text[:40] in " ".join(said)


def test_a_how_or_what_question_nothing_answers_gets_what_the_topic_has_not_a_question_back(
    knowledge, domain_dict, answers
):
    """Trial 9: "stel dat hij alleen 'weet ik niet' zegt en weer tv kijkt, wat doe ik dan?" and
    "hoe ga ik om met die collega?" got "dat kan ik niet voor je beslissen" or "ik wil niet
    gokken, wat denk je zelf?" in six of ten conversations. Such a question gets the part of the
    topic not given yet, said as the nearest there is; only a choice is handed back."""
    coach = coach_with(knowledge, domain_dict, answers, {})
    lead = [v["text"] for v in coach.responses["utter_nearest_answer"]]
    back = [v["text"] for k in ("utter_question_think_along", "utter_question_weigh_first") for v in coach.responses[k]]
    talk = in_topic(coach)
    said = talk.say("nlu_fallback", "en als hij dan alleen 'weet ik niet' zegt en weer tv kijkt, wat dan?", 0.2)
    assert said[0] in lead and not set(said) & set(back), said
    assert any(talk.state.saw(f"{k}:partner_unavailable") for k in ("now", "say", "if_stuck", "why"))
    said = talk.say("nlu_fallback", "werkt een wandeling beter dan aan tafel?", 0.2, [("nlu_fallback", 0.2)])
    assert said[0] in [v["text"] for v in coach.responses["utter_question_weigh_first"]], said


def test_after_violence_a_question_about_their_own_panic_is_answered_and_nothing_that_confronts_him(
    knowledge, domain_dict, answers
):
    """Trial 9: after telling he grabs her arm, "hoe raak ik zelf minder in paniek als hij
    afstand neemt?" was sent to Veilig Thuis three times. An answer about her own feelings or
    support is given (the door to help under it); one about approaching him never is."""
    own = "hoe raak ik zelf minder in paniek als hij afstand neemt?"
    confronting = "wat doe ik als hij weer over iets anders begint?"
    assert answers["anxious_reaction"].after_violence and not answers["deflects"].after_violence
    coach = coach_with(
        knowledge, domain_dict, answers, {own: ("anxious_reaction", 0.93), confronting: ("deflects", 0.93)}
    )
    talk = Session(coach)
    talk.say("crisis_violence", "hij pakte mijn arm zo hard dat ik blauwe plekken had")
    talk.say("affirm", "ja ik ben nu veilig, hij is werken")
    said = talk.say("nlu_fallback", own, 0.2, [("nlu_fallback", 0.2)])
    assert answers["anxious_reaction"].text[:40] in " ".join(said), said
    said = talk.say("nlu_fallback", confronting, 0.2, [("nlu_fallback", 0.2)])
    assert answers["deflects"].text[:40] not in " ".join(said), said


def test_only_a_question_gets_an_answer_from_the_bank(knowledge, domain_dict, answers):
    """Trial 9: "Goedemiddag. Mijn kleindochter heeft dit voor mij op de computer gezet. Ik heb
    een vraag over mijn vriendin." was close to "ben ik te veel?" and got that answer before he
    had told anything. An announcement or a story is no question; a question without its mark
    still is one."""
    told = "goedemiddag. mijn kleindochter heeft dit voor me neergezet. ik heb een vraag over mijn vriendin."
    asked = "ben ik te veel voor haar"
    coach = coach_with(knowledge, domain_dict, answers, {told: ("too_much", 0.95), asked: ("too_much", 0.95)})
    said = " ".join(Session(coach).say("nlu_fallback", told, 0.2, [("nlu_fallback", 0.2)]))
    assert answers["too_much"].text[:40] not in said
    said = " ".join(Session(coach).say("nlu_fallback", asked, 0.2, [("nlu_fallback", 0.2)]))
    assert answers["too_much"].text[:40] in said


def test_an_answer_that_weighs_leaving_is_given_only_when_clearly_asked(knowledge, domain_dict, answers):
    """Trial 10: "ik voel me onzichtbaar naast hem, wat doen anderen?" got, as the nearest
    answer, "soms is weggaan beter voor je eigen geestelijke gezondheid"."""
    near, asked = "wat doen andere vrouwen in mijn situatie?", "en als hij gewoon niet wil veranderen?"
    # trial 13: "leg ik haar dan niet iets in de mond?" reached the answer about feeling flat
    # (asked_only) just above the bank's everyday level: such answers need its surest level
    close = "leg ik haar dan niet iets in de mond?"
    assert answers["wont_change"].asked_only
    found = {near: ("wont_change", 0.905), asked: ("wont_change", 0.95), close: ("wont_change", 0.915)}
    coach = coach_with(knowledge, domain_dict, answers, found)
    talk = in_topic(coach)
    assert answers["wont_change"].text[:40] not in " ".join(talk.say("nlu_fallback", near, 0.2))
    assert answers["wont_change"].text[:40] not in " ".join(talk.say("nlu_fallback", close, 0.2))
    talk = in_topic(coach)
    assert answers["wont_change"].text[:40] in " ".join(talk.say("nlu_fallback", asked, 0.2))


def test_an_answer_about_ones_own_side_is_given_when_the_message_says_so_inside_the_others_topic(
    knowledge, domain_dict, answers
):
    # trial 13: inside a topic about his girlfriend, "zou het kunnen dat ik zelf degene ben die
    # onbereikbaar is?" got "daar heb ik niets nieuws over": own-side answers were passed over
    own = "zou het kunnen dat ik zelf degene ben die niks laat zien, ook al doe ik van alles voor haar?"
    other = "telt het dan niet dat ik van alles voor haar doe?"
    assert answers["love_by_doing"].about == "self"
    coach = coach_with(knowledge, domain_dict, answers, {own: ("love_by_doing", 0.95), other: ("love_by_doing", 0.95)})
    given = "niet je hulp maar je binnenkant"
    assert given in answers["love_by_doing"].text
    assert given not in " ".join(in_topic(coach).say("nlu_fallback", other, 0.2))
    assert given in " ".join(in_topic(coach).say("nlu_fallback", own, 0.2))


def test_a_subject_that_is_not_ours_is_named_before_any_answer_fits_its_words(knowledge, domain_dict, answers):
    # trial 14: "vorig jaar een affaire gehad ... hoe krijg ik haar terug?" got the answer about
    # setting a boundary; the affair's pointer comes first, the answer can come after it
    text = "vorig jaar een affaire gehad, mijn vrouw kwam erachter en nu is ze weg. hoe krijg ik haar terug?"
    coach = coach_with(knowledge, domain_dict, answers, {text: ("whose_fault", 0.95)})
    said = " ".join(Session(coach).say("nlu_fallback", text, 0.2, [("nlu_fallback", 0.2)]))
    assert answers["whose_fault"].text[:40] not in said
    assert coach.responses["utter_referral_affair"][0]["text"][:40] in said
