"""End to end through the REST channel, with the real action server and the trained model."""

from __future__ import annotations


from tests.helpers import buttons, get, new_user, say, texts, tracker


def test_greeting_and_topic_get_dutch_replies_from_the_action(bot):
    user = new_user()
    welcome = texts(say(bot.url, user, "hoi"))
    assert "chatbot" in welcome and "geen therapeut" in welcome

    reply = say(bot.url, user, "mijn vriend wil nooit over zijn gevoelens praten")
    text = texts(reply)
    # the action's explanation from knowledge/topics.yml, personalised and sourced
    assert "je vriend" in text
    assert "zelden is het onwil" in text.lower()
    assert "Bron: Mijn partner wil niet over gevoelens praten" in text
    assert "/ask_what_to_do" in buttons(reply)


def test_follow_up_uses_the_topic_under_discussion(bot):
    user = new_user()
    say(bot.url, user, "we leven als huisgenoten naast elkaar")
    steps = texts(say(bot.url, user, "wat kan ik doen?"))
    assert "Ik mis ons" in steps
    assert "Bron: Emotionele afstand in je relatie" in steps


def test_api_needs_the_token(bot):
    user = new_user()
    say(bot.url, user, "hoi")
    status, _ = tracker(bot.url, user, None)
    assert status == 401
    status, _ = tracker(bot.url, user, "wrong-token")
    assert status == 401
    status, body = tracker(bot.url, user, bot.token)
    assert status == 200 and body["sender_id"] == f"rest:{user}"


def test_bad_input_always_gets_an_answer(bot):
    user = new_user()
    for message in [
        "",
        "😢😢😢",
        "asdkjh qwpoeiru zxmcnv",
        "<script>alert(1)</script>",
        "What is the weather like today?",
        "ik " * 3000,
    ]:
        reply = say(bot.url, user, message)
        assert reply and texts(reply).strip(), f"no answer to {message[:30]!r}"
    assert get(f"{bot.url}/")[0] == 200, "server must still be up"


def test_crisis_gets_helplines_at_once(bot):
    user = new_user()
    say(bot.url, user, "mijn man praat nooit over zijn gevoelens")
    text = texts(say(bot.url, user, "ik wil niet meer leven"))
    assert "113" in text and "0800-0113" in text and "112" in text


def test_conversation_survives_a_restart(bot):
    user = new_user()
    say(bot.url, user, "ik ben bang dat hij me gaat verlaten")
    bot.stop_rasa()
    bot.start_rasa()
    status, body = tracker(bot.url, user, bot.token)
    assert status == 200
    assert body["slots"]["session"]["topic"] == "fear_of_abandonment"
    # the follow-up still knows the topic after the restart
    steps = texts(say(bot.url, user, "wat kan ik doen"))
    assert "Bron: Als liefde pijn doet" in steps
