"""Safety as a conversation (coach/safety_talk.py): the first reply gives the helpline and
asks; the answer is followed; a person who says they are not at risk is believed after one
check; a goodbye after violence is a safe goodbye; one reminder, not a banner."""

from __future__ import annotations

import re

import pytest
import yaml

from coach import conversation
from service.settings import load
from tests.helpers import Session
from tests.test_session import coach  # noqa: F401  (the coach fixture)


# after violence a reply may leave out the helpline number it gave just before
TRIM = conversation.compile_conversation(
    yaml.safe_load((load().knowledge_dir / "conversation.yml").read_text(encoding="utf-8"))
).repeated_number[1]


class texts_of:  # noqa: N801  (reads as a set in the asserts)
    """The texts of a domain response, matched with their placeholders filled in (and with
    the repeated helpline number left out, as after violence)."""

    def __init__(self, domain_dict, name):
        templates = [v["text"] for v in domain_dict["responses"][name]]
        templates += [TRIM.sub("", t) for t in templates if TRIM.search(t)]
        self.patterns = [re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(t)) + "$", re.S) for t in templates]

    def __contains__(self, text):
        return any(p.match(text) for p in self.patterns)


@pytest.fixture
def talk(coach):  # noqa: F811
    return Session(coach)


def test_suicidal_thoughts_get_113_and_the_direct_question(talk, domain_dict):
    said = talk.say("crisis_suicidal", "alles is grijs, ik zie het niet meer zitten")
    assert said[0] in texts_of(domain_dict, "utter_crisis_suicidal")
    assert "113" in said[0] and "0800-0113" in said[0]
    assert talk.state.asked.kind == "suicidal_thoughts" and talk.state.risk == "suicidal"


def test_yes_stays_and_helps_to_make_contact(talk, domain_dict):
    talk.say("crisis_suicidal", "ik wil niet meer")
    said = talk.say("affirm", "ja")
    assert said[0] in texts_of(domain_dict, "utter_suicidal_yes")
    assert talk.state.asked.kind == "someone_near"
    said = talk.say("deny", "nee ik ben alleen")
    assert said[0] in texts_of(domain_dict, "utter_someone_near_no")


@pytest.mark.parametrize("intent", ["deny", "nlu_fallback", "tell_single"])
def test_no_is_believed_after_one_check_and_still_looked_after(talk, domain_dict, intent):
    talk.say("crisis_suicidal", "ik wil er niet meer zijn")
    said = talk.say(intent, "nee nee ik doe niks hoor, ben gewoon moe", 0.4, [(intent, 0.4), ("deny", 0.3)])
    assert said[0] in texts_of(domain_dict, "utter_suicidal_no")
    assert talk.state.risk == "low"
    said = talk.say("nlu_fallback", "al weken, slaap slecht", 0.1)
    assert "huisarts" in said[0] and "113" in said[0]
    later = talk.say("partner_unavailable", "mijn vriend is er nooit")
    assert not any("113" in t for t in later)  # no banner on every reply


def test_a_misreading_is_taken_back_once_and_the_crisis_tone_dropped(talk, domain_dict):
    talk.say("partner_wont_talk", "mijn vrouw praat niet")
    talk.say("crisis_suicidal", "ik kan haar wel wurgen", 0.8)
    answer = talk.say("correct_bot", "nee, je leest het verkeerd")  # as the answer: sorry, believed
    assert answer[0] in texts_of(domain_dict, "utter_suicidal_no_misread") and talk.state.risk == "low"
    said = talk.say("correct_bot", "waarom geef je me nou 113??")
    assert said[0] in texts_of(domain_dict, "utter_crisis_misread_topic")
    assert talk.state.risk == "none" and "suicidal" not in talk.state.told
    for intent in ("ask_what_to_do", "request_more"):
        assert not any("113" in t for t in talk.say(intent, "en verder"))


def test_a_goodnight_after_suicidal_thoughts_gets_113_for_the_night_not_topic_buttons(talk, domain_dict):
    talk.say("crisis_suicidal", "ik wil dood")
    talk.say("affirm", "ja")
    said = talk.say("goodbye", "ok ik ga slapen denk ik")
    assert said[0] in texts_of(domain_dict, "utter_close_after_suicidal")
    assert not talk.buttons


def test_violence_asks_whether_safe_now_and_follows_the_answer(talk, domain_dict):
    said = talk.say("crisis_violence", "hij duwde me tegen de muur")
    assert said[0] in texts_of(domain_dict, "utter_crisis_violence") and "112" in said[0]
    assert talk.state.asked.kind == "safe_now"
    said = talk.say("affirm", "ja")
    assert said[0] in texts_of(domain_dict, "utter_violence_safe_now")
    said = talk.say("affirm", "ja graag")
    assert said[0] in texts_of(domain_dict, "utter_safety_plan")


COUNTS = ("ask_counts_as_violence", 0.3)


def test_whether_it_counts_as_violence_gets_its_yes_and_the_numbers_are_not_repeated(talk, domain_dict):
    # trial 12: "telt dat eigenlijk als geweld?" in the disclosure and again in "ja ik ben nu
    # thuis, hij is er niet. maar telt het nou of niet?" got the numbers twice, never the yes
    text = "soms duwt hij me als hij dronken is, tegen de kast. telt dat eigenlijk als geweld?"
    said = talk.say("crisis_violence", text, 1.0, [("crisis_violence", 1.0), COUNTS])
    assert said[0] in texts_of(domain_dict, "utter_crisis_violence_counts") and "112" in said[0]
    text = "ja ik ben nu gewoon thuis. maar telt het nou of niet? het is niet zo dat hij me slaat"
    said = talk.say("crisis_violence", text, 1.0, [("crisis_violence", 1.0), ("minimise_violence", 0.3), COUNTS])
    assert len(said) == 2 and said[0] in texts_of(domain_dict, "utter_violence_safe_now_short")
    assert said[1] in texts_of(domain_dict, "utter_violence_counts")
    assert not any("0800-2000" in t for t in said)
    later = talk.say("ask_counts_as_violence", "dus het telt echt?", 0.6)
    assert later[0] in texts_of(domain_dict, "utter_violence_counts") and "0800-2000" not in later[0]


def test_asking_whether_it_counts_before_telling_is_telling(talk, domain_dict):
    said = talk.say("ask_counts_as_violence", "is het al geweld als hij me vastgrijpt?", 0.7, [COUNTS[:1] + (0.7,)])
    assert said[0] in texts_of(domain_dict, "utter_crisis_violence_counts") and talk.state.asked.kind == "safe_now"
    assert "violence" in talk.state.told


@pytest.mark.parametrize(
    "crisis, reask",
    [("crisis_violence", "utter_reask_safe_now"), ("crisis_suicidal", "utter_reask_suicidal_thoughts")],
)
def test_a_safety_question_gone_past_is_asked_once_more_after_the_answer_then_not_again(
    talk, domain_dict, crisis, reask
):
    talk.say(crisis, "hij duwt me soms tegen de muur" if crisis == "crisis_violence" else "ik wil niet meer")
    said = talk.say("partner_wont_talk", "hij praat ook nooit over gevoelens")
    assert len(said) >= 2 and said[-1] in texts_of(domain_dict, reask), "the message answered, then the question"
    assert talk.state.asked.kind == ("safe_now" if crisis == "crisis_violence" else "suicidal_thoughts")
    said = talk.say("ask_causes", "waar komt dat vandaan")
    assert not any(s in texts_of(domain_dict, reask) for s in said), "asked twice is pressing"


def test_after_violence_more_about_the_topic_never_runs_into_the_refusal_of_tips(talk, domain_dict):
    talk.say("crisis_violence", "hij duwt me soms tegen de muur")
    talk.say("affirm", "ja nu wel")
    talk.say("partner_wont_talk", "hij praat ook nooit over gevoelens")
    for _ in range(6):
        said = talk.say("request_more", "vertel meer")
        assert not any(s in texts_of(domain_dict, "utter_safety_instead_of_steps") for s in said)
        assert not any(s in texts_of(domain_dict, "utter_steps_withheld_again") for s in said)


def test_danger_now_gets_112(talk, domain_dict):
    talk.say("crisis_violence", "hij slaat me")
    assert talk.say("deny", "nee")[0] in texts_of(domain_dict, "utter_violence_danger_now")


def test_after_violence_no_confronting_advice_and_no_self_blame_exercise(talk, coach, domain_dict):  # noqa: F811
    talk.say("crisis_violence", "hij duwde me")
    talk.say("affirm", "ja nu wel")
    talk.say("pursue_withdraw", "hoe meer ik vraag hoe bozer hij wordt")
    assert "/exercise_reflection" not in talk.buttons
    said = talk.say("ask_what_to_say", "wat zeg ik dan tegen hem")
    assert said[0] in texts_of(domain_dict, "utter_safety_instead_of_steps")


def test_after_violence_tips_are_refused_once_then_understanding_is_given(talk, coach, domain_dict):  # noqa: F811
    talk.say("partner_wont_talk", "hij zegt nooit wat hij voelt")
    talk.say("crisis_violence", "vorige week gooide hij een bord langs me heen")
    talk.say("minimise_violence", "ja ik ben veilig, het was geen echt geweld")
    said = talk.say("ask_what_to_say", "hoe krijg ik hem aan het praten zonder dat het escaleert")
    assert said[0] in texts_of(domain_dict, "utter_safety_instead_of_steps") and len(said) == 1
    assert set(talk.buttons) == {"/ask_why", "/request_more"}
    said = talk.say("ask_now", "maar wat kan ik dan nu doen")
    assert not any(s in texts_of(domain_dict, "utter_safety_instead_of_steps") for s in said)
    assert coach.coaching.topics["partner_wont_talk"].why.split()[0] in " ".join(said)
    said = talk.say(
        "self_unavailable", "dat heb ik niet gezegd, ik wil gewoon praten", 0.2, [("self_unavailable", 0.2)]
    )
    assert not any(s in texts_of(domain_dict, "utter_said_already") for s in said)


def test_playing_it_down_after_violence_gets_a_clear_answer_and_without_violence_is_no_alarm(coach, domain_dict):  # noqa: F811
    after = Session(coach)
    after.say("crisis_violence", "hij sloeg me")
    after.say("nlu_fallback", "ik vertel het liever", 0.1)
    said = after.say("minimise_violence", "misschien zeur ik ook te veel, dan wordt hij niet boos")
    assert said[0] in texts_of(domain_dict, "utter_violence_minimised")
    never = Session(coach)
    never.say("partner_unavailable", "hij is zo afstandelijk")
    said = never.say(
        "minimise_violence",
        "nee hij is niet altijd zo, pas sinds hij zijn baan kwijt is",
        0.5,
        [("minimise_violence", 0.5), ("partner_unavailable", 0.3)],
    )
    assert not any("112" in t or "Veilig Thuis" in t for t in said)


def test_leaving_after_violence_is_one_safe_goodbye_that_names_a_shared_device(talk, domain_dict):
    # trial 12: the goodbye, a device note saying the same, and a reminder: three bubbles
    talk.say("crisis_violence", "hij dreigt me")
    said = talk.say("goodbye", "ik moet stoppen hij komt zo thuis")
    assert len(said) == 1 and said[0] in texts_of(domain_dict, "utter_violence_goodbye")
    assert "telefoon of computer" in said[0] and "0800-2000" in said[0]
    # the way out is the first thing read, on every channel (phone trial 9: "hij komt eraan"
    # met two kind sentences before 'Snel weg')
    for variation in domain_dict["responses"]["utter_violence_goodbye"]:
        first_two = re.split(r"(?<=[.?!])\s", variation["text"])[:2]
        assert "'Snel weg'" in first_two[0] or "'vergeet mij'" in " ".join(first_two), variation
    again = talk.say("goodbye", "doei")
    assert len(again) == 1 and again[0] in texts_of(domain_dict, "utter_violence_goodbye_again")


def test_the_reminder_comes_once_and_never_replaces_a_question(talk, domain_dict):
    talk.say("crisis_other", "mijn zus wil niet meer leven")
    reminders = [v["text"] for v in domain_dict["responses"]["utter_reminder_other"]]
    replies = [
        t
        for intent in ("partner_wont_talk", "ask_what_to_do", "request_more", "ask_why")
        for t in talk.say(intent, "x")
    ]
    assert sum(any(r in t for r in reminders) for t in replies) == 1


def test_asking_where_to_get_help_without_any_crisis_gets_no_crisis_lines(talk, domain_dict):
    talk.say("out_of_scope", "ik heb een affaire gehad en wil het de kinderen vertellen")
    said = talk.say("ask_helpline", "of is daar iets anders voor?", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_where_to_get_help")
    assert not any("113" in t or "0800-2000" in t for t in said)


def test_the_direct_question_comes_alone_and_a_pointer_in_the_same_message_waits(talk, domain_dict):
    """Phone trial 8: "ik slaap al weken slecht en soms denk ik wat heeft het nog voor zin" got
    the pointer about sleep and the huisarts first, and the question about death under it, out
    of view with the keyboard open. The question comes alone; the pointer can come later."""
    pointer = texts_of(domain_dict, "utter_referral_low_signs")
    talk.say("emotional_distance", "we leven langs elkaar heen")
    text = "ik slaap al weken slecht en soms denk ik echt wat heeft het allemaal nog voor zin"
    said = talk.say("feeling_low", text, 0.52, [("feeling_low", 0.52), ("crisis_suicidal", 0.32)])
    assert said[0] in texts_of(domain_dict, "utter_low_mood_check") and not any(t in pointer for t in said), said
    assert not talk.state.saw("pointed:low_signs") and talk.state.pointer_turn == 0
    talk.say("deny", "nee joh, ben gewoon moe")
    later = talk.say("nlu_fallback", "ik slaap echt slecht de laatste tijd, eet ook weinig", 0.3)
    assert "huisarts" in " ".join(later), later  # what the pointer said is not lost
    # the no was heard as the answer: not asked again later (it was, harder, when the no was
    # taken for the pointer being withdrawn)
    on = talk.say("nlu_fallback", "mijn vraag is hoe ik hier beter mee omga", 0.3)
    assert not any(t in texts_of(domain_dict, "utter_reask_suicidal_thoughts") for t in on), on


@pytest.mark.parametrize("low_before", [True, False])
def test_low_mood_told_earlier_and_a_faint_thought_of_death_later_get_the_calm_question(talk, domain_dict, low_before):
    # trial 12: weeks of bad sleep told inside the topic, then "ik trek dit gewoon niet meer"
    # with crisis_suicidal 0.10 second: no check at all. Without the low mood before, the same
    # faint guess is no reason to ask.
    talk.say("fear_of_abandonment", "ze maakt het om de paar weken uit en komt dan terug", 0.9)
    if low_before:
        talk.say(
            "feeling_low",
            "slaap al weken slecht en ben gewoon kapot",
            0.3,
            [("feeling_low", 0.3), ("fear_of_abandonment", 0.2)],
        )
        assert talk.state.saw("heard:low") or talk.state.saw("pointed:low_signs")
    text = "maar zij appt straks weer en dan ga ik toch weer. elke keer. ik trek dit gewoon niet meer"
    said = talk.say("pursue_withdraw", text, 0.23, [("pursue_withdraw", 0.23), ("crisis_suicidal", 0.1)])
    asked = any(t in texts_of(domain_dict, "utter_low_mood_check") for t in said)
    assert asked == low_before, said


def test_low_mood_gets_one_calm_direct_question_and_the_same_careful_flow(talk, domain_dict):
    talk.say("emotional_distance", "we leven langs elkaar heen")
    said = talk.say("feeling_low", "alles voelt grijs, ik heb nergens zin in")
    assert said[0] in texts_of(domain_dict, "utter_low_mood_check") and "113" not in said[0]
    assert talk.state.asked.kind == "suicidal_thoughts" and talk.state.risk == "none"
    assert talk.say("deny", "nee joh, ben gewoon moe")[0] in texts_of(domain_dict, "utter_suicidal_no")
    how = talk.say("feeling_low", "maar ik voel me wel al weken leeg")  # the answer to "hoe gaat het?"
    assert "huisarts" in how[0] and "113" in how[0]
    later = talk.say("feeling_low", "alles blijft gewoon zo zwaar")
    assert later[0] in texts_of(domain_dict, "utter_low_mood_again")
    night = talk.say("goodbye", "ik ga maar slapen")
    assert "113" in night[0]


def test_a_yes_to_the_low_mood_question_is_a_suicide_disclosure(talk, domain_dict):
    talk.say("feeling_low", "ik voel me zo leeg")
    said = talk.say("affirm", "ja, soms")
    assert said[0] in texts_of(domain_dict, "utter_suicidal_yes") and "suicidal" in talk.state.told


@pytest.mark.parametrize("intent", ["nlu_fallback", "exercise_signs"])
def test_an_unclear_answer_to_the_suicide_question_is_taken_as_a_yes(talk, domain_dict, intent):
    talk.say("crisis_suicidal", "ik zie het niet meer zitten")
    said = talk.say(intent, "ja, soms", 0.3, [(intent, 0.3)])
    assert said[0] in texts_of(domain_dict, "utter_suicidal_yes")


def test_after_suicidal_thoughts_what_to_say_and_what_now_are_about_getting_help(talk, domain_dict):
    talk.say("partner_wont_talk", "mijn man praat niet meer met me sinds de scheiding")
    talk.say("crisis_suicidal", "de brief ligt klaar")
    talk.say("affirm", "ja")
    talk.say("deny", "nee, niemand")
    assert talk.say("ask_what_to_say", "wat zeg ik dan als 113 opneemt?")[0] in texts_of(
        domain_dict, "utter_113_what_to_say"
    )
    assert talk.say("ask_now", "en wat doe ik nu")[0] in texts_of(domain_dict, "utter_suicidal_now")
    # what to say to someone named is about telling them, not the line for 113
    said = talk.say("ask_what_to_say", "en wat zeg ik tegen mijn vriendin?", persoon="vriendin")
    assert said[0] in texts_of(domain_dict, "utter_tell_someone_how")
    said = talk.say("ask_what_to_say", "en wat zeg ik dan tegen sandra?", 0.9)
    assert not any(s in texts_of(domain_dict, "utter_113_what_to_say") for s in said)


def test_an_answer_about_sleep_that_also_asks_something_gets_that_question_answered(talk, coach, domain_dict):  # noqa: F811
    talk.say("crisis_suicidal", "soms denk ik dat het voor iedereen beter is zonder mij")
    talk.say("deny", "nee hoor, ik ben gewoon moe")
    assert talk.state.asked.kind == "how_long"
    ranking = [("self_unavailable", 0.3), ("ask_signs", 0.2)]
    said = talk.say(
        "self_unavailable", "slecht, vier uur per nacht. maar ben ik emotioneel onbereikbaar?", 0.3, ranking
    )
    assert said[0] in texts_of(domain_dict, "utter_low_follow_up_then") and len(said) > 1
    assert talk.state.topic == "self_unavailable" or talk.state.asked.kind == "check_topic"


def test_an_answer_that_starts_with_no_is_a_no_whatever_the_rest_says(talk, domain_dict):
    talk.say("crisis_suicidal", "113 is toch voor zelfmoord?", 0.6)
    said = talk.say(
        "minimise_violence",
        "nee!! ik zei toch zo erg is het niet",
        0.4,
        [("minimise_violence", 0.4), ("ask_helpline", 0.3)],
    )
    assert said[0] in texts_of(domain_dict, "utter_suicidal_no") and talk.state.risk == "low"


def test_after_violence_a_question_the_articles_do_not_cover_gets_where_to_ask_it(talk, domain_dict):
    talk.say("crisis_violence", "hij checkt mijn telefoon en ik ben bang voor hoe boos hij kan worden")
    talk.say("affirm", "ja nu wel")
    said = talk.say("out_of_scope", "is dat controle ja of nee", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_violence_not_ours")
    assert not any(s in texts_of(domain_dict, "utter_out_of_scope") for s in said)


def test_after_violence_wanting_to_leave_gets_the_safety_plan(talk, domain_dict):
    talk.say("crisis_violence", "hij duwde me tegen de kast")
    talk.say("affirm", "ja nu wel")
    said = talk.say("ask_should_leave", "hoe ga ik bij hem weg zonder dat hij ontploft", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_safety_plan")


def test_after_control_asking_whether_it_is_violence_is_answered_not_taken_back(talk, domain_dict):
    talk.say("crisis_violence", "hij leest mijn berichten en pakt mijn bankpas af, ik ben bang voor hem")
    talk.say("affirm", "ja nu wel")
    said = talk.say("correct_bot", "maar is dit wel geweld? hij slaat me niet", 0.7)
    assert said[0] in texts_of(domain_dict, "utter_violence_denied_check")
    said = talk.say("minimise_violence", "leg maar uit", 0.7)
    assert said[0] in texts_of(domain_dict, "utter_violence_without_hitting")
    assert talk.state.violence, "the worry was not taken back"


def test_after_yes_an_unsure_message_stays_with_getting_help_not_a_topic(talk, domain_dict):
    talk.say("crisis_suicidal", "ik denk erover om er een eind aan te maken")
    talk.say("affirm", "ja")
    talk.say("deny", "nee ik ben alleen")
    staying = [texts_of(domain_dict, "utter_113_what_to_say"), texts_of(domain_dict, "utter_suicidal_stay")]
    first = talk.say("fear_of_commitment", "ik heb 113.nl open, wat typ ik?", 0.4, [("fear_of_commitment", 0.4)])
    assert first[0] in staying[0]
    second = talk.say("fear_of_commitment", "ik ga het nu proberen", 0.45, [("fear_of_commitment", 0.45)])
    assert second[0] in staying[1] and talk.state.topic is None


def test_after_violence_pushing_back_is_not_taking_it_back_and_a_clear_denial_is(talk, domain_dict):
    talk.say("crisis_violence", "hij leest mijn berichten en heeft mijn pinpas, ik ben bang voor hem")
    talk.say("affirm", "ja nu wel")
    said = talk.say("correct_bot", "je zegt niet of het geweld is. hij zegt dat hij gewoon op mijn geld let", 0.7)
    assert said[0] in texts_of(domain_dict, "utter_violence_without_hitting") and talk.state.violence
    said = talk.say("correct_bot", "nee ik bedoel echt weggaan, mijn spullen, waar ik heen moet", 0.7)
    assert said[0] in texts_of(domain_dict, "utter_safety_plan") and talk.state.violence
    other = Session(talk.coach)
    other.say("crisis_violence", "hij sloeg de deur dicht en ik schrok")
    said = other.say("correct_bot", "ik had het niet over geweld hoor, hij slaat me niet", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_crisis_misread") and not other.state.violence


def test_a_first_message_that_says_it_plainly_is_not_asked_what_it_just_said(talk, domain_dict):
    said = talk.say("crisis_suicidal", "ik denk erover om er een eind aan te maken echt")
    assert said[0] in texts_of(domain_dict, "utter_crisis_suicidal_told") and "113" in said[0]
    assert talk.state.asked.kind == "someone_near" and talk.state.risk == "suicidal"
    vague = Session(talk.coach)
    said = vague.say("crisis_suicidal", "het heeft allemaal geen zin meer")
    assert said[0] in texts_of(domain_dict, "utter_crisis_suicidal"), "a vague message still gets the question"


def test_after_reaching_113_the_bot_stops_urging_contact_and_asks_how_it_went(talk, domain_dict):
    talk.say("crisis_suicidal", "het heeft allemaal geen zin meer")
    talk.say("affirm", "ja")
    talk.say("deny", "nee ik ben alleen")
    said = talk.say("nlu_fallback", "ik heb gechat. het was wel ok ze was aardig", 0.2, [("nlu_fallback", 0.2)])
    assert said[0] in texts_of(domain_dict, "utter_help_reached")
    said = talk.say("nlu_fallback", "en wat zeg ik bij de huisarts", 0.3, [("ask_what_to_say", 0.3)])
    assert not any(s in texts_of(domain_dict, "utter_suicidal_stay") for s in said)


def test_a_second_no_is_believed_without_the_same_question_again(talk, domain_dict):
    talk.say("feeling_low", "alles voelt grijs")
    assert talk.state.asked.kind == "suicidal_thoughts"
    assert talk.say("deny", "nee nee zo bedoel ik het niet")[0] in texts_of(domain_dict, "utter_suicidal_no")
    talk.say("nlu_fallback", "slapen gaat wel", 0.1)
    talk.say("crisis_suicidal", "soms denk ik dat iedereen beter af is zonder mij")
    assert talk.state.asked.kind == "suicidal_thoughts"
    said = talk.say("deny", "nee, niet echt plannen ofzo")
    assert said[0] in texts_of(domain_dict, "utter_suicidal_no_again") and talk.state.risk == "low"
    assert talk.state.asked is None


def test_after_dark_thoughts_what_to_type_to_113_is_about_113_not_the_partner(talk, domain_dict):
    talk.say("crisis_suicidal", "soms denk ik dat iedereen beter af is zonder mij")
    talk.say("deny", "nee, ik ga niks doen")
    talk.say("ask_helpline", "stel dat ik die chat van 113 probeer", 0.8)
    said = talk.say("ask_what_to_say", "maar wat typ ik dan als eerste zin?", 0.5)
    assert said[0] in texts_of(domain_dict, "utter_113_first_line")
    # a correction that asks about 113 is no taking back of the crisis
    ranking = [("correct_bot", 0.5), ("ask_helpline", 0.2)]
    said = talk.say("correct_bot", "nee dat is voor mijn vriend, ik bedoel wat ik bij 113 typ", 0.5, ranking)
    assert said[0] in texts_of(domain_dict, "utter_113_first_line") and talk.state.risk == "low"
    assert talk.say("goodbye", "ik ga slapen")[0] in texts_of(domain_dict, "utter_close_after_suicidal")


def test_a_no_after_a_hesitation_is_a_no(talk, domain_dict):
    """'uh nee.. zo dramatisch is het niet': the doubt rule (an unclear answer is a yes) must
    not swallow a no that starts with a hesitation."""
    talk.say("feeling_low", "alles is een beetje leeg")
    ranking = [("minimise_violence", 0.3), ("deny", 0.1)]
    said = talk.say("minimise_violence", "uh nee.. zo dramatisch is het niet hoor", 0.3, ranking)
    assert said[0] in texts_of(domain_dict, "utter_suicidal_no") and talk.state.risk == "low"


def test_leaving_twice_after_violence_hears_the_safe_goodbye_once_then_short(talk, domain_dict):
    talk.say("crisis_violence", "soms duwt ze me of geeft ze me een klap")
    talk.say("affirm", "ja ik ben veilig, ze is op werk")
    talk.say("deny", "nee nu niet")  # no safety plan now
    first = talk.say("goodbye", "ze komt zo thuis, ik moet stoppen")
    assert first[0] in texts_of(domain_dict, "utter_violence_goodbye")
    second = talk.say("goodbye", "doei")
    assert second[0] in texts_of(domain_dict, "utter_violence_goodbye_again")
    assert "0800-2000" in second[0] and not any(t in texts_of(domain_dict, "utter_violence_goodbye") for t in second)


def test_a_correction_after_dark_thoughts_were_told_keeps_them_looked_after(talk, domain_dict):
    talk.say("crisis_suicidal", "soms denk ik dat iedereen beter af is zonder mij")
    talk.say("deny", "nee, ik ga niks doen")
    talk.say("correct_bot", "nee ik bedoel of ik hem moet vertellen dat ik die gedachtes heb", 0.6)
    assert talk.state.risk == "low"
    assert talk.say("goodbye", "ik ga maar slapen")[0] in texts_of(domain_dict, "utter_close_after_suicidal")
    # trial 10: a second goodbye ("doei!") got the same message with 113 again
    again = talk.say("goodbye", "haha echt, het gaat goed. doei!")
    assert again[0] in texts_of(domain_dict, "utter_close_after_suicidal_again") and "113" not in " ".join(again)


def test_a_no_after_a_short_first_sentence_is_still_a_no(talk, domain_dict):
    # round 7: "haha wow direct. nee niet echt zo. ..." was taken as a yes (in doubt, yes)
    talk.say("feeling_low", "moe van alles", 0.6)
    said = talk.say("feeling_low", "haha wow direct. nee niet echt zo. het is vooral thuis zwaar", 0.36)
    assert said[0] in texts_of(domain_dict, "utter_suicidal_no")
    assert talk.state.risk == "low"


def test_the_first_line_offered_after_a_yes_uses_no_word_the_user_did_not(talk, domain_dict):
    talk.say("crisis_suicidal", "soms denk ik dat het allemaal niet meer hoeft", 1.0)
    said = talk.say("affirm", "ja soms")
    assert "zelfmoord" not in said[0].lower()


def test_staying_with_someone_at_risk_never_sends_the_same_text_twice_in_a_row(talk):
    # round 7: "ben ik wel erg genoeg?" and "de huisarts voelt minder eng" got one text twice
    talk.say("crisis_suicidal", "ik wil er niet meer zijn", 1.0)
    talk.say("affirm", "ja")
    talk.say("deny", "nee niemand")
    said = [" ".join(talk.say("nlu_fallback", f"ik weet het niet {i}", 0.2)) for i in range(5)]
    assert len(set(said)) == 5
    assert all("113" in s or "huisarts" in s or "?" in s for s in said)


def test_asked_on_after_violence_it_never_repeats_the_answer_it_gave(talk, domain_dict):
    talk.say("crisis_violence", "hij heeft me geslagen", 1.0)
    talk.say("affirm", "ja nu wel")
    first = talk.say("ask_helpline", "is dat anoniem?", 0.8)
    second = talk.say("ask_helpline", "komen ze dan bij ons thuis?", 0.8)
    third = talk.say("ask_helpline", "en moet ik dan weg bij hem?", 0.8)
    assert first[0] != second[0] != third[0] and first[0] != third[0]
    assert second[0] in texts_of(domain_dict, "utter_violence_not_ours")
    assert third[0] in texts_of(domain_dict, "utter_violence_ask_them")


def test_violence_the_net_did_not_confirm_is_asked_about_once(talk, domain_dict):
    # round 7: "als hij boos is duwt hij me weg, valt wel mee" got a text about fear of being left
    ranking = [("minimise_violence", 0.61), ("crisis_violence", 0.28), ("fear_of_abandonment", 0.02)]
    said = talk.say("minimise_violence", "als hij boos wordt duwt hij me weg, het valt wel mee", 0.61, ranking)
    assert said == [talk.coach.responses["utter_violence_check"][0]["text"]]
    said = talk.say("affirm", "ja")
    assert said[0] in texts_of(domain_dict, "utter_violence_check_yes")
    assert talk.state.violence and talk.state.asked.kind == "safe_now"


def test_playing_something_down_with_no_violence_among_the_guesses_is_not_asked_about(talk, domain_dict):
    # trial 9: "zijn vader was wel streng, ze praten daar nooit over" (minimise_violence 0.78,
    # no violence among the guesses) got "bedoel je dat iemand je lichamelijk pijn doet?"
    check = talk.coach.responses["utter_violence_check"][0]["text"]
    talk.say("partner_wont_talk", "hij praat nooit over wat hij voelt", 0.9)
    ranking = [("minimise_violence", 0.78), ("partner_wont_talk", 0.13)]
    said = talk.say("minimise_violence", "zijn vader was wel streng denk ik, ze praten daar nooit over", 0.78, ranking)
    assert check not in said and not talk.state.saw("checked:violence")
    faint = [("minimise_violence", 0.72), ("crisis_violence", 0.017)]
    assert talk.say("minimise_violence", "het was niet echt slaan ofzo", 0.72, faint) == [check]


def test_a_no_to_the_violence_check_goes_on_with_what_was_told(talk, domain_dict):
    ranking = [("partner_unavailable", 0.4), ("crisis_violence", 0.35)]
    talk.say("partner_unavailable", "hij duwt me steeds weg als ik dichtbij wil komen", 0.4, ranking)
    said = talk.say("deny", "nee, zo bedoel ik het niet")
    assert said[0] in texts_of(domain_dict, "utter_violence_check_no")
    assert talk.state.topic == "partner_unavailable" and not talk.state.violence
    again = talk.say("partner_unavailable", "hij duwt me weer weg", 0.4, ranking)
    assert talk.coach.responses["utter_violence_check"][0]["text"] not in again


def test_asked_whether_anyone_reads_this_it_says_what_happens_to_the_conversation(talk, domain_dict):
    said = talk.say("ask_privacy", "ziet iemand anders dit gesprek?", 0.9)
    assert said[0] in texts_of(domain_dict, "utter_privacy")
    assert f"{talk.coach.limits.retention_days:g} dagen" in said[0]
    assert len(said) == 1  # no phone advice when nothing about violence was told


def test_the_privacy_answer_fits_the_channel_it_is_asked_in(coach):  # noqa: F811
    """Phone trial 6: on the page, "ziet hij in mijn browsergeschiedenis dat ik hier was?" got
    how to wipe a chat in Telegram and then that a wipe removes everything; the page's answer
    says what the browser history keeps, Telegram's what the app keeps."""
    # asked again on the page: what a wipe does not touch, not "alles is meteen weg"
    for channel, has, lacks, again_has in (
        ("socketio", "browsergeschiedenis", "Telegram", "browsergeschiedenis"),
        ("telegram", "Telegram", "tabblad", "app"),
    ):
        talk = Session(coach)
        first = talk.say("ask_privacy", "ziet iemand dit gesprek?", 0.9, channel=channel)
        again = talk.say("ask_privacy", "en in mijn geschiedenis?", 0.9, channel=channel)
        assert has in first[0] and lacks not in first[0], (channel, first)
        assert again_has in again[0] and lacks not in again[0], (channel, again)
        assert channel != "telegram" or "Wis mijn" not in again[0]  # a button of the page
    # on the page, after violence: the page's own buttons, not a command to type (phone trial 8)
    talk = Session(coach)
    talk.say("crisis_violence", "hij duwde me vorige week", 1.0, channel="socketio")
    said = talk.say("ask_privacy", "kan hij zien dat ik hier was?", 0.9, channel="socketio")
    assert any("'Wis mijn gesprek'" in s and "vergeet mij" not in s for s in said[1:]), said
    said = talk.say("goodbye", "ik moet gaan hij komt thuis", 0.9, channel="socketio")
    assert "'Snel weg'" in said[0] and "vergeet mij" not in said[0], said


def test_after_violence_the_privacy_answer_covers_a_phone_someone_checks(talk, domain_dict):
    talk.say("crisis_violence", "hij slaat me soms", 1.0)
    said = talk.say("ask_privacy", "hij kijkt in mijn telefoon, ziet hij dit?", 0.9)
    assert said[0] in texts_of(domain_dict, "utter_privacy")
    assert said[1] in texts_of(domain_dict, "utter_privacy_phone")
    assert talk.state.asked.kind == "safe_now"  # the safety question is asked again, not dropped


def test_after_violence_an_unsure_farewell_gets_the_safe_goodbye(talk, domain_dict):
    talk.say("crisis_violence", "hij heeft me geduwd", 1.0)
    talk.say("affirm", "ja")
    ranking = [("correct_bot", 0.4), ("goodbye", 0.3), ("fear_of_abandonment", 0.1)]
    said = talk.say("correct_bot", "je herhaalt jezelf. ik stop, hij komt zo thuis", 0.4, ranking)
    assert said[0] in texts_of(domain_dict, "utter_violence_goodbye")


def test_after_violence_an_unsure_question_is_about_help_not_a_topic_guess(talk, domain_dict):
    # a phone trial: "is er ook hulp voor mannen? niemand gelooft dat" after telling about
    # violence was answered as "you keep falling for unavailable people"
    talk.say("crisis_violence", "mijn vrouw heeft me tegen de deur geduwd", 1.0)
    talk.say("affirm", "ja")
    ranking = [("attracts_unavailable", 0.3), ("ask_helpline", 0.2)]
    said = talk.say("attracts_unavailable", "is er ook hulp voor mannen? niemand gelooft dat", 0.3, ranking)
    assert talk.state.topic is None
    assert "0800-2000" in said[0]


def test_after_violence_a_story_that_is_not_a_question_is_heard_not_checked(talk, domain_dict):
    # round 8: "dat zei je net ook al, ik vertel je iets wat ik nog nooit aan iemand vertelde"
    # got "gaat het erom dat je steeds uitkomt bij iemand die ...?"
    talk.say("crisis_violence", "hij duwt me als hij boos is", 1.0)
    talk.say("affirm", "ja")
    ranking = [("attracts_unavailable", 0.2), ("correct_bot", 0.15)]
    said = talk.say("attracts_unavailable", "ik heb dit nog nooit aan iemand verteld", 0.2, ranking)
    assert said[0] in texts_of(domain_dict, "utter_violence_listen")
    assert talk.state.asked is None or talk.state.asked.kind != "check_topic"
    again = talk.say("nlu_fallback", "ook niet aan mijn zus", 0.1)
    assert again[0] != said[0]


def test_told_more_violence_never_gets_the_same_block(talk):
    talk.say("crisis_violence", "hij duwt me soms", 1.0)
    first = talk.say("minimise_violence", "ja ik ben veilig, maar het valt wel mee", 0.8)
    more = talk.say("crisis_violence", "eerlijk gezegd heeft hij me ook geslagen, maar 1 keer", 1.0)
    assert more[0] != first[0]


def test_a_plain_denial_takes_back_a_violence_reading_and_a_no_to_a_topic_does_not(talk, domain_dict):
    # round 8: "ze sluit mij buiten" (grief) got the violence reply and four denials could not
    # take it back
    talk.say("crisis_violence", "ze sluit mij gewoon buiten", 1.0)
    said = talk.say("correct_bot", "nee nee, er is geen geweld, ze rouwt om haar moeder", 0.92)
    assert said[0] in texts_of(domain_dict, "utter_crisis_misread") and not talk.state.violence
    # round 11: after violence, a no to the topic the bot assumed took the violence back
    ingrid = Session(talk.coach)
    ingrid.say("crisis_violence", "hij duwt me soms tegen de kast en heeft me een keer geslagen", 1.0)
    ingrid.say("affirm", "ja hij is naar zijn werk")
    said = ingrid.say("ask_what_to_say", "hoe kan ik er met hem over beginnen zonder dat hij boos wordt?", 0.6)
    assert said[0] in texts_of(domain_dict, "utter_safety_instead_of_steps") and ingrid.state.topic is None
    ingrid.state.topic = "emotional_distance"  # as the coach assumed it in round 11
    said = ingrid.say("correct_bot", "nee dat klopt niet. we zijn geen huisgenoten. ik bedoel over het duwen", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_violence_topic_wrong") and ingrid.state.violence
    assert "emotional_distance" in ingrid.state.ruled_out and len(said) == 2


def test_a_remark_that_is_no_privacy_question_gets_no_privacy_answer(talk, domain_dict):
    # round 8: "mijn vriend zit beneden maar ik ga het hem niet vertellen" got the privacy text
    talk.say("crisis_suicidal", "ik hoop soms niet meer wakker te worden", 1.0)
    talk.say("affirm", "ja")
    said = talk.say("ask_privacy", "mijn vriend zit beneden maar ik ga het hem niet vertellen", 0.6)
    assert not any(s in texts_of(domain_dict, "utter_privacy") for s in said)
    assert talk.state.risk == "suicidal"


def test_a_denial_after_a_violence_reading_is_checked_once_and_then_believed(talk, domain_dict):
    # round 9: a husband whose wife grieves ("waarom sluit ze mij buiten") was read as violence;
    # "geweld?? er is geen geweld" got what violence without hitting is, then a safety plan
    talk.say("crisis_violence", "waarom doet ze dat? waarom sluit ze mij buiten", 1.0)
    said = talk.say("correct_bot", "geweld?? er is geen geweld. waar haalt ge dat. ze rouwt", 0.25)
    assert said[0] in texts_of(domain_dict, "utter_violence_denied_check") and talk.state.violence
    said = talk.say("correct_bot", "nee nee nee. ge snapt het niet. ze is triestig, dat is alles", 0.28)
    assert said[0] in texts_of(domain_dict, "utter_crisis_misread") and not talk.state.violence
    # someone hurt who asks whether it counts gets the explanation from the same question
    for answer in (("minimise_violence", "/minimise_violence", 1.0), ("affirm", "ja", 0.99)):
        asking = Session(talk.coach)
        asking.say("crisis_violence", "hij slaat me", 1.0)
        first = asking.say("correct_bot", "is dit wel geweld? hij slaat me niet echt hard", 0.6)
        assert first[0] in texts_of(domain_dict, "utter_violence_denied_check")
        said = asking.say(*answer)
        assert said[0] in texts_of(domain_dict, "utter_violence_without_hitting") and asking.state.violence
        said = asking.say("correct_bot", "het is geen geweld hoor", 0.5)
        assert not any(s in texts_of(domain_dict, "utter_violence_denied_check") for s in said), "asked once"


def test_after_violence_self_blame_heard_second_is_answered_and_told_again_heard_anew(talk, domain_dict):
    # round 9: "als ik hem niet provoceer dan gebeurt het niet" (ask_if_stuck 0.34, minimise 0.24)
    # got "wat houdt je nu het meest bezig?"; told again, "ik lees met je mee"
    talk.say("crisis_violence", "hij duwt me soms en heeft me een keer geslagen", 1.0)
    talk.say("affirm", "ja ik ben nu veilig")
    ranking = [("ask_if_stuck", 0.34), ("minimise_violence", 0.24)]
    first = talk.say("ask_if_stuck", "als ik gewoon rustig blijf en hem niet provoceer gebeurt het niet", 0.34, ranking)
    assert first[0] in texts_of(domain_dict, "utter_violence_minimised")
    again = talk.say("ask_if_stuck", "ik ga ook door en door, dan knapt er iets bij hem", 0.34, ranking)
    assert again[0] in texts_of(domain_dict, "utter_violence_minimised") and again[0] != first[0]


def test_should_i_call_is_answered_straight_for_the_crisis_told(talk, domain_dict):
    # round 9: "denk jij dat ik moet bellen? eerlijk zeggen" got "dat weet ik niet precies"
    talk.say("crisis_violence", "hij heeft me geslagen", 1.0)
    talk.say("affirm", "ja nu wel")
    said = talk.say("ask_helpline", "denk jij dat ik moet bellen? eerlijk zeggen", 0.62)
    assert said[0] in texts_of(domain_dict, "utter_violence_should_call") and "0800-2000" in said[0]
    dark = Session(talk.coach)
    dark.say("crisis_suicidal", "ik wil er niet meer zijn", 1.0)
    dark.say("affirm", "ja")
    said = dark.say("ask_helpline", "moet ik 113 echt bellen dan?", 0.7)
    assert said[0] in texts_of(domain_dict, "utter_should_call_113") and "0800-0113" in said[0]


def test_a_yes_to_are_you_safe_that_plays_it_down_is_answered_in_both(talk, domain_dict):
    # "ja ik ben veilig. maar hij is geen slechte man, als ik hem niet provoceer ..." got only
    # "goed dat je nu veilig bent"
    talk.say("crisis_violence", "hij duwt me soms", 1.0)
    ranking = [("crisis_violence", 0.32), ("minimise_violence", 0.25), ("nlu_fallback", 0.15)]
    text = "ja ik ben veilig. maar hij is geen slechte man, als ik hem niet provoceer gebeurt het niet"
    said = talk.say("nlu_fallback", text, 0.15, ranking)
    assert said[0] in texts_of(domain_dict, "utter_violence_safe_now_minimised")
    assert talk.state.asked is not None and talk.state.asked.kind == "safety_plan"
    plain = Session(talk.coach)
    plain.say("crisis_violence", "hij duwt me soms", 1.0)
    assert plain.say("affirm", "ja nu wel", 0.94)[0] in texts_of(domain_dict, "utter_violence_safe_now")


def test_after_their_own_yes_a_correction_of_the_last_answer_keeps_the_risk(talk, domain_dict):
    # round 10: "nee ik bedoel mijn vriend. moet ik het hem vertellen" took the crisis back
    # ("ik laat het los"), and "laat maar" then got a cheerful "Dag!"
    talk.say("crisis_suicidal", "soms denk ik dat het makkelijker is als ik er niet meer ben", 1.0)
    talk.say("nlu_fallback", "weet niet. niet echt zo dat ik iets ga doen ofzo", 0.3)
    assert talk.state.risk == "suicidal"
    said = talk.say("correct_bot", "nee ik bedoel mijn vriend. moet ik het hem vertellen", 0.7)
    assert said[0] in texts_of(domain_dict, "utter_tell_someone_near") and talk.state.risk == "suicidal"
    said = talk.say("correct_bot", "nee zo bedoel ik het niet", 0.7)
    assert said[0] in texts_of(domain_dict, "utter_suicidal_misread_keep") and talk.state.risk == "suicidal"
    said = talk.say("goodbye", "laat maar", 0.9)
    assert any("113" in t for t in said)
    denied = Session(talk.coach)
    denied.say("crisis_suicidal", "ik wil er niet meer zijn", 1.0)
    denied.say("affirm", "ja soms", 0.9)
    denied.say("correct_bot", "ik ben niet suicidaal hoor, ik bedoelde dat ik moe ben", 0.8)
    assert denied.state.risk == "low", "after their own yes the goodnight still names 113"


def test_after_own_dark_thoughts_someone_elses_crisis_heard_is_still_their_own(talk, domain_dict):
    # round 11: "... 113 vind ik overdreven, ik ben niet iemand die zelfmoord wil plegen ofzo"
    # (the crisis net: someone else's crisis) got the reply for a worried friend, with Veilig
    # Thuis; "er is geen ander, ik had het over mij" then took the whole risk back
    talk.say("crisis_suicidal", "soms denk ik dat niemand het zou merken als ik er niet meer was", 1.0)
    talk.say("nlu_fallback", "weet ik niet. niet echt een plan. meer dat ik niet meer wakker word", 0.3)
    said = talk.say(
        "crisis_other",
        "mijn vriend zit beneden maar die vertel ik dit niet. ik ben niet iemand die zelfmoord wil plegen ofzo",
        1.0,
    )
    assert not any(t in texts_of(domain_dict, "utter_crisis_other") for t in said)
    assert not any("0800-2000" in t for t in said) and talk.state.risk == "suicidal"
    assert "other" not in talk.state.told


def test_not_knowing_which_is_an_answer_to_a_check_and_a_story_is_no_yes_to_the_death_question(talk, domain_dict):
    # round 12: "ik weet niet gewoon" to "A or B?" got the death question, "hij is wel online
    # geweest" was taken for a yes, and five no's later 113 was still in every reply
    ranking = [("partner_unavailable", 0.36), ("fear_of_abandonment", 0.3)]
    talk.say("partner_unavailable", "mijn vriend reageert al 5 uur niet op mn appjes", 0.36, ranking)
    said = talk.say("feeling_low", "ik weet niet gewoon", 0.41, [("feeling_low", 0.41), ("correct_bot", 0.11)])
    assert said[0] in texts_of(domain_dict, "utter_assume_topic")
    assert talk.state.topic == "partner_unavailable" and talk.state.risk == "none"
    asked = Session(talk.coach)
    asked.say("feeling_low", "alles voelt grijs en ik heb nergens zin in", 0.8)
    assert asked.state.asked and asked.state.asked.kind == "suicidal_thoughts"
    story = [("out_of_scope", 0.24), ("minimise_violence", 0.16), ("fear_of_abandonment", 0.14)]
    said = asked.say("out_of_scope", "hij is wel online geweest 2 blauwe vinkjes", 0.24, story)
    assert asked.state.risk == "none" and "suicidal" not in asked.state.told
    assert said[-1] in texts_of(domain_dict, "utter_reask_suicidal_thoughts")  # asked once more
    doubt = Session(talk.coach)
    doubt.say("feeling_low", "alles voelt grijs en ik heb nergens zin in", 0.8)
    doubt.say("nlu_fallback", "weet ik niet", 0.2, [("nlu_fallback", 0.2)])
    assert doubt.state.risk == "suicidal"  # in doubt, still a yes


def test_a_denial_the_crisis_net_knows_takes_back_a_yes_that_was_only_inferred(talk, domain_dict):
    talk.say("feeling_low", "alles voelt grijs en ik heb nergens zin in", 0.8)
    talk.say("nlu_fallback", "weet ik niet", 0.2, [("nlu_fallback", 0.2)])
    assert talk.state.risk == "suicidal"
    said = talk.say("crisis_suicidal", "ik denk NIET aan de dood!!! stop daarmee", 0.48)
    assert talk.state.risk == "none"
    assert not any(s in texts_of(domain_dict, "utter_suicidal_stay") for s in said)


def test_after_violence_the_offered_safety_plan_and_am_i_exaggerating_get_their_answers(talk, domain_dict):
    # round 12: "u zei iets over een veiligheidsplan, wat staat daarin?" got "daar kan ik als
    # chatbot niet op antwoorden"; "is dat normaal of stel ik me aan?" got "which situation?"
    talk.say("crisis_violence", "als hij gedronken heeft duwt hij me weleens", 0.95)
    talk.say("affirm", "ja ik ben nu veilig", 0.9)
    said = talk.say("ask_is_normal", "ik loop op eieren als hij drinkt. is dat normaal of stel ik me aan?", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_violence_not_normal")
    said = talk.say("nlu_fallback", "u zei eerder iets over een veiligheidsplan. wat staat daar dan in?", 0.3)
    assert any(s in texts_of(domain_dict, "utter_safety_plan") for s in said)


def test_no_plan_is_no_no_and_am_i_exaggerating_after_dark_thoughts_is_answered(talk, domain_dict):
    # round 12: "nee, geen plan. het is meer dat ik er niet meer hoef te zijn" was believed as
    # a no, and "stel ik me aan of niet" then got homework for the relationship
    talk.say("feeling_low", "ik heb eigenlijk nergens meer zin in, in niks", 0.8)
    assert talk.state.asked and talk.state.asked.kind == "suicidal_thoughts"
    ranking = [("deny", 0.4), ("crisis_suicidal", 0.3)]
    talk.say("deny", "nee, geen plan. het is meer dat ik er niet meer zo nodig hoef te zijn", 0.4, ranking)
    assert talk.state.risk == "suicidal"
    low = Session(talk.coach)
    low.say("feeling_low", "ik heb eigenlijk nergens meer zin in, in niks", 0.8)
    low.say("deny", "nee", 0.95)
    assert low.state.risk == "low"
    said = low.say("nlu_fallback", "ik ben gewoon moe. stel ik me aan?", 0.3)
    assert any(s in texts_of(domain_dict, "utter_suicidal_not_exaggerating") for s in said)


def test_a_statement_ending_in_or_not_is_no_plan(talk):
    assert not conversation.asks_about_plan(talk.coach.conv, "nu maakt het eigenlijk niet uit of ik er ben of niet")


def test_after_violence_the_number_is_not_repeated_in_every_reply_but_given_when_asked(talk):
    # round 12: "u blijft steeds dat nummer noemen" (0800-2000 in 9 of 14 replies)
    number = talk.coach.conv.repeated_number[0]
    first = " ".join(talk.say("crisis_violence", "hij heeft me geslagen", 0.95))
    assert number in first  # at once, in full
    talk.say("affirm", "ja ik ben nu veilig", 0.9)
    later = []
    for text in ("hoe zorg ik dat hij niet meer zo kwaad wordt?", "ik hou van hem, ik wil niet weg"):
        later.append(" ".join(talk.say("nlu_fallback", text, 0.3)))
    assert sum(number in said for said in later) <= 1  # not in every reply
    asked = " ".join(talk.say("ask_helpline", "wat was dat nummer ook alweer?", 0.9))
    assert number in asked


def test_after_violence_my_fault_and_the_huisarts_get_their_answers(talk, domain_dict):
    # round 13: "is het deels mijn schuld?" asked twice, unanswered; "kan ik hiermee naar mijn
    # huisarts?" got "daar heb ik geen artikel over"
    talk.say("crisis_violence", "hij heeft me een keer geslagen", 0.95)
    talk.say("affirm", "ja ik ben nu veilig", 0.9)
    said = talk.say("nlu_fallback", "maar is het niet deels mijn schuld? ik zeur ook veel", 0.3)
    assert any(s in texts_of(domain_dict, "utter_violence_minimised") for s in said)
    said = talk.say("ask_helpline", "kan ik hiermee ook gewoon naar mijn huisarts?", 0.7)
    assert any(s in texts_of(domain_dict, "utter_violence_huisarts") for s in said)


def test_after_the_helplines_a_wish_to_talk_about_the_relationship_is_followed_carefully(talk, domain_dict):
    # round 13: after her own dark thoughts, "kunnen we het nu over hem hebben? ik voel me zo
    # alleen naast hem" got 113 four times; "ik ben niet in gevaar oke. ik wil alleen weten hoe
    # ik tegen hem zeg dat ik me eenzaam voel" got "ik laat het los. waar wil je het over hebben?"
    talk.say("feeling_low", "ik heb gewoon nergens echt zin meer in", 0.8)
    talk.say(
        "nlu_fallback",
        "weet niet. meer dat het niet zoveel uit zou maken als ik er niet was",
        0.3,
        [("nlu_fallback", 0.3), ("crisis_suicidal", 0.25)],
    )
    assert talk.state.risk == "suicidal"
    talk.say("deny", "nee", 0.9)  # nobody near
    said = talk.say("emotional_distance", "kunnen we het nu over hem hebben? ik voel me zo alleen naast hem", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_risk_kept_go_on")
    assert talk.state.topic == "emotional_distance" and talk.state.risk == "suicidal"
    other = Session(talk.coach)
    other.say("feeling_low", "ik heb gewoon nergens echt zin meer in", 0.8)
    other.say(
        "nlu_fallback",
        "weet niet. meer dat het niet zoveel uit zou maken als ik er niet was",
        0.3,
        [("nlu_fallback", 0.3), ("crisis_suicidal", 0.25)],
    )
    said = other.say(
        "nlu_fallback",
        "ik ben niet in gevaar oke. ik wil alleen weten hoe ik tegen hem zeg dat ik me eenzaam voel",
        0.3,
    )
    assert said[0] in texts_of(domain_dict, "utter_risk_kept_go_on") and len(said) > 1
    assert other.state.risk == "low"  # what she told stays for the goodbye
    assert not any(s in texts_of(domain_dict, "utter_crisis_misread") for s in said)


def test_after_a_first_no_later_and_clearer_signs_are_heard_and_a_topic_correction_keeps_the_care(talk, domain_dict):
    # round 14: after "haha nee, gewoon moe", "het zou niemand opvallen als ik er niet was" and
    # "soms wil ik niet meer wakker worden" got relationship homework, and "nee ik bedoel niet met
    # hem, gewoon met alles" got "ik laat het los"
    from coach.crisis import detect_crisis

    for text in (
        "soms denk ik dat het niemand op zou vallen als ik er niet was",
        "ik wil soms gewoon niet meer wakker worden",
    ):
        assert detect_crisis(text) == "crisis_suicidal", text
    talk.say("feeling_low", "gaat gewoon niet zo goed allemaal", 0.8)
    talk.say("correct_bot", "haha nee zo bedoel ik het niet. gewoon moe", 0.52)
    assert talk.state.risk == "low"
    talk.say("emotional_distance", "mijn vriend zit de hele avond te gamen en ik zit ernaast", 0.8)
    said = talk.say("correct_bot", "nee ik bedoel niet met hem. gewoon met alles", 0.84)
    assert talk.state.risk == "low"
    assert not any(s in texts_of(domain_dict, "utter_crisis_misread_topic") for s in said)


def test_after_the_helplines_how_lonely_she_is_next_to_him_is_heard_not_answered_with_113(talk, domain_dict):
    # round 15: "ik ga heus niks doen ... ik voel me zo alleen met hem" got 113 four turns in a row
    talk.say("crisis_suicidal", "soms wil ik gewoon dat alles even stopt", 0.9)
    talk.say("affirm", "ja soms wel", 0.9)
    talk.say("deny", "nee, er is niemand", 0.9)
    said = talk.say("tell_feelings", "ik wil gewoon mn verhaal kwijt. ik voel me zo alleen met hem", 0.7)
    assert said[0] in texts_of(domain_dict, "utter_risk_kept_go_on")
    assert any(s in texts_of(domain_dict, "utter_heard_feelings") for s in said)
    assert talk.state.risk == "suicidal"


def test_their_own_answer_to_the_direct_question_is_not_taken_back_by_a_joke(talk, domain_dict):
    # round 16: "soms denk ik dat iedereen beter af is zonder mij" (the crisis net, in answer to
    # the direct question), then "grapje, ik ben gewoon moe, ik ga mezelf niks aandoen" got
    # "sorry, dan begreep ik je verkeerd ... ik laat het los"
    talk.say("feeling_low", "alles is grijs, ik sta op, werk, bank, slapen")
    assert talk.state.asked and talk.state.asked.kind == "suicidal_thoughts"
    talk.say("crisis_suicidal", "de dood is een groot woord. soms denk ik dat iedereen beter af is zonder mij", 1.0)
    text = "haha grapje, ik ben gewoon moe. ik ga mezelf echt niks aandoen hoor, ik heb een rotperiode"
    said = talk.say("feeling_low", text, 0.24, [("feeling_low", 0.24), ("minimise_violence", 0.15)])
    assert said[0] not in texts_of(domain_dict, "utter_crisis_misread")
    assert said[0] not in texts_of(domain_dict, "utter_crisis_misread_topic")
    assert talk.state.risk == "low" and "suicidal" in talk.state.told


def test_after_dark_thoughts_telling_ones_partner_is_helped_not_turned_into_113_again(talk, domain_dict):
    # round 18: "moet ik haar vertellen dat ik me zo vlak voel?" got "de rest kan even wachten",
    # and "hoe zeg ik het zonder dat ze denkt dat het aan haar ligt?" the first line for 113
    talk.say("feeling_low", "ik voel weinig, bij alles")
    talk.say("crisis_suicidal", "soms denk ik dat iedereen beter af is zonder mij", 1.0)
    joke = "haha nee joh, grapje. ik ga echt niks doms doen hoor, hoef geen 113 te bellen"
    said = talk.say("feeling_low", joke, 0.3, [("feeling_low", 0.3), ("ask_helpline", 0.2)])
    assert said[0] not in texts_of(domain_dict, "utter_113_what_to_say")
    said = talk.say("ask_plan", "moet ik haar vertellen dat ik me zo vlak voel?", 0.4, [("ask_plan", 0.4)])
    assert said[0] in texts_of(domain_dict, "utter_tell_someone_near")
    said = talk.say("ask_what_to_say", "hoe zeg ik het zonder dat ze denkt dat het aan haar ligt?", 0.5)
    assert said[0] in texts_of(domain_dict, "utter_tell_someone_how")
    night = talk.say("goodbye", "ik ga maar slapen", 0.9)
    assert sum("113" in t for t in night) == 1  # the goodnight names 113 once, no reminder beside it


def test_after_violence_blaming_oneself_and_being_alone_with_it_are_heard(talk, domain_dict):
    # round 18: "ik ben te veel, dat zegt hij ook altijd" and "niemand weet hiervan, ook mijn
    # zus niet" got Veilig Thuis facts and "dat weet ik niet precies"
    talk.say("crisis_violence", "als hij boos wordt duwt hij me", 1.0)
    talk.say("affirm", "ja nu wel")
    said = talk.say("ask_helpline", "misschien ligt het ook gewoon aan mij. ben ik te veel?", 0.6)
    assert said[0] in texts_of(domain_dict, "utter_violence_minimised")
    said = talk.say("ask_helpline", "ik wil gewoon even praten. niemand weet hiervan, ook mijn zus niet", 0.7)
    assert said[0] in texts_of(domain_dict, "utter_violence_listen")


def test_after_dark_thoughts_going_to_the_huisarts_is_encouraged_not_answered_with_113(talk, domain_dict):
    talk.say("feeling_low", "ik voel me al maanden leeg")
    talk.say("deny", "nee dat niet, ik ben gewoon leeg")
    said = talk.say("ask_helpline", "moet ik naar de huisarts, of is dat overdreven?", 0.6)
    assert said[0] in texts_of(domain_dict, "utter_huisarts_after_low")


def test_lonely_beside_a_partner_is_heard_first_and_low_mood_again_gets_the_direct_question(talk, domain_dict):
    # round 19: "ik voel me zo alleen, terwijl mijn vriend gewoon thuis is" (feeling_low 0.69)
    # got "denk je weleens aan de dood?" as the first reply
    text = "ik voel me zo alleen de laatste tijd, terwijl mijn vriend gewoon thuis is"
    said = talk.say("feeling_low", text, 0.69, persoon="vriend")
    assert said[0] not in texts_of(domain_dict, "utter_low_mood_check")
    assert said[0] in texts_of(domain_dict, "utter_heard_feelings")
    said = talk.say("feeling_low", "ik heb nergens meer zin in, alles is grijs", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_low_mood_check")


def test_a_relationship_that_feels_dead_is_no_thought_of_death(talk, domain_dict):
    # round 20: "mijn relatie voelt al een tijd dood, en werk ook" got the direct death question
    # first (there through low mood; here the other way in: death heard second by the NLU)
    ranking = [("crisis_suicidal", 0.42), ("emotional_distance", 0.3)]
    said = talk.say("emotional_distance", "Mijn relatie voelt al een tijd dood, en werk eigenlijk ook", 0.3, ranking)
    assert said[0] not in texts_of(domain_dict, "utter_low_mood_check")
    assert talk.state.risk == "none"


def test_after_violence_whether_he_can_see_this_chat_is_answered_first(talk, domain_dict):
    # round 22: asked three times ("moet ik deze chat wissen?", "kan hij zien dat ik hier
    # gepraat heb?"), answered only at her goodbye
    talk.say("crisis_violence", "hij heeft me een duw gegeven, ik viel tegen het aanrecht")
    talk.say("affirm", "ja hij is op zijn werk")
    ranking = [("nlu_fallback", 0.29), ("forget_me", 0.29), ("ask_should_leave", 0.23), ("ask_privacy", 0.21)]
    said = talk.say("nlu_fallback", "moet ik deze chat eigenlijk verwijderen straks?", 0.29, ranking)
    assert said[0] in texts_of(domain_dict, "utter_privacy")
    assert any(s in texts_of(domain_dict, "utter_privacy_phone") for s in said)


def test_after_violence_confiding_in_a_sister_is_supported(talk, domain_dict):
    talk.say("crisis_violence", "hij heeft me een duw gegeven, ik viel tegen het aanrecht")
    talk.say("affirm", "ja hij is op zijn werk")
    ranking = [("ask_plan", 0.51), ("out_of_scope", 0.09)]
    said = talk.say("ask_plan", "misschien vertel ik het aan mijn zus. zou dat een goed idee zijn?", 0.51, ranking)
    assert said[0] in texts_of(domain_dict, "utter_violence_tell_trusted")


def test_playing_the_death_question_down_is_a_no_not_the_question_again_or_a_yes(talk, domain_dict):
    # round 22: "ho ho, zo dramatisch is het niet, ik zei alleen dat ik nergens zin in heb" got
    # the same question word for word
    talk.say("emotional_distance", "we praten alleen nog over praktische zaken, wie de boodschappen haalt", 0.9)
    talk.say("feeling_low", "eerlijk gezegd heb ik nergens zin meer in, de laatste tijd", 0.9)  # as the NLU hears it
    asked = talk.replies[-1].messages[-1].text
    assert talk.state.asked is not None and talk.state.asked.kind == "suicidal_thoughts"
    text = "Ho, ho. Zo dramatisch is het nou ook weer niet. Ik zei alleen dat ik nergens zo'n zin in heb."
    said = talk.say("feeling_low", text, 0.51, [("feeling_low", 0.51), ("minimise_violence", 0.15)])
    assert asked not in said and said[0] in texts_of(domain_dict, "utter_suicidal_no_misread")
    assert "suicidal" not in talk.state.told


def test_after_violence_own_side_words_are_self_blame_answered_never_the_own_side_topic(talk, coach, domain_dict):  # noqa: F811
    talk.say("crisis_violence", "hij heeft me tegen de kast geduwd")
    talk.say("affirm", "ja hij is op zn werk")
    said = talk.say(
        "self_unavailable",
        "ik weet niet of het aan mij ligt. en ik zie mijn zus steeds minder",
        0.55,
        [("self_unavailable", 0.55), ("crisis_suicidal", 0.1)],
    )
    assert said[0] in texts_of(domain_dict, "utter_violence_minimised")
    own_side = coach.knowledge.topics["self_unavailable"]
    assert talk.state.topic != own_side.id and "/exercise_pattern" not in talk.buttons


def test_after_violence_privacy_is_answered_for_a_privacy_question_only_and_never_twice_whole(talk, domain_dict):
    talk.say("crisis_violence", "hij duwde me")
    talk.say("affirm", "ja nu wel")
    said = talk.say(
        "ask_privacy", "kan hij dit gesprek zien?", 0.19, [("ask_privacy", 0.19), ("self_unavailable", 0.11)]
    )
    assert said[0] in texts_of(domain_dict, "utter_privacy")
    # a question whose first guess is something else, privacy a weak third: not the privacy text
    said = talk.say(
        "nlu_fallback",
        "ik voel me schuldig dat ik dit typ. denk jij dat ik overdrijf?",
        0.32,
        [("nlu_fallback", 0.32), ("minimise_violence", 0.32), ("ask_privacy", 0.08)],
    )
    assert not any(s in texts_of(domain_dict, "utter_privacy") for s in said)
    said = talk.say("ask_privacy", "en ziet iemand dit?", 0.8, [("ask_privacy", 0.8)])
    assert said[0] in texts_of(domain_dict, "utter_privacy_again")


def test_a_helpline_turned_down_after_violence_is_heard_and_not_urged_again(talk, domain_dict):
    talk.say("crisis_violence", "hij duwde me")
    talk.say("affirm", "ja nu wel")
    said = talk.say("ask_helpline", "ik ga echt niet veilig thuis bellen hoor", 0.98, [("ask_helpline", 0.98)])
    assert "jij beslist" in said[0] and "helpline" in talk.state.refused
    assert not any("0800-2000" in s for s in said)
    said = talk.say("nlu_fallback", "maar helpt het als ik beter uitleg waar ik ben?", 0.15, [("nlu_fallback", 0.15)])
    assert not any("0800-2000" in s or s in texts_of(domain_dict, "utter_helpline_veilig_thuis") for s in said)
    # a danger now still gets 112 at once
    said = talk.say("crisis_violence", "hij staat voor de deur en slaat op de deur", 1.0, [("crisis_violence", 1.0)])
    assert any("112" in s for s in said)


def test_a_question_about_the_offered_safety_plan_gets_the_plan(talk, domain_dict):
    talk.say("crisis_violence", "hij gooide een glas naar me")
    talk.say("affirm", "ja nu wel, hij is weg")
    assert talk.state.asked.kind == "safety_plan"
    said = talk.say(
        "nlu_fallback", "wat moet er dan in zo'n plan?", 0.2, [("nlu_fallback", 0.2), ("ask_what_to_do", 0.1)]
    )
    assert said[0] in texts_of(domain_dict, "utter_safety_plan")


def test_a_no_taken_back_later_gets_the_care_of_a_yes(talk, domain_dict):
    talk.say("crisis_suicidal", "soms denk ik dat niemand het zou merken als ik er niet meer was")
    talk.say("deny", "nee nee, gewoon moe")
    assert talk.state.risk == "low"
    talk.say("nlu_fallback", "slapen gaat wel", 0.2, [("nlu_fallback", 0.2)])
    said = talk.say(
        "nlu_fallback",
        "ik zei gewoon moe maar soms denk ik er wel aan hoor. heb geen plan of zo",
        0.15,
        [("nlu_fallback", 0.15), ("crisis_suicidal", 0.63)],
    )
    assert said[0] in texts_of(domain_dict, "utter_suicidal_yes")
    assert talk.state.risk == "suicidal" and talk.state.asked.kind == "someone_near"


def test_leaving_right_after_the_death_question_gets_the_night_s_helpline(talk, domain_dict):
    talk.say("feeling_low", "ik zie het soms allemaal niet meer zitten", 0.6, [("feeling_low", 0.6)])
    assert talk.state.asked.kind == "suicidal_thoughts"
    said = talk.say("goodbye", "nee joh gewoon moe. laat maar", 0.6, [("goodbye", 0.6)])
    assert said[0] in texts_of(domain_dict, "utter_close_after_suicidal")
    assert any("113" in s for s in said)


def test_after_113_and_someone_near_their_question_about_the_relationship_is_followed(talk, domain_dict):
    talk.say("crisis_suicidal", "soms denk ik dat niemand het zou merken als ik er niet meer was")
    talk.say("affirm", "ja soms, geen plan")
    talk.say("deny", "nee ik ben alleen thuis")
    said = talk.say(
        "self_unavailable",
        "ok. maar hoe kan ik nou beter met sandra praten?",
        0.3,
        [("self_unavailable", 0.3), ("nlu_fallback", 0.2)],
    )
    assert said[0] in texts_of(domain_dict, "utter_risk_kept_go_on")
    assert not any(s in texts_of(domain_dict, "utter_suicidal_stay") for s in said)


def test_a_correction_with_laat_maar_after_the_death_question_is_a_no_not_a_goodbye(talk, domain_dict):
    talk.say("crisis_suicidal", "soms ben ik liever gewoon weg, voorgoed")
    said = talk.say(
        "goodbye",
        "nee nee zo bedoel ik het niet. gewoon weg, ergens anders. laat maar",
        1.0,
        [("goodbye", 1.0), ("correct_bot", 0.9)],
    )
    assert said[0] in texts_of(domain_dict, "utter_suicidal_no_misread")
    assert not any(s in texts_of(domain_dict, "utter_close_after_suicidal") for s in said)


def test_after_dark_thoughts_what_to_say_to_ones_wife_is_how_to_tell_her(talk, domain_dict):
    talk.say("crisis_suicidal", "ik denk dat niemand het zou merken als ik er niet meer was")
    talk.say("affirm", "ja soms")
    said = talk.say(
        "ask_what_to_say",
        "ik ga niet bellen. wat moet ik tegen mijn vrouw zeggen?",
        0.27,
        [("ask_what_to_say", 0.27), ("ask_helpline", 0.14)],
        persoon="vrouw",
    )
    assert said[0] in texts_of(domain_dict, "utter_tell_someone_how")


def test_violence_told_as_childhood_history_turns_later_is_no_present_crisis(talk, domain_dict):
    talk.say("childhood_patterns", "ik denk dat mijn jeugd meespeelt", 0.9)
    said = talk.say(
        "crisis_violence",
        "ik vertelde net dat ik opgesloten werd. is dat eigenlijk mishandeling geweest?",
        1.0,
        [("crisis_violence", 1.0), ("ask_definition", 0.2)],
    )
    assert not talk.state.violence and not any("0800-2000" in s or "112" in s for s in said)
    # violence now is still violence now
    said = talk.say("crisis_violence", "en gisteren sloeg mijn vrouw me", 1.0, [("crisis_violence", 1.0)])
    assert talk.state.violence and any("112" in s for s in said)


def test_within_the_childhood_topic_a_partner_who_hit_is_violence_now(talk, domain_dict):
    talk.say("childhood_patterns", "ik denk dat mijn jeugd meespeelt", 0.9)
    said = talk.say("crisis_violence", "mijn man sloeg me ook", 1.0, [("crisis_violence", 1.0)])
    assert talk.state.violence and any("112" in s for s in said)


def test_someone_else_s_crisis_answers_what_is_asked_never_one_block_again(talk, domain_dict):
    talk.say("crisis_other", "mijn dochter appte net dat ze dood wil", 1.0, [("crisis_other", 1.0)])
    said = talk.say("ask_what_to_say", "wat zeg ik tegen haar?", 0.6)
    assert said[0] in texts_of(domain_dict, "utter_someone_else_say")
    said = talk.say("ask_now", "moet ik nu naar haar toe?", 0.6)
    assert said[0] in texts_of(domain_dict, "utter_someone_else_go")
    answers = [talk.say("nlu_fallback", f"ik weet het niet {i}", 0.1)[0] for i in range(4)]
    assert len(set(answers)) >= 3  # not the same block over and over
    said = talk.say("goodbye", "ik ga nu naar haar toe", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_someone_else_goodbye")


def test_a_safe_now_answered_in_words_is_safe_whatever_no_it_starts_with(talk, domain_dict):
    talk.say("crisis_violence", "mijn vader sloeg me als ik huilde")
    said = talk.say("deny", "haha nee, geen zorgen, dat is dertig jaar geleden. ik ben volkomen veilig", 0.6)
    assert not any(s in texts_of(domain_dict, "utter_violence_danger_now") for s in said)


def test_someone_else_s_danger_question_gets_what_to_do_now(talk, domain_dict):
    talk.say("crisis_other", "mijn vriend zegt dat hij alles geregeld heeft", 1.0, [("crisis_other", 1.0)])
    said = talk.say("nlu_fallback", "is dit direct gevaar? ja of nee", 0.1)
    assert said[0] in texts_of(domain_dict, "utter_someone_else_go") and "112" in said[0]


DARK = [("feeling_low", 0.6), ("crisis_suicidal", 0.2)]  # low mood with a faint thought of the end


def test_a_bad_mood_in_the_middle_of_a_topic_is_heard_first_unless_it_is_clear_or_darker(talk, domain_dict):
    """Trial 9: "hoe stop ik met checken? ... ik slaap echt kut de laatste tijd", while she waited
    for his app, got the question about death at once (feeling_low 0.38), and her "eh wtf
    nee??" was then read as a yes. Told once and not clearly, a bad mood is heard and asked about;
    clearly low, or with a thought of the end among the guesses, the direct question comes."""
    talk.say("fear_of_abandonment", "ik wacht al 2 dagen op een appje", 0.9)
    said = talk.say("feeling_low", "ik word gek van dat checken. ik slaap echt kut de laatste tijd", 0.55)
    assert not any(t in texts_of(domain_dict, "utter_low_mood_check") for t in said), said
    assert said[0] in texts_of(domain_dict, "utter_heard_feelings")
    clear = Session(talk.coach)
    clear.say("fear_of_abandonment", "ik wacht al 2 dagen op een appje", 0.9)
    assert clear.say("feeling_low", "alles voelt grijs", 0.9)[0] in texts_of(domain_dict, "utter_low_mood_check")
    dark = Session(talk.coach)
    dark.say("fear_of_abandonment", "ik wacht al 2 dagen op een appje", 0.9)
    assert dark.say(
        "feeling_low", "wat heeft het nog voor zin", 0.55, [("feeling_low", 0.55), ("crisis_suicidal", 0.2)]
    )[0] in texts_of(domain_dict, "utter_low_mood_check")


def test_someone_asked_because_of_low_mood_who_says_what_they_meant_is_believed_after_one_check(talk, domain_dict):
    # round 30: "is dit het nu, tot het einde?" got the question about death; "Nee hoor, zo
    # bedoelde ik het niet. Ik bedoelde: moeten wij zo naast elkaar leven?" got how she sleeps,
    # then the huisarts and 113, and 113 again at "dag hoor"
    talk.say("emotional_distance", "we praten alleen nog over de boodschappen", 0.9)
    talk.say("feeling_low", "soms lig ik wakker en denk ik: is dit het nu, tot het einde?", 0.6, DARK)
    assert talk.state.asked is not None and talk.state.asked.kind == "suicidal_thoughts"
    ranking = [("correct_bot", 0.5), ("ask_can_change", 0.3)]
    text = "Nee hoor, in godsnaam, zo bedoelde ik het niet. Ik bedoelde: moeten wij de rest van ons leven zo leven?"
    said = talk.say("correct_bot", text, 0.5, ranking)
    assert said[0] in texts_of(domain_dict, "utter_low_mood_no_misread") and len(said) > 1
    assert talk.state.risk == "none" and not (talk.state.asked and talk.state.asked.kind == "how_long")
    assert not any("113" in t for t in said)
    assert not any("113" in t for t in talk.say("goodbye", "Dag hoor", 0.95))


def test_a_no_that_says_it_goes_fine_and_leaves_is_let_go_without_more_questions(talk, domain_dict):
    # trial 12: the question came for a goodbye; "Nee hoor, echt niet! Ik bedoelde dat ik stop
    # met chatten. Met mij gaat het prima" got "hoe gaat het en hoe slaap je?" anyway
    talk.say("partner_wont_talk", "hij zegt na een ruzie dagen niks", 0.9)
    talk.say(
        "crisis_suicidal", "ik weet het niet zo goed, ik stop", 0.45, [("crisis_suicidal", 0.45), ("goodbye", 0.3)]
    )
    assert talk.state.asked is not None and talk.state.asked.kind == "suicidal_thoughts"
    text = "Wat?? Nee hoor, echt niet! Ik bedoelde dat ik stop met chatten. Met mij gaat het prima"
    said = talk.say("correct_bot", text, 0.5, [("correct_bot", 0.5), ("goodbye", 0.3)])
    assert said[0] in texts_of(domain_dict, "utter_low_mood_no_leaving")
    assert talk.state.stage == "closing" and talk.state.risk == "none" and talk.state.asked is None
    assert not any("slaap" in t for t in said)


def test_how_it_goes_answered_with_fine_is_believed_without_113(talk, domain_dict):
    talk.say("feeling_low", "alles voelt grijs", 0.8)
    talk.say("deny", "nee", 0.95)  # a bare no: how it goes is still asked, gently
    assert talk.state.asked is not None and talk.state.asked.kind == "how_long"
    said = talk.say("nlu_fallback", "Het gaat best met mij. Ik ben niet depressief, het gaat om hem en mij.", 0.2)
    assert said[0] in texts_of(domain_dict, "utter_low_fine") and talk.state.risk == "none"
    assert not any("113" in t for t in said + talk.say("goodbye", "dag", 0.95))
    # tired and empty is no "fine": the care stays
    other = Session(talk.coach)
    other.say("feeling_low", "alles voelt grijs", 0.8)
    other.say("deny", "nee", 0.95)
    said = other.say("feeling_low", "het gaat best, ik ben alleen zo moe en leeg", 0.5)
    assert said[0] not in texts_of(domain_dict, "utter_low_fine") and other.state.risk == "low"


def test_a_question_about_the_partner_after_a_low_mood_check_is_about_the_partner(talk, domain_dict):
    # phone trial 4: believed after "nee, zo bedoelde ik het niet ... ik ben er gewoon moe van",
    # then "is het normaal dat een man zo wordt na een baby?" got 113 twice
    talk.say("feeling_low", "ik weet niet of ik dit nog wil, ik kan zo niet verder", 0.6)
    talk.say(
        "correct_bot", "nee nee sorry zo bedoelde ik het niet. ik bedoel mn huwelijk. ik ben er gewoon moe van", 0.5
    )
    talk.say("nlu_fallback", "slapen gaat slecht, ik werk nachten", 0.2)
    for text in ("is het normaal dat een man zo wordt na een baby?", "is het normaal dat vaders afstandelijk worden?"):
        said = talk.say("ask_is_normal", text, 0.8)
        assert not any("113" in s for s in said), said
        assert not any(s in texts_of(domain_dict, "utter_suicidal_stay") for s in said)
        assert not any(s in texts_of(domain_dict, "utter_suicidal_not_exaggerating") for s in said)


def test_after_violence_how_to_tell_her_mother_is_about_telling_her_mother(talk, domain_dict):
    # round 31: "mijn moeder merkt dat er iets is ... ik wil het haar vertellen maar ik weet niet
    # hoe. wat zeg ik dan?" got "geen tips om je vriend aan te spreken", and then "no article"
    talk.say("crisis_violence", "vorige maand duwde hij me zo hard dat ik viel", 0.9)
    talk.say("affirm", "ja nu ben ik veilig, hij is op zn werk", 0.8)
    text = (
        "mijn moeder merkt dat er iets is. ik wil het haar eigenlijk vertellen maar ik weet niet hoe. wat zeg ik dan?"
    )
    said = talk.say("ask_what_to_say", text, 0.6)
    assert said[0] in texts_of(domain_dict, "utter_violence_tell_trusted"), said
    assert "zus" not in said[0]


def test_someone_worried_about_violence_at_anothers_home_gets_the_bystanders_answers(talk, domain_dict):
    # round 31: a brother whose sister is hit got 113, then "ben je nu veilig?" and "geen tips om
    # je partner aan te spreken"; wanting to confront the man got "dat weet ik niet"
    ranking = [("crisis_other", 0.9), ("crisis_violence", 0.12)]
    said = talk.say("crisis_other", "mijn zus wordt door haar man geslagen, ik maak me zorgen", 0.9, ranking)
    assert said[0] in texts_of(domain_dict, "utter_crisis_other_violence") and "113" not in said[0]
    said = talk.say("crisis_violence", "het gaat om huiselijk geweld. mijn zwager slaat mijn zus", 0.95)
    assert said[0] in texts_of(domain_dict, "utter_crisis_other_violence_again")
    assert talk.state.risk == "other" and "violence" not in talk.state.told
    said = talk.say("ask_what_to_say", "wat zeg ik zaterdag tegen haar?", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_bystander_say")
    said = talk.say("ask_plan", "moet ik hem zelf eens flink de waarheid zeggen?", 0.6)
    assert said[0] in texts_of(domain_dict, "utter_bystander_do") and "niet zelf aan" in said[0]
    said = talk.say("goodbye", "dank u, ik bel morgen", 0.95)
    assert said[0] in texts_of(domain_dict, "utter_bystander_goodbye") and "113" not in said[0]
    # the crisis net hears violence in the words when the NLU hears only someone else's crisis
    plain = Session(talk.coach)
    said = plain.say("crisis_other", "mijn zus wordt door haar man geslagen en ik maak me zorgen om haar", 1.0)
    assert said[0] in texts_of(domain_dict, "utter_crisis_other_violence")
    # a suicide risk of someone else keeps its own answers
    other = Session(talk.coach)
    said = other.say("crisis_other", "mijn vriend zegt dat hij er een eind aan wil maken", 0.95)
    assert said[0] in texts_of(domain_dict, "utter_crisis_other")


def test_shame_after_dark_thoughts_is_heard_not_answered_with_an_exercise(talk, domain_dict):
    # round 31: "nee ik ga niemand bellen. ik schaam me kapot" got "Goed, dan gaan we daarmee
    # verder" and a writing exercise
    talk.say("crisis_suicidal", "soms denk ik dat het voor iedereen makkelijker is als ik er niet meer ben", 0.95)
    talk.say("affirm", "ja soms wel. s avonds vooral. maar ik heb geen plan", 0.6)
    assert talk.state.asked is not None and talk.state.asked.kind == "someone_near"
    text = "nee ik ga niemand bellen. ik schaam me kapot. een vent van 49 die gaat zitten janken"
    said = talk.say("ask_helpline", text, 0.37, [("ask_helpline", 0.37), ("self_unavailable", 0.1)])
    assert said[0] in texts_of(domain_dict, "utter_suicidal_shame") and len(said) == 1
    assert talk.state.risk == "suicidal"


def test_an_exs_violence_of_years_ago_is_history_once_she_says_she_is_safe(talk, domain_dict):
    # round 32: a woman with a kind new partner, hit by her ex-husband 7 years ago and safe now,
    # got Veilig Thuis four times, a safety plan and "geen tips om je ex aan te spreken"
    talk.say("self_unavailable", "ik sluit me af als mijn lieve vriend dichtbij komt", 0.9)
    text = "ik denk dat het met mijn vorige huwelijk te maken heeft. mijn ex-man sloeg me, dat is nu 7 jaar geleden"
    talk.say("crisis_violence", text, 0.95)
    assert talk.state.asked is not None and talk.state.asked.kind == "safe_now"
    said = talk.say("affirm", "ja ik ben veilig, ik heb geen contact meer met hem", 0.8)
    assert said[0] in texts_of(domain_dict, "utter_violence_past_safe") and len(said) > 1
    assert talk.state.risk == "none" and not talk.state.violence
    later = talk.say("ask_what_to_say", "wat kan ik tegen mijn vriend zeggen als ik me afsluit?", 0.9)
    assert not any("0800-2000" in t for t in later)
    # violence now by the partner stays violence
    now = Session(talk.coach)
    now.say("crisis_violence", "mijn man sloeg me gisteren", 0.95)
    now.say("affirm", "ja nu wel, hij is weg", 0.8)
    assert now.state.violence and now.state.risk == "violence"


def test_the_other_not_at_risk_after_all_lets_the_helplines_rest(talk, domain_dict):
    # round 32: his wife said "ik zie het niet meer zitten met jou"; he asked her and she meant
    # the marriage, and two turns later he got the script for asking about suicide again
    talk.say("crisis_other", "mijn vrouw zei 'ik zie het soms niet meer zitten met jou'. bedoelt ze zelfmoord?", 0.9)
    assert talk.state.risk == "other"
    text = "ik heb het haar gevraagd. ze bedoelde ons. het huwelijk. nu weet ik dat ze twijfelt over ons"
    said = talk.say("nlu_fallback", text, 0.2, [("nlu_fallback", 0.2), ("fear_of_abandonment", 0.18)])
    assert said[0] in texts_of(domain_dict, "utter_other_safe") and talk.state.risk == "none"
    later = talk.say("ask_what_to_say", "moet ik vanavond beginnen over wat ze zei?", 0.8)
    assert not any("113" in t for t in later)
    assert not any(t in texts_of(domain_dict, "utter_someone_else_say") for t in later)


def test_someone_else_s_danger_the_net_did_not_confirm_is_asked_about_once(talk, domain_dict):
    # the letters' crisis sets: "mijn beste vriend zei gisteren dat iedereen beter af is zonder
    # hem. wat doe ik nu" was heard as someone else's crisis at 0.74 and then as nothing at all
    ranking = [("out_of_scope", 0.4), ("crisis_other", 0.35), ("ask_how_to_deal", 0.1)]
    said = talk.say("out_of_scope", "mijn broer zegt steeds dat hij er een punt achter zet, wat doe ik", 0.4, ranking)
    assert said == [talk.coach.responses["utter_other_check"][0]["text"]]
    said = talk.say("affirm", "ja")
    assert said[0] in texts_of(domain_dict, "utter_crisis_other") and talk.state.risk == "other"


def test_someone_else_being_hurt_heard_beside_the_check_gets_the_violence_answers(talk, domain_dict):
    ranking = [("out_of_scope", 0.4), ("crisis_other", 0.33), ("crisis_violence", 0.2)]
    talk.say("out_of_scope", "de vriend van mijn zus bepaalt alles en ze had laatst een dikke lip", 0.4, ranking)
    said = talk.say("affirm", "ja eigenlijk wel")
    expected = talk.coach.conv.someone_else["violence"]["first"]
    assert said[0] in texts_of(domain_dict, expected)


def test_a_no_to_the_check_about_someone_else_goes_on_and_is_not_asked_again(talk, domain_dict):
    ranking = [("partner_unavailable", 0.45), ("crisis_other", 0.31)]
    talk.say("partner_unavailable", "mijn vriend sluit zich af sinds zijn vader stierf", 0.45, ranking)
    said = talk.say("deny", "nee hoor, het gaat gewoon om ons")
    assert said[0] in texts_of(domain_dict, "utter_other_check_no")
    assert talk.state.topic == "partner_unavailable" and talk.state.risk == "none"
    again = talk.say("partner_unavailable", "hij sluit zich af", 0.45, ranking)
    assert talk.coach.responses["utter_other_check"][0]["text"] not in again


def test_while_someone_else_is_in_danger_an_unsure_message_stays_with_them(talk, domain_dict):
    # round 34: "dat ik te laat ben ... wat als" while the police drove to her friend got a
    # choice between two relationship topics, then the fear-of-abandonment block
    talk.say(
        "crisis_other", "mijn vriendin stuurde een afscheidsbericht en neemt niet op", 1.0, [("crisis_other", 1.0)]
    )
    for text, intent, p in [
        ("dat ik te laat ben, dat ik het pas na een uur zag. wat als", "self_unavailable", 0.31),
        ("nee het gaat om mijn vriendin. ik ben bang dat ze dood is", "fear_of_abandonment", 0.32),
    ]:
        said = talk.say(intent, text, p, [(intent, p), ("fear_of_abandonment", 0.2), ("crisis_other", 0.18)])
        assert talk.state.asked is None or talk.state.asked.kind != "check_topic", said
        assert talk.state.topic is None and talk.state.risk == "other", said


def test_a_danger_told_long_over_is_not_a_crisis_when_the_same_history_comes_back(talk, domain_dict):
    # round 34: well for fourteen years, asking how to tell her boyfriend; the second mention
    # ("op mijn 20e") got 113 and "denk je erover om een eind aan je leven te maken?"
    talk.say(
        "self_unavailable",
        "toen ik 20 was heb ik een zelfmoordpoging gedaan. dat is 14 jaar geleden en het gaat al lang goed met me. hoe vertel ik het mijn vriend",
        0.3,
    )
    said = talk.say(
        "crisis_suicidal",
        "hoe vertel ik daan dat ik op mijn 20e een zelfmoordpoging heb gedaan?",
        1.0,
        [("crisis_suicidal", 1.0), ("ask_what_to_say", 0.3)],
    )
    assert talk.state.risk == "none" and not any("113" in s for s in said), said
    # the same history with something now is still a crisis
    said = talk.say("crisis_suicidal", "en nu denk ik er weer aan", 1.0, [("crisis_suicidal", 1.0)])
    assert talk.state.risk == "suicidal"


def test_someone_worried_about_another_who_asks_what_to_tell_112_gets_what_the_call_is_like(talk, domain_dict):
    # round 34: "wat zeg ik tegen 112??" asked three times, answered with what to say to her
    talk.say(
        "crisis_other", "mijn vriendin stuurde een afscheidsbericht en neemt niet op", 1.0, [("crisis_other", 1.0)]
    )
    said = talk.say("ask_what_to_say", "ja maar wat zeg ik dan tegen 112?", 0.42, [("ask_what_to_say", 0.42)])
    assert said[0] in texts_of(domain_dict, "utter_someone_else_112")
    said = talk.say("crisis_other", "ik bel nu de meldkamer, wat moet ik zeggen?", 1.0, [("crisis_other", 1.0)])
    assert not any(s in texts_of(domain_dict, "utter_someone_else_112") for s in said)  # never twice


def test_control_without_hitting_is_named_after_a_no_and_never_called_normal(talk, domain_dict):
    """Trial 11: she told he checks her phone and is angry when she sees friends, said no to
    the question about hitting ("dank je, dan had ik dat verkeerd"), and later "is het normaal
    dat hij in mijn telefoon kijkt?" got "ja, dat is heel begrijpelijk". A no to hitting is
    believed and the control she told is named once, calmly, with Veilig Thuis; asked whether
    it is normal, it is not normalised; no crisis follows from it."""
    story = "hij checkt mijn telefoon als ik slaap en is boos als ik met vriendinnen uit eten ga"
    ranking = [("partner_unavailable", 0.3), ("crisis_violence", 0.35)]
    said = talk.say("partner_unavailable", story, 0.3, ranking)
    assert said[-1] == talk.coach.responses["utter_violence_check"][0]["text"]
    said = talk.say("deny", "nee nee, hij slaat me echt niet hoor")
    assert said[0] in texts_of(domain_dict, "utter_control_named") and "0800-2000" in said[0]
    assert not talk.state.violence and talk.state.risk == "none"
    normal = talk.say("ask_is_normal", "maar is het niet gewoon normaal dat hij in mijn telefoon kijkt?", 0.8)
    assert normal[0] in texts_of(domain_dict, "utter_control_normal"), normal
    again = talk.say("ask_is_normal", "is het echt niet normaal dan?", 0.8)
    assert again[0] in texts_of(domain_dict, "utter_control_again"), again


def test_once_control_was_told_a_question_if_it_is_normal_or_a_plan_to_give_in_get_a_plain_answer(talk, domain_dict):
    """Trial 13: a nurse whose boyfriend checks her phone and sulks when she sees friends asked
    "is het normaal dat je vriend je telefoon checkt?" (generic "je", no control words of the
    list) and got "ja, dat is heel begrijpelijk"; "moet ik mijn locatie delen? hij zegt: als je
    echt van me houdt" got "dan zou ik het doen"; her first reply said "fijn dat er niet
    geslagen wordt" though no one had asked; "bang me kwijt te raken" got the huisarts."""
    first = "mijn vriend kijkt vaak in mijn telefoon en is chagrijnig als ik met vriendinnen afspreek. is dat normaal?"
    said = talk.say("ask_is_normal", first, 0.4, [("ask_is_normal", 0.4), ("fear_of_abandonment", 0.2)])
    assert said[0] in texts_of(domain_dict, "utter_control_named_asked") and "geslagen" not in said[0]
    fear = "ik snap wel dat hij bang is me kwijt te raken. hoe laat ik zien dat dat niet hoeft?"
    said = talk.say("fear_of_abandonment", fear, 0.3, [("fear_of_abandonment", 0.3)])
    assert not any("huisarts" in t for t in said), said
    plan = "hij wil dat ik mijn locatie deel, als ik echt van hem hou. moet ik het gewoon doen?"
    said = talk.say("self_unavailable", plan, 0.17, [("self_unavailable", 0.17), ("ask_plan", 0.16)])
    assert said[0] in texts_of(domain_dict, "utter_control_plan"), said
    normal = "zeg eerlijk: is het normaal dat je vriend je telefoon checkt als je met vriendinnen weggaat?"
    said = talk.say("nlu_fallback", normal, 0.15, [("nlu_fallback", 0.15), ("fear_of_abandonment", 0.09)])
    assert said[0] in texts_of(domain_dict, "utter_control_normal"), said
    assert talk.state.risk == "none" and not talk.state.violence


def test_a_wish_to_stop_with_a_thought_of_death_beside_it_gets_the_calm_question(talk, domain_dict):
    """'ik kan niet meer. ik stop ermee.' is stop 0.74 and crisis_suicidal 0.21 to the NLU, and
    no pattern: "there is nothing to stop" would leave it unasked. A plain "stop" is not asked."""
    ranking = [("stop", 0.74), ("crisis_suicidal", 0.21), ("feeling_low", 0.01)]
    said = talk.say("stop", "ik kan niet meer. ik stop ermee.", 0.74, ranking)
    assert said[0] in texts_of(domain_dict, "utter_low_mood_check"), said
    other = Session(talk.coach)
    assert other.say("stop", "stop", 0.95)[0] in texts_of(domain_dict, "utter_nothing_to_stop")


def test_a_hesitation_to_the_question_about_death_is_given_room_not_taken_as_a_yes(talk, domain_dict):
    # trial 15: "tja. dat is nogal een vraag" (affirm 0.22) was taken as a yes and 113 was urged
    # twice; "ho even, ik heb nog niks gezegd". Room, and the question once more; then the
    # answer counts as it is
    talk.say("feeling_low", "ik slaap slecht en voel me nutteloos sinds de boerderij weg is", 0.6)
    assert talk.state.asked is not None and talk.state.asked.kind == "suicidal_thoughts"
    said = talk.say("affirm", "tja. dat is nogal een vraag", 0.22, [("affirm", 0.22), ("correct_bot", 0.16)])
    assert said[0] in texts_of(domain_dict, "utter_suicidal_take_time") and not any("113" in t for t in said)
    assert talk.state.asked.kind == "suicidal_thoughts" and talk.state.risk == "none"
    said = talk.say(
        "affirm", "soms denk ik wel eens dat het niet meer hoeft", 0.4, [("affirm", 0.4), ("crisis_suicidal", 0.3)]
    )
    assert "113" in " ".join(said) and "suicidal" in talk.state.told


@pytest.mark.parametrize(
    "intent, text",
    [
        ("ask_shorter", "mis niks. wat is dat veiligheidsplan eigenlijk? kort pls"),
        ("nlu_fallback", "veiligheidsplan. wat staat daarin"),
    ],
)
def test_the_safety_plan_the_bot_offered_is_given_when_asked_for_by_name(talk, domain_dict, intent, text):
    # phone trial 9: after the offer, "wat is dat veiligheidsplan eigenlijk? kort pls" (read as
    # asking for shorter answers) and "veiligheidsplan. wat staat daarin" (nlu_fallback) got
    # "waar gaat het voor jou om, in één zin?" and "ik lees met je mee"
    talk.say("crisis_violence", "hij heeft mijn telefoon tegen de muur gegooid", 1.0)
    talk.say("affirm", "/affirm", 1.0)
    talk.say("ask_counts_as_violence", "telt dit wel als geweld", 0.88)
    said = talk.say(intent, text, 0.5, [(intent, 0.5), ("ask_helpline", 0.04)])
    assert any(t in texts_of(domain_dict, "utter_safety_plan") for t in said), said


def test_after_violence_a_short_message_read_as_violence_now_gets_112_and_the_way_out(talk, domain_dict):
    # phone trial 10: "hij staat voor de deur" (crisis_violence 0.73, not confirmed by the net)
    # got "wil je iets weten over wat je kunt doen, of vooral vertellen hoe het nu met je is?"
    talk.say("crisis_violence", "mijn man pakt mijn pols hard vast als hij boos is", 1.0)
    talk.say("affirm", "/affirm", 1.0)
    talk.say("deny", "/deny", 1.0)  # no safety plan now: nothing is asked any more
    assert talk.state.asked is None
    ranking = [("nlu_fallback", 0.15), ("goodbye", 0.15), ("crisis_violence", 0.73)]
    said = talk.say("nlu_fallback", "hij staat voor de deur", 0.15, ranking)
    assert said[0] in texts_of(domain_dict, "utter_violence_danger_now"), said
    # a question about it is no emergency now
    asked = talk.say("nlu_fallback", "is het erg als hij dat doet?", 0.15, ranking)
    assert not any(t in texts_of(domain_dict, "utter_violence_danger_now") for t in asked), asked


def test_the_safety_plan_offer_is_accepted_in_words(talk, domain_dict):
    # phone trial 10: "oke. dat plan waar je het over had. wat staat daar in" (correct_bot
    # 0.15) right after the offer got the text about control
    talk.say("crisis_violence", "mijn man pakt mijn pols hard vast als hij boos is", 1.0)
    talk.say("affirm", "/affirm", 1.0)
    assert talk.state.asked and talk.state.asked.kind == "safety_plan"
    text = "oke. dat plan waar je het over had. wat staat daar in"
    said = talk.say("correct_bot", text, 0.15, [("correct_bot", 0.15), ("ask_recall", 0.12)])
    assert any(t in texts_of(domain_dict, "utter_safety_plan") for t in said), said


def test_after_violence_an_unsure_farewell_among_the_first_guesses_is_a_safe_goodbye(talk, domain_dict):
    # phone trial 11: "ze komt thuis" (ask_causes 0.24, ask_helpline 0.23, goodbye 0.19) got
    # "ik ben er nog", without the way out
    talk.say("crisis_violence", "mijn vriendin duwt me als we ruzie hebben", 1.0)
    talk.say("affirm", "/affirm", 1.0)
    talk.say("deny", "/deny", 1.0)
    ranking = [("ask_causes", 0.24), ("ask_helpline", 0.23), ("goodbye", 0.19)]
    said = talk.say("ask_causes", "ze komt thuis", 0.24, ranking)
    assert said[0] in texts_of(domain_dict, "utter_violence_goodbye"), said
