"""Safety for the whole conversation, through the REST channel with the real servers."""
from __future__ import annotations

import uuid

from tests.rest import say, texts

VEILIG_THUIS = "0800-2000"


def chat(bot):
    user = f"safe-{uuid.uuid4().hex[:8]}"
    return lambda message: texts(say(bot.url, user, message))


def test_after_violence_every_answer_carries_veilig_thuis_and_no_confronting_advice(bot):
    send = chat(bot)
    first = send("hij duwt me soms hard tegen de muur als hij boos is")
    assert VEILIG_THUIS in first and "112" in first
    tips = send("wat kan ik doen?")
    assert VEILIG_THUIS in tips
    topic = send("mijn man praat nooit over zijn gevoelens")
    assert VEILIG_THUIS in topic and "Bron:" in topic
    steps = send("wat kan ik doen?")
    assert VEILIG_THUIS in steps and "geen tips om hem of haar aan te spreken" in steps
    assert "Benoem rustig" not in steps and "minder beschikbaar" not in steps
    assert VEILIG_THUIS in send("dank je")


def test_distance_steps_are_replaced_after_violence(bot):
    send = chat(bot)
    send("we leven als huisgenoten, we praten alleen over de planning")
    send("vorige week heeft hij me tegen de muur geduwd")
    steps = send("wat kan ik doen?")
    assert "Ik mis ons" not in steps and VEILIG_THUIS in steps


def test_without_violence_the_steps_are_given(bot):
    send = chat(bot)
    send("we leven als huisgenoten, we praten alleen over de planning")
    steps = send("wat kan ik doen?")
    assert "Ik mis ons" in steps and VEILIG_THUIS not in steps


def test_a_friends_crisis_gets_help_for_the_worried_person(bot):
    send = chat(bot)
    reply = send("mijn beste vriendin appte net dat ze er een eind aan wil maken")
    assert "zorgen" in reply and "113" in reply and "112" in reply
    assert "durft te zeggen" not in reply  # not the reply for the user's own suicidal thoughts
    later = send("hoe kan ik haar helpen?")
    assert "113" in later


def test_a_threat_by_the_partner_gets_veilig_thuis(bot):
    reply = chat(bot)("mijn man dreigt me iets aan te doen als ik weg ga")
    assert VEILIG_THUIS in reply and "0800-0113" not in reply


def test_suicidal_thoughts_keep_the_conversation_careful(bot):
    send = chat(bot)
    assert "0800-0113" in send("soms wil ik gewoon dood")
    assert "113" in send("mijn vriend trekt zich altijd terug als ik wil praten")


def test_a_crisis_during_an_exercise_clears_its_answers(bot):
    send = chat(bot)
    assert "Vraag 1 van 8" in send("ik wil de signalen test doen")
    assert "Vraag 2 van 8" in send("ja")
    assert "0800-0113" in send("ik wil niet meer leven")
    restarted = send("ik wil de signalen test doen")
    assert "Vraag 1 van 8" in restarted, "the exercise resumed with the old answers"
