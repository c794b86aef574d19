"""Everything the bot knows, reached the way users ask for it: through the REST channel with
the real servers, asserting on the reply texts."""

from __future__ import annotations

from tests.helpers import chat_texts


def test_dealing_with_someone_who_hardly_responds_gets_the_five_tips_with_a_caveat(bot):
    reply = chat_texts(bot.url, "know")(
        "hoe ga ik om met iemand die emotioneel niet beschikbaar is? hij reageert bijna nooit op mijn berichten"
    )
    assert "Stap 5:" in reply and "minder beschikbaar" in reply
    assert "Veilig Thuis" in reply and "Bron: Emotioneel onbereikbaar" in reply


def test_questions_to_ask_yourself_get_the_reflection_questions(bot):
    reply = chat_texts(bot.url, "know")("welke vragen kan ik mezelf stellen om dit beter te begrijpen?")
    assert "Vragen om over na te denken:" in reply and "Vraag 1:" in reply


def test_tell_more_goes_on_through_the_steps_of_the_entry(bot):
    send = chat_texts(bot.url, "know")
    send("hoe meer ik aandring hoe meer hij zich terugtrekt")
    first = send("vertel meer")
    second = send("vertel meer")
    assert "Bron: Mijn partner wil niet over gevoelens praten" in first
    assert "Wat je deze week kunt doen:" in second and second != first


def test_tips_follow_the_entry_under_discussion_and_a_second_request_gives_new_ones(bot):
    send = chat_texts(bot.url, "know")
    send("mijn vriend is emotioneel zo onbereikbaar")
    send("vertel meer")
    first_tips = send("wat kan ik doen?")
    second_tips = send("heb je nog meer tips?")
    assert "Stap 1:" in first_tips and "Stap 1:" in second_tips
    assert first_tips != second_tips, "the same tips twice"


def test_what_to_say_gives_words_to_use(bot):
    send = chat_texts(bot.url, "know")
    send("we leven als huisgenoten, alleen nog gepraat over de planning")
    assert "Ik mis ons" in send("wat kan ik zeggen om erover te beginnen?")


def test_do_i_need_help_myself_points_to_help_for_the_user(bot):
    send = chat_texts(bot.url, "know")
    send("ik denk dat ik zelf emotioneel onbereikbaar ben, ik laat niemand toe")
    assert "therapeut" in send("heb ik zelf hulp nodig?")


def test_the_same_pattern_with_a_mother(bot):
    reply = chat_texts(bot.url, "know")("mijn moeder is precies zo, kan dit ook bij ouders?")
    assert "Bron: Emotioneel onbereikbaar" in reply and "ouder" in reply.lower()
