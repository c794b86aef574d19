"""Whole conversations through the REST channel with the real action server, checking the
texts the user actually gets: a coaching conversation, each exercise, and a crisis in the
middle of an exercise."""

from __future__ import annotations


from tests.helpers import buttons, chat, texts


def test_full_coaching_conversation(bot):
    send = chat(bot.url)
    assert "geen therapeut" in texts(send("hallo"))
    intro = texts(send("mijn vrouw en ik leven als huisgenoten, we praten alleen nog over de planning"))
    assert "emotionele afstand" in intro and "Bron: Emotionele afstand in je relatie" in intro
    more = []
    for _ in range(20):  # every part of the topic's entries, then the end
        more.append(texts(send("vertel meer")))
        if "alles verteld" in more[-1]:
            break
    assert "alles verteld" in more[-1] and len(more) > 5
    assert len(set(more)) == len(more), "vertel meer repeated itself"
    assert any("Signaal 1:" in m for m in more) and any("Stap 1:" in m for m in more)
    signs = texts(send("hoe herken ik het?"))
    assert "De logistieke val" not in signs and "niets nieuws" in signs, "the signs were told: not again"
    assert "Ik mis ons" in "\n".join(more), "the steps with words to use were part of 'vertel meer'"
    steps = texts(send("wat kan ik doen?"))
    assert "alle stappen" in steps, "every step was given already: said so, not repeated"
    switched = texts(send("hoe meer ik aandring hoe meer zij zich terugtrekt"))
    assert "dans" in switched and "Bron: Mijn partner wil niet over gevoelens praten" in switched
    causes = texts(send("waar komt dat vandaan?"))
    assert "Bron: Mijn partner wil niet over gevoelens praten" in causes
    thanks = texts(send("dank je wel"))
    assert "terugkomen" in thanks and "Bron:" not in thanks, "a warm close, not another block"
    assert "Neem dit mee" not in texts(send("doei"))


def answer_all(send, first_reply, answers):
    """Answer each question of a form; returns every bot text after the last answer."""
    reply = first_reply
    for answer in answers:
        assert reply, "the exercise stopped asking"
        reply = send(answer)
    return texts(reply)


def test_signs_exercise(bot):
    send = chat(bot.url)
    first = send("ik wil de signalen test doen")
    assert texts(first).startswith("Vraag 1 van 8")
    assert buttons(first)[:3] == ["/affirm", "soms", "/deny"]
    hint = texts(send("pizza"))
    assert "ja, soms of nee" in hint and "Vraag 1 van 8" in hint, "an unclear answer is asked again"
    result = answer_all(send, first, ["ja", "ja", "nee", "ja", "ja hoor", "nee", "ja", "klopt"])
    assert "Je herkent 6 van de 8 signalen" in result
    assert "geen diagnose" in result and "Bron: Emotioneel onbereikbaar: wat is dat?" in result


def test_pattern_exercise(bot):
    send = chat(bot.url)
    first = send("zie het patroon")
    assert "Vraag 1 van 8" in texts(first)
    # yes to both questions about the absent parent, no to the rest
    result = answer_all(send, first, ["ja", "nee", "nee", "nee", "ja", "nee", "nee", "nee"])
    assert "Het patroon dat het best past: de afwezige ouder." in result
    assert "Stap 1: Zie het patroon" in result and "Stap 3: Verdraag het ongemak" in result
    assert "Bron: Erfenis van je jeugd" in result


def test_reflection_exercise(bot):
    send = chat(bot.url)
    first = send("ik wil de reflectie oefening doen")
    assert "vasthouden" in texts(first).lower()
    answers = [
        "vasthouden",
        "dat hij me verlaat",
        "ik ben vooral bang dat het gebeurt",
        "ik blijf appen en controleren",
        "bij ons thuis was liefde wisselend",
        "dat hij me steeds geruststelt",
        "ik denk dat ik zelf een muur bouw",
    ]
    result = answer_all(send, first, answers)
    assert "dat hij me steeds geruststelt" in result and "ik blijf appen en controleren" in result
    assert "verlatingsangst" in result and "Bron: Als liefde pijn doet" in result


def test_exercise_can_be_stopped(bot):
    send = chat(bot.url)
    send("ik wil de signalen test doen")
    send("ja")
    stopped = texts(send("laat maar"))
    assert "we stoppen met de oefening" in stopped and "1 van de 8" in stopped
    assert "Bron:" in texts(send("mijn man praat niet over zijn gevoelens")), "the chat goes on"


def test_crisis_in_the_middle_of_an_exercise(bot):
    send = chat(bot.url)
    send("ik wil de reflectie oefening doen")
    send("terugtrekken")
    crisis = texts(send("eigenlijk wil ik gewoon niet meer leven"))
    assert "113" in crisis and "0800-0113" in crisis and "113.nl" in crisis and "112" in crisis
    assert "Vraag 2 van 6" not in crisis, "the exercise must not carry on over a crisis"
    after = texts(send("wat kan ik doen?"))
    assert after and "Vraag" not in after, "the conversation goes on, outside the exercise"
    violence = texts(send("ik wil de signalen test doen"))
    assert "Vraag 1 van 8" in violence
    assert "0800-2000" in texts(send("hij heeft me gisteren geslagen"))
