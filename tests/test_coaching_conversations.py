"""Conversations held the way real users write (lowercase, typos, two things at once),
through the REST channel with the real servers: the bot answers what was asked, takes a
correction, keeps track of who is who, asks one good question, handles exercises with a
human touch, points the way when a subject is not ours, and keeps talking about a helpline
message. The `talk` fixture checks after every test that no bot message came twice."""

from __future__ import annotations

import pytest

from tests.helpers import Conversation, buttons


@pytest.fixture
def talk(bot):
    """A new user's conversation; afterwards, no bot message may have come twice."""
    conversation = Conversation(bot.url)
    yield conversation
    assert conversation.repeated() == sorted(conversation.allowed_repeats), "the bot said the same thing twice"


def test_a_topic_told_again_goes_on_with_steps_instead_of_the_same_intro(talk):
    first = talk.say("mijn man zegt nooit wat hij voelt, als ik vraag hoe het gaat zegt hij 'goed' en klaar")
    second = talk.say("nee het gaat echt over mijn man die niet praat. wat kan ik doen")
    assert "Bron: Mijn partner wil niet over gevoelens praten" in first
    assert "Stap 1:" in second
    assert "tegen een dichte deur" not in second, "the intro came again"


def test_asking_what_to_do_in_the_first_message_gets_steps_at_once(talk):
    reply = talk.say(
        "we zijn 12 jaar samen en leven eigenlijk als huisgenoten, praten alleen nog over de kids en de "
        "boodschappen. wat kan ik doen om dat te veranderen?"
    )
    assert "Stap 1:" in reply and "Bron: Emotionele afstand" in reply


def test_tips_asked_for_again_and_again_never_repeat_and_end_honestly(talk):
    talk.say("mn vriendin is zo afstandelijk, ze is er nooit echt als ik haar nodig heb")
    replies = [talk.say("wat kan ik doen")]
    while "alle stappen" not in replies[-1] and len(replies) < 12:
        replies.append(talk.say("heb je nog meer tips?"))
    assert all("Stap 1:" in r for r in replies[:-1]), replies
    assert "alle stappen" in replies[-1], "never said the steps were all given"


def test_buttons_never_offer_what_was_just_shown(talk):
    talk.say("ik ben altijd bang dat hij me gaat verlaten, ik check zn telefoon en app 20x per dag")
    causes = talk.last("waar komt dit vandaan?")
    assert "/ask_causes" not in buttons(causes)
    talk.say("wat kan ik doen")
    while "/ask_what_to_do" in buttons(steps := talk.last("wat kan ik doen?")):
        pass
    assert "/ask_what_to_do" not in buttons(steps)


def test_a_correction_to_another_topic_is_acknowledged_and_followed(talk):
    talk.say("mijn vriend praat nooit over gevoelens")
    reply = talk.say("hij praat wel hoor, het gaat om mijn verlatingsangst. ik ben zo bang dat hij weggaat")
    assert "verkeerd begrepen" in reply or "dan kijken we naar" in reply or "dan gaat het nu over" in reply
    assert "Bron: Als liefde pijn doet: verlatingsangst en bindingsangst" in reply


def test_the_other_way_round_turns_the_dance_around(talk):
    talk.say("hoe meer ik aandring om te praten hoe meer hij zich terugtrekt")
    reply = talk.say("nee andersom, ZIJ duwt en IK trek me terug")
    assert "andersom" in reply.lower()
    assert "degene die zich terugtrekt" in reply and "Dan draai ik het om" not in reply


def test_the_other_way_round_from_fear_of_being_left_is_fear_of_commitment(talk):
    talk.say("ik ben zo bang dat mijn vriendin me verlaat")
    reply = talk.say("nee andersom eigenlijk, ik ben degene die wil wegrennen zodra het serieus wordt")
    assert "andersom" in reply.lower()
    assert "Bron: Als liefde pijn doet: verlatingsangst en bindingsangst" in reply


def test_a_plain_no_after_an_answer_asks_to_hear_more_not_the_menu(talk):
    talk.say("wij leven langs elkaar heen")
    talk.say("hoe komt dat dan?")
    reply = talk.last("nee")
    assert len(reply) == 1 and "?" in reply[0]["text"]
    assert len(buttons(reply)) < 3


def test_a_single_user_is_never_told_about_her_partner(talk):
    talk.say("ik val steeds weer op mannen die niet beschikbaar zijn, de leuke lieve jongens vind ik saai")
    noted = talk.say("bro ik zei net dat ik geen partner heb")
    assert "geen partner" in noted
    later = talk.say("vertel meer") + talk.say("wat kan ik doen")
    assert "je partner" not in later.lower()


def test_an_ex_is_called_an_ex(talk):
    reply = talk.say("mijn ex kon echt nooit over gevoelens praten, ik snap nog steeds niet waarom")
    assert "je ex" in reply and "je partner" not in reply


def test_the_bot_asks_one_open_question_and_uses_the_answer(talk):
    intro = talk.last("sinds de tweede is geboren leven we naast elkaar, het voelt zo eenzaam op de bank")
    assert intro[-1]["text"].rstrip().endswith("?"), "no open question after the explanation"
    assert sum(m["text"].count("?") for m in intro if "Bron:" in m["text"]) == 0
    answer = talk.say("dat we samen lachten om niks en uren konden kletsen")
    assert "Stap 1:" in answer or "Bron:" in answer
    assert "Wat mis je het meest" not in answer


def test_a_question_about_a_step_explains_that_step(talk):
    talk.say("mijn partner wil nooit praten over hoe hij zich voelt")
    talk.say("wat kan ik doen?")
    reply = talk.say("stap 2 snap ik niet helemaal, wat bedoel je daarmee?")
    assert reply.startswith("Stap 2 was:")


def test_reflection_answers_get_an_acknowledgement_before_the_next_question(talk):
    talk.say("ik wil de reflectie-oefening doen")
    talk.say("vasthouden")
    reply = talk.last("dat hij me verlaat, zoals mijn vader deed toen ik 8 was")
    acknowledgements = ("opschrijft", "eerlijk antwoord", "met je meegaat", "concreet")
    assert any(a in reply[0]["text"] for a in acknowledgements), reply[0]["text"]
    assert reply[-1]["text"].startswith("Vraag 2 van 6")


def test_soms_and_weet_ik_niet_are_real_answers(talk):
    talk.say("ik wil de oefening herken je de signalen doen")
    assert "half" in talk.say("soms wel soms niet")
    assert "tel" in talk.say("weet ik niet")
    for _ in range(6):
        result = talk.say("ja")
    assert "6 van de 8 signalen duidelijk en 1 soms" in result


def test_a_question_during_an_exercise_is_answered_and_not_stored(talk):
    first = talk.last("start de oefening zie het patroon")[-1]["text"]
    reply = talk.last("wat bedoel je met in gedachten ergens anders?")
    assert "geen goed of fout" in reply[0]["text"]
    assert reply[-1]["text"] == first, "the exercise question was not asked again"
    stopped = talk.say("stop")
    assert "0 van de 8" in stopped
    talk.allowed_repeats = [first]  # the question the user asked about, asked again


def test_a_farewell_at_the_end_of_a_longer_message_lets_the_user_go_even_inside_an_exercise(talk):
    talk.say("ik wil de oefening herken je de signalen doen")
    talk.say("ja")
    reply = talk.say("sorry ik zie dat het al laat is en de kinderen moeten naar bed. ik moet nu gaan. doei")
    assert "Vraag" not in reply, "the farewell was stored as an answer"
    after = talk.say("hoi")
    assert "Vraag 2" not in after, "the exercise went on after the goodbye"


def test_closing_steps_never_suggest_the_exercise_just_done(talk):
    talk.say("doe de reflectie-oefening met mij")
    talk.say("terugtrekken")
    for answer in ("dat ik gekwetst word", "ja soms", "ik neem afstand", "wisselend", "rust", "ik zelf denk ik"):
        result = talk.say(answer)
    assert "Wat je deze week kunt doen:" in result
    assert "reflectie-oefening" not in result


def test_a_suspected_affair_gets_a_pointer_not_a_wrong_topic(talk):
    reply = talk.last("ik denk dat mijn vrouw vreemdgaat, ze zit de hele avond te appen en doet raar als ik kom")
    text = "\n".join(m["text"] for m in reply)
    assert "relatietherapeut" in text and "verwijzing van de huisarts is niet nodig" in text
    assert "Het is geen breuk" not in text
    assert "/emotional_distance" in buttons(reply)


def test_money_and_the_house_after_a_break_up_go_to_the_juridisch_loket(talk):
    reply = talk.say("we gaan uit elkaar na 15 jaar, hoe zit het met de hypotheek en moeten we het huis verkopen?")
    assert "Juridisch Loket" in reply and "mediator" in reply
    assert "Bron:" not in reply


def test_laat_maar_outside_an_exercise_is_friendly(talk):
    talk.say("hoi")
    reply = talk.say("laat maar")
    assert "geen oefening" not in reply and "prima" in reply.lower()


def test_a_question_about_veilig_thuis_after_the_helplines_is_answered(talk):
    crisis = talk.say("mijn man slaat me als hij gedronken heeft")
    assert "0800-2000" in crisis
    reply = talk.say("als ik veilig thuis bel, gaan ze dan naar hem toe?")
    assert "anoniem" in reply and "advies" in reply and "jij" in reply


def test_not_wanting_to_call_gets_the_113_chat_and_the_huisarts(talk):
    talk.say("ik wil er gewoon niet meer zijn")
    reply = talk.say("ik wil eigenlijk niet bellen")
    assert "113.nl" in reply and "huisarts" in reply


def test_not_wanting_to_call_after_violence_gets_veilig_thuis_ways_in(talk):
    talk.say("mijn vriend heeft me gisteren geslagen")
    reply = talk.say("ik wil eigenlijk niet bellen")
    assert "veiligthuis.nl" in reply and "113.nl" not in reply.split("(")[0]


def test_downplaying_violence_gets_a_calm_clear_answer(talk):
    talk.say("hij heeft me vorige week een klap gegeven")
    reply = talk.say("het was maar 1 keer hoor, hij zei sorry")
    assert "nooit jouw schuld" in reply and "112" in reply
    assert "Bron:" not in reply, "coaching as if nothing happened"


def test_a_second_crisis_message_gets_the_helplines_in_other_words(talk):
    first = talk.say("ik denk steeds aan zelfmoord")
    second = talk.say("ik wil echt niet meer leven")
    assert "113" in first and "113" in second and first != second


def test_after_violence_the_helpline_comes_back_once_not_on_every_reply(talk):
    first = talk.say("mijn vriend duwt me soms hard tegen de muur")
    assert "0800-2000" in first and "veilig?" in first
    later = [talk.say(m) for m in ("hij praat ook nooit over gevoelens", "waar komt dat vandaan", "vertel meer")]
    assert sum("0800-2000" in r for r in later) == 1
