"""Reading a message beyond its intent: who is who, requests for steps, exercise questions, subjects that are not ours and helpline follow-ups, as real
users type them."""

from __future__ import annotations

import pytest
import yaml

from coach import conversation
from coach.conversation import refusals, without
from service.settings import load


@pytest.fixture(scope="module")
def conv(knowledge):
    return knowledge.conversation


@pytest.mark.parametrize(
    "text, persoon, known, expected",
    [
        ("bro ik zei net dat ik geen partner heb", None, "partner", "single"),
        ("ik ben al 3 jaar single", None, None, "single"),
        ("mijn ex kon nooit praten", None, None, "ex"),
        ("m'n ex-vriend was net zo", None, None, "ex"),
        ("ik ben aan het daten met iemand die steeds afhaakt", None, None, "date"),
        ("hij zegt nooit wat", "ex", None, "ex"),
        ("hij zegt nooit wat", "man", "single", "single"),
        ("mijn vriendin is afstandelijk", "vriendin", None, None),
        # married: a date night is no date (round 32: "je date" for his wife, three times)
        ("ik ben getrouwd met sanne. we hebben al een jaar geen date gehad", None, None, "partner"),
        ("we zouden weer eens een date moeten plannen", None, "partner", "partner"),
        # trial 11: ended without the word "ex"
        ("ik heb het vorige maand uitgemaakt, ze huilde", None, "partner", "ex"),
        ("het is uit tussen ons", None, "partner", "ex"),
        ("het is uit de hand gelopen", None, "partner", "partner"),
    ],
)
def test_relationship(conv, text, persoon, known, expected):
    assert conversation.relationship(conv, text, persoon, known) == expected


@pytest.mark.parametrize(
    "relationship, persoon, phrase",
    [
        (None, "vriend", "je vriend"),
        (None, "MAN", "je man"),
        (None, None, "je partner"),
        (None, "vader", "je partner"),
        ("ex", "man", "je ex"),
        ("date", None, "je date"),
        ("single", "vriendin", "iemand die je leuk vindt"),
    ],
)
def test_who(conv, relationship, persoon, phrase):
    assert conversation.who(conv, relationship, persoon) == phrase


@pytest.mark.parametrize(
    "detector, text, expected",
    [
        (conversation.asks_for_steps, "nee het gaat over mijn man die niet praat. wat kan ik doen", True),
        (conversation.asks_for_steps, "heb je tips?", True),
        (conversation.asks_for_steps, "hoe pak ik dat aan met hem", True),
        (conversation.asks_for_steps, "mijn man praat nooit over gevoelens", False),
        (conversation.asks_about_exercise, "wat bedoel je met in gedachten ergens anders?", True),
        (conversation.asks_about_exercise, "ik snap de vraag niet", True),
        (conversation.asks_about_exercise, "dat ik het niet waard ben om van te houden?", False),
        (conversation.asks_about_exercise, "zoals mijn vader deed toen ik 8 was", False),
        (conversation.plans_help, "moet ik met haar naar de huisarts?", True),
        (conversation.plans_help, "zal ik een psycholoog zoeken", True),
        # round 24: "ja, dat vind ik een goed plan" to a woman who said she needs no huisarts
        (conversation.plans_help, "ik ben niet somber hoor, ik hoef niet naar de huisarts", False),
        (conversation.plans_help, "hij zit al bij een psycholoog. het gaat over ons. moet ik gewoon wachten?", False),
        (conversation.plans_help, "hij is zo somber. moet ik hem naar de huisarts sturen? ik weet het niet", True),
        # trial 15: the question points back at the sentence before it
        (conversation.plans_help, "jannie zegt ik moet naar de dokter. heeft dat zin voor zoiets?", True),
        (conversation.plans_help, "hij zit al bij een psycholoog. moet ik dan gewoon wachten?", False),
    ],
)
def test_asking_for_steps_about_the_exercise_and_for_professional_help(conv, detector, text, expected):
    assert detector(conv, text) is expected


@pytest.mark.parametrize(
    "text, subject",
    [
        ("ik denk dat mijn vrouw vreemdgaat, ze appt de hele avond", "affair"),
        ("we gaan scheiden, hoe zit het met de hypotheek?", "money_legal"),
        ("hoe regelen we de omgangsregeling voor de kids", "children"),
        ("ik heb een burn-out en mijn vriend snapt het niet", "health"),
        ("mijn vrouw heeft dementie en herkent me soms niet meer", "health"),
        ("ik ben zo jaloers als ze met collega's uitgaat", "jealousy"),
        ("ik ontdekte dat mijn vriend al een half jaar iets had met een collega", "affair"),
        ("hij werkt veel met een collega en praat thuis nooit", None),
        ("we leven als huisgenoten", None),
        # a subject, not a word: money talk that is about dividing it, or a lawyer for the divorce
        ("we krijgen steeds ruzie over geld sinds we uit elkaar zijn", "money_legal"),
        ("hoe verdelen we het spaargeld nu we gaan scheiden", "money_legal"),
        ("moet ik een advocaat nemen voor de scheiding", "money_legal"),
        ("mijn man doet de financien en geld interesseert me niks, maar hij zegt nooit wat hem bezighoudt", None),
        ("hij verdient goed geld maar is er emotioneel nooit", None),
        # a death, named in the user's words, not a word that also means tired or a lost job
        ("sinds de begrafenis van haar moeder zegt ze bijna niks meer tegen mij", "grief"),
        ("mijn vriend is vorig jaar zijn vader verloren en sluit zich sindsdien af", "grief"),
        ("hij is afstandelijk sinds zijn vader dood is", "grief"),
        ("ik ben doodmoe van al dat gezwijg", None),
        ("maar wat als er iets gebeurd is?? hij zou naar huis gaan", "worry_safety"),
        ("moet ik de politie bellen of is dat overdreven", "worry_safety"),
        ("sorry stuurde het per ongeluk 2x. wat zie jij dan in die jongens", None),
        ("hij heeft een ongeluk gehad en ik hoor niks", "worry_safety"),
        ("er is niks gebeurd, hij praat gewoon niet", None),
        ("sinds hij zijn baan verloren is praat hij niet meer", None),
        # denied just before: no such subject (round 22: "een man die niet vreemdgaat")
        ("mijn zus zegt dat ik blij moet zijn met een man die niet vreemdgaat en niet drinkt", None),
        ("hij heeft geen affaire hoor, hij zwijgt gewoon", None),
        ("ik weet dat hij niet vreemdgaat, maar ik vertrouw het niet: hij bedriegt me", "affair"),
        # about an earlier relationship, or a home bought together (round 30)
        ("zijn ex heeft hem bedrogen, 2 jaar lang met een collega", None),
        ("mijn vorige vriend ging vreemd en nu ben ik altijd bang", None),
        ("zijn ex heeft hem bedrogen. en nu is hij zelf vreemdgegaan", "affair"),
        ("het gaat om een huis kopen, een hypotheek van 30 jaar samen", None),
        ("we gaan scheiden en de hypotheek staat op mijn naam", "money_legal"),
        # signs of low mood or of something that keeps them awake, without the word (round 29)
        ("sinds de bevalling huilt ze zomaar en zegt ze dat ze zichzelf kwijt is", "low_signs"),
        ("hij slaapt slecht, eet bijna niks en zit de hele dag voor de tv", "low_signs"),
        ("dat beeld van die val krijg ik niet uit mijn hoofd, het houdt me wakker", "low_signs"),
        ("hij slaapt niet slecht hoor, hij zit gewoon op zijn telefoon", None),
        ("de kleine slaapt slecht en ik ben moe", None),
        ("ik ben mijn sleutels kwijt en hij helpt niet zoeken", None),
    ],
)
def test_referral(conv, text, subject):
    found = conversation.referral(conv, text)
    assert (found.subject if found else None) == subject


@pytest.mark.parametrize(
    "text, response",
    [
        ("het was maar 1 keer, hij zei sorry", "utter_violence_minimised"),
        ("hij had gedronken, zo erg is het niet", "utter_violence_minimised"),
        ("ik wil eigenlijk niet bellen", "utter_helpline_no_call"),
        ("als ik veilig thuis bel, gaan ze dan naar hem toe?", "utter_helpline_veilig_thuis"),
        ("is 113 ook voor mij?", "utter_helpline_113"),
        ("kan dat anoniem?", "utter_helpline_general"),
        ("mijn vriend praat niet", None),
        # someone named: confiding in them (round 26)
        ("wat zeg ik tegen ilse?", "utter_tell_trusted"),
        ("moet ik het sandra vertellen?", "utter_tell_someone_near"),
        ("moet ik dit tegen els zeggen? ze weet het niet", "utter_tell_someone_near"),
        ("wat zeg ik tegen hem?", None),
        # round 31: her mother, named a sentence before the question
        ("hoe begin ik daarover tegen mijn moeder", "utter_tell_trusted"),
        (
            "mijn moeder merkt dat er iets is. ik wil het haar eigenlijk vertellen maar ik weet niet hoe",
            "utter_tell_trusted",
        ),
        ("moet ik het dan vertellen?", None),
        # about themselves, not about someone else (phone trial 4)
        ("is dat normaal of stel ik me aan?", "utter_violence_not_normal"),
    ],
)
def test_safety_follow_up(conv, text, response):
    assert conversation.safety_follow_up(conv, text) == response


def test_after_violence_the_hesitation_to_call_gets_veilig_thuis_not_the_113_chat(conv):
    assert conversation.safety_follow_up(conv, "ik wil niet bellen") == "utter_helpline_no_call"
    assert conversation.safety_follow_up(conv, "ik wil niet bellen", True) == "utter_helpline_no_call_violence"
    assert conversation.safety_follow_up(conv, "kan dat anoniem?") == "utter_helpline_general"
    assert conversation.safety_follow_up(conv, "kan dat anoniem?", True) == "utter_helpline_veilig_thuis"
    # phone trials 9 and 10: a way without calling, asked three times, was answered with calling
    for text in (
        "bellen durf ik niet. wat kan ik doen zonder iemand te bellen",
        "nee ik bedoel zonder bellen. kan het ook via chat of zo",
        "ik wil gewoon typen niet praten. veilig thuis heeft dat geen chat?",
    ):
        assert conversation.safety_follow_up(conv, text, True) == "utter_helpline_no_call_violence", text
    assert conversation.safety_follow_up(conv, "moet ik veilig thuis bellen?", True) == "utter_violence_should_call"


def test_every_response_the_conversation_file_names_is_in_the_domain(conv, domain):
    named = {r.response for r in conv.referrals} | {name for name, _ in conv.safety_follow_ups}
    named |= set(conv.safety_defaults.values()) | set(conv.after_violence.values()) | set(conv.after_suicidal.values())
    assert named <= set(domain.responses)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ik denk dat ik het maar ga proberen. Dank u.", "thank"),
        ("ok ik snap het. ik ga nu wandelen zonder gsm. merci eh", "thank"),
        ("dat lijstje had je al gezegd. ik ga slapen, telefoon weg. doei 👋", "goodbye"),
        ("Ik vraag het aan de huisarts. Goedendag.", "goodbye"),
        ("nee dat klopt niet. laat maar", "goodbye"),
        ("ik probeer het morgen. Dag Bot!", "goodbye"),
        # the command the bot tells people to type, at the end of a hurried message (round 9)
        ("oke. ik moet nu stoppen hij kan zo thuiskomen. ik ga het wissen. vergeet mij", "forget_me"),
        ("Dank je. Wis alles.", "forget_me"),
        ("Vergeet mij niet te vertellen wat ik moet doen. Doei", "goodbye"),
        # round 17: "goedenavond" and "laters" ended conversations that went on
        ("Nee hoor, ik stop hiermee. Goedenavond.", "goodbye"),
        ("ik stuur haar dat zinnetje en ga gamen. laters", "goodbye"),
        # one sentence alone is the NLU's; a long last sentence or an ordinary one is no farewell
        ("Goedenavond", None),
        ("dank je", None),
        ("Ik weet het niet. Dag in dag uit hetzelfde.", None),
        ("Het was een zware dag. Hij zei niks.", None),
        # leaving the chat said in so many words is a farewell; a bare "ik stop ermee" after
        # "ik kan niet meer" may mean giving up on life and is never forced to a goodbye
        ("Dit was vooral langs elkaar heen. Ik stop voor nu.", "goodbye"),
        ("ik kan niet meer. ik stop ermee.", None),
        # the last clause of a long last sentence (trial 12: the question about death for it)
        ("Ik ga er nog over nadenken. Bedankt voor het meedenken, ik stop voor nu 😊", "goodbye"),
        ("Ik weet het niet meer. Ik heb alles geprobeerd, ik stop ermee", None),
        ("Ik zie het somber in. Het is allemaal zo zwaar, laat het maar", None),
        ("ik kan niet meer. ik stop.", None),
        ("Bedankt voor je uitleg. Maar wat moet ik nu doen als hij morgen weer zwijgt?", None),
    ],
)
def test_a_short_farewell_at_the_end_of_a_message_is_a_closing(closings, text, expected):
    assert conversation.closing(closings, text) == expected


@pytest.fixture(scope="module")
def closings():
    raw = yaml.safe_load((load().knowledge_dir / "conversation.yml").read_text(encoding="utf-8"))["closings"]
    return conversation.compile_closings(raw)


def _persons(text: str, *words: str) -> list:
    """The persoon entities the NLU gives for these words, with their offsets."""
    found, start = [], 0
    for word in words:
        at = text.lower().index(word, start)
        found.append({"entity": "persoon", "start": at, "end": at + len(word), "value": word})
        start = at + len(word)
    return found


@pytest.mark.parametrize(
    "text, words, expected",
    [
        ("weer 'je man'. ik ben een man. mijn VRIENDIN slaat soms", ("man", "man", "vriendin"), "vriendin"),
        ("ik ben een vrouw van 40 en mijn man zwijgt", ("vrouw", "man"), "man"),
        ("als man voel ik me daar raar bij", ("man",), None),
        ("als mijn man thuiskomt zegt hij niks", ("man",), "man"),
        ("mijn vrouw praat niet", ("vrouw",), "vrouw"),
        # a phone trial: "een man hoort zich te kunnen verweren" made his wife "je man"
        ("mijn vrouw duwde me. een man hoort zich te verweren", ("vrouw", "man"), "vrouw"),
        # round 10: a general question about "zijn vrouw" made her husband "je vrouw"
        ("waarom wordt iemand stil zodra zijn vrouw over gevoelens begint?", ("vrouw",), None),
        ("mijn man en haar vriend kunnen niet met elkaar", ("man", "vriend"), "man"),
        # round 16: an interjection, and a parent, are not the partner
        ("man ik vraag wat ik STUUR. 1 appje", ("man",), None),
        ("mn moeder deed dit ook vroeger", ("moeder",), None),
        ("mn lieve vriendin zegt niks", ("vriendin",), "vriendin"),
        # trial 9: a widower's late wife, and a person it is said not to be about, are not the
        # partner ("je vrouw" for his girlfriend the rest of the talk)
        ("dank u. maar het gaat niet om mijn vrouw. het gaat om marijke", ("vrouw",), None),
        ("mijn vrouw is vier jaar geleden overleden. marijke houdt me op afstand", ("vrouw",), None),
        ("mijn vrouw is overleden en nu heb ik mijn vriendin", ("vrouw", "vriendin"), "vriendin"),
        ("mijn vrouw is er nooit als ik haar nodig heb", ("vrouw",), "vrouw"),
    ],
)
def test_the_other_person_is_not_the_user_describing_themselves(conv, text, words, expected):
    assert conversation.other_person(conv, text, _persons(text, *words)) == expected


def test_a_letter_is_about_the_first_person_it_names_a_short_message_about_the_last(conv):
    # round 7: "mijn partner Mark ... mijn moeder zegt ..., mijn vriendin zegt ..." became "je
    # vriendin" for Mark
    letter = "mijn partner Mark ging vreemd. mijn moeder zegt gooi hem eruit, mijn vriendin zegt vergeef het"
    persons = _persons(letter, "partner", "moeder", "vriendin")
    assert conversation.other_person(conv, letter, persons, letter=True) == "partner"
    generic = "heeft u iets normaals? iets wat een gewone man kan doen?"
    assert conversation.other_person(conv, generic, _persons(generic, "man")) is None
    himself = "mijn man? ik ben de man"
    assert conversation.other_person(conv, himself, _persons(himself, "man", "man")) == "man"
    short = "mijn ex belde, maar mijn vriend weet het niet"
    assert conversation.other_person(conv, short, _persons(short, "ex", "vriend")) == "vriend"


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("Ik zeg toch dat ik niet schrijf. Laat maar.", ["writing"]),
        ("ik vroeg iets anders dan opschrijven", ["writing"]),
        ("geen therapeut voor mij alsjeblieft", ["therapy"]),
        ("Therapie is niks voor ons, dat weet ik nu wel", ["therapy"]),
        ("ik ga niet naar een psycholoog en ook geen dagboek", ["writing", "therapy"]),
        ("ik ga het vanavond opschrijven", []),
        ("ik heb het opgeschreven, maar hij las het gewoon niet", []),
        ("mijn therapeut zegt dat ik te snel ga", []),
        ("ik schrijf hem niet meer terug", []),
        ("hij schrijft nooit terug en ik word gek", []),
        # the no in the next sentence, pointing back (round 13)
        ("Een therapeut. Daar begin ik niet aan, dat is niks voor mij.", ["therapy"]),
        # trial 9: the no belongs to another clause; she asked how to find one
        ("Ik vroeg hoe ik aan een therapeut kom, niet of je iets voor me beslist.", []),
        ("Mijn therapeut zei dat ook. Dat vond ik niet zo gek.", []),
    ],
)
def test_a_suggestion_is_turned_down_by_naming_it_with_a_no_close_by(conv, text, kinds):
    assert refusals(conv, text) == kinds


def test_without_drops_the_sentences_and_lines_that_make_a_refused_suggestion(conv):
    text = "Stap 1: Adem rustig.\nStap 2: Begin een dagboek.\n\nRust helpt. Een therapeut kan meekijken. Bron: X"
    assert without(conv, text, ["therapy"]) == "Stap 1: Adem rustig.\nStap 2: Begin een dagboek.\n\nRust helpt. Bron: X"
    assert without(conv, text, ["writing"]).splitlines()[:2] == ["Stap 1: Adem rustig.", ""]
    assert without(conv, text, []) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("moet ik hem nog een keer appen of niet?", True),
        ("en mag ik zijn zus bellen of is dat overdreven", True),
        ("ok dus. zal ik vanavond dan gewoon zeggen dat ik hem mis", True),
        ("Is het verstandig om dit in het weekend aan te kaarten?", True),
        ("zou jij het haar vertellen? ik twijfel", True),
        ("heeft het nog wel zin om met hem te praten", True),
        ("heeft het nog zin?", False),
        ("hij leest mn berichten niet. ja of nee, nog een keer sturen?", True),
        ("maar kan ik beter even afstand nemen", True),
        ("is het raar als ik hem vanavond bel?", True),
        ("ik weet niet wat ik voel als ze het vraagt. is dat raar?", False),
        ("is het erg dat ik soms niks voel", False),
        ("vroeger fietsten we elke zondag. zou dat helpen?", True),
        ("kan ik je iets vragen?", False),
        ("bellen durf ik niet", False),
        ("wat kan ik doen?", False),
        ("moet ik me zorgen maken?", False),
        ("ik ga het hem morgen zeggen", False),
        ("hij vraagt nooit hoe het met me gaat", False),
        # their own plan told, then a request to confirm it (round 17: "niets nieuws")
        ("na het eten zet ik koffie, zoals vroeger. Is dat een goed moment, denkt u?", True),
        ("ik stuur: fijn dat je ok bent, morgen bellen? is dat goed?", True),
        ("het is goed zo", False),
        ("ik stuur: 'sorry voor de spam, ik laat je even'. is dit goed of cringe?", True),
        ("misschien ik haal haar op bij zus. en in auto ik vraag wat mis jij. goed idee?", True),
        ("dat is een goed idee", False),
        ("jannie zegt ik moet naar de dokter. heeft dat zin voor zoiets", True),
    ],
)
def test_a_question_about_their_own_plan_is_read_by_its_form(conv, text, expected):
    assert conversation.asks_about_plan(conv, text) is expected


@pytest.mark.parametrize(
    "text, step",
    [
        ("stap 2 snap ik niet", 2),
        ("wat bedoel je met stap 3", 3),
        ("stap 1?", 1),
        # round 22: a step named as clear, the question is another one
        ("stap 3 snap ik. dus gewoon zeggen: zondag gaan we fietsen? en als ze nee zegt?", None),
        ("stap 2 ga ik doen", None),
    ],
)
def test_a_step_is_asked_about_only_where_it_is_not_understood(conv, text, step):
    assert conversation.asked_step(conv, text) == step


@pytest.mark.parametrize(
    "text, changes",
    [
        ("sinds de kinderen het huis uit zijn is het zo stil", ["empty_nest"]),
        ("mijn vrouw is vorig jaar met pensioen gegaan", ["retirement"]),
        ("sinds hij zijn baan kwijt is zegt hij niks meer", ["job_loss"]),
        ("sinds de geboorte van onze tweeling praten we nergens meer over", ["baby"]),
        # someone else's baby, or one denied, is no change in their life (round 24)
        ("mijn zus is zwanger en ik weet niet eens of ik kinderen wil", []),
        ("hij is niet ontslagen hoor, hij heeft het gewoon druk", []),
    ],
)
def test_a_change_in_life_is_heard_only_when_it_is_theirs_and_not_denied(conv, text, changes):
    assert conversation.life_changes(conv, text) == changes


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ik weet niet", "dont_know"),
        ("weet ik niet eigenlijk", "dont_know"),
        ("nee", "deny"),
        # two hesitations before the answer still open it (trial 9: "eh wtf nee??" to the
        # question about death was read as a yes)
        ("eh wtf nee?? ik zei alleen dat ik slecht slaap", "deny"),
        ("huh ja, soms wel", "affirm"),
        ("wat als hij nee zegt?", ""),
        # a clause of its own after "weet niet": a statement, no answer to a yes/no question
        ("ik weet niet of het aan mij ligt", ""),
        ("ik weet niet wat ik moet doen", ""),
    ],
)
def test_answer_opening(conv, text, expected):
    assert conversation.answer_opening(conv, text) == expected


@pytest.mark.parametrize(
    "text, draft",
    [
        # round 29: what they mean to send, in quotes, with a question about it
        (
            "ok maar wat typ ik letterlijk. zoiets als 'hey! hoe was je week?' of is dat te needy",
            "hey! hoe was je week?",
        ),
        ("dus 'hey hoe was je week' is gewoon prima? ja of nee haha", "hey hoe was je week"),
        ("ik dacht aan: “waarom zeg je nooit iets?” is dat te hard?", "waarom zeg je nooit iets?"),
        ('ik wil zeggen "ik voel me alleen naast je". kan dat zo?', "ik voel me alleen naast je"),
        # trial 9: "een goede reactie" asks about the draft as much as "goed"
        (
            "is dit dan een goede reactie: 'oké. ik wil dat we er volgende week over praten'",
            "oké. ik wil dat we er volgende week over praten",
        ),
        # words of someone else, quoted, are no draft of theirs
        ("hij zegt dan 'moet dat nu weer'. is dat normaal?", None),
        ("mijn man zei 'ik doe toch alles voor je'. wat vind je daarvan?", None),
        # round 30: the verb first, in a long letter
        ("als ik vraag wat er is zegt hij 'niks, gewoon moe'. is dat normaal?", None),
        # a quote without a question about it, and apostrophes inside words
        ("ik zei 'ik mis je' en hij liep weg", None),
        ("zo'n man die 's avonds niks zegt, is dat normaal?", None),
    ],
)
def test_a_draft_to_review(conv, text, draft):
    assert conversation.draft_to_review(conv, text) == draft


@pytest.mark.parametrize(
    "draft, good, fixes",
    [
        ("hey hoe was je week", ["utter_draft_light"], []),
        ("ik voel me soms alleen naast je, je hoeft er nu niets mee", ["utter_draft_own"], []),
        ("waarom zeg je nooit iets terug?", ["utter_draft_light"], ["utter_draft_reproach"]),
        ("je moet echt eens leren praten", ["utter_draft_light"], ["utter_draft_pressure"]),
        ("doe niet zo kinderachtig??", ["utter_draft_light"], ["utter_draft_reproach", "utter_draft_marks"]),
    ],
)
def test_what_is_good_in_a_draft_and_what_to_change(conv, draft, good, fixes):
    assert conversation.draft_points(conv, draft) == (good, fixes)


@pytest.mark.parametrize(
    "text, feeling",
    [
        ("ik ben het ook een beetje moe soms", "moe"),
        ("ik voel me zo alleen naast hem", "eenzaam"),
        ("en dan word ik daar kwaad van", "boos"),
        ("het maakt me verdrietig", "verdrietig"),
        # denied, someone else's, or not a feeling at all
        ("ik ben niet boos hoor", None),
        ("hij is boos op mij", None),
        ("ik ben alleen maar moe", "moe"),
        ("ik ben alleen thuis vanavond", None),
        ("ik ben op zoek naar tips", None),
        # trial 9: what he says, quoted or reported, is not her feeling
        ("hij zei 'ik ben moe' en ging naar boven", None),
        ("rob zegt dan: ik ben moe. en dan is het klaar", None),
        ("hij zei 'ik ben moe' en ging naar boven. en dan word ik zo verdrietig", "verdrietig"),
    ],
)
def test_a_feeling_named_about_oneself(conv, text, feeling):
    assert conversation.feeling_named(conv, text) == feeling


@pytest.mark.parametrize(
    "text, vent",
    [
        ("ik wil geen tips ofzo. ik wil het gewoon ff kwijt. mag dat hier?", True),
        ("ik zei toch geen tips", True),
        ("ik wil even mijn verhaal kwijt", True),
        ("kun je gewoon even luisteren", True),
        ("heb je tips voor mij?", False),
        ("als je me 1 ding moet noemen wat ik kan doen. geen lijstje", False),
        # a wish to tell that ends by asking something is a question (round 33)
        ("hij zit elke avond op zolder. ik wil dat even kwijt. wat kan ik zaterdag zeggen?", False),
        ("ik wil dat even kwijt", True),
    ],
)
def test_the_wish_to_be_heard_not_advised(conv, text, vent):
    assert conversation.wants_to_vent(conv, text) is vent


@pytest.mark.parametrize(
    "text, asks",
    [
        ("jeugd? nee man. het gaat over nu. ik voel me alleen", False),
        ("ze praat de hele dag. is dat normaal?", True),
        ("ik snap het niet. hoe komt dat", True),
        ("hij zegt niks. ik ook niet meer", False),
    ],
)
def test_a_message_that_ends_by_asking(text, asks):
    assert conversation.asks_at_end(text) is asks


@pytest.mark.parametrize(
    "text, others",
    [
        ("is het normaal dat een man zo wordt na een baby?", True),
        ("is het normaal dat vaders afstandelijk worden?", True),
        ("is dat normaal of stel ik me aan?", False),
        ("is het normaal dat ik zo moe ben?", False),
    ],
)
def test_whether_someone_elses_behaviour_is_normal(conv, text, others):
    assert conversation.normal_about_others(conv, text) is others


@pytest.mark.parametrize(
    "reader, text, expected",
    [
        # a pause (trial 9: a pause in an exercise was stored as its answer); coming back, or
        # someone else's return, is none
        (conversation.says_goodbye, "oei, moet even de was doen. ben zo terug", True),
        (conversation.says_goodbye, "brb", True),
        (conversation.says_goodbye, "kom straks weer terug hoor", True),
        (conversation.says_goodbye, "hij komt zo terug van zijn werk", False),
        (conversation.says_goodbye, "ben er weer", False),
        # a question by its form, also without its mark (trial 9)
        (conversation.asks_something, "ben ik te needy", True),
        (conversation.asks_something, "hij loopt weg als ik erover begin, wat moet ik daarmee", True),
        (conversation.asks_something, "geef eens een paar vragen die ik kan stellen", True),
        (conversation.asks_something, "kan een relatie na twee jaar ruzie nog goedkomen", True),
        (conversation.asks_something, "ik heb een vraag over mijn vriendin.", False),
        (conversation.asks_something, "ik raak in paniek als hij niet terugappt", False),
        # control without hitting, told about the partner (trial 11); their own checking is not
        (conversation.tells_control, "hij checkt mijn telefoon als ik slaap", True),
        (conversation.tells_control, "is het normaal dat hij in mijn telefoon kijkt?", True),
        (conversation.tells_control, "hij wordt boos als ik met vriendinnen afspreek", True),
        (conversation.tells_control, "ik ga eigenlijk steeds minder weg", True),
        (conversation.tells_control, "ik check steeds zijn telefoon, is dat erg?", False),
        (conversation.tells_control, "mijn telefoon is kapot", False),
        # an answer too hard to follow (trial 11); not understanding the partner is no such thing
        (conversation.lost_them, "sorry ik snap het niet", True),
        (conversation.lost_them, "te moeilijk", True),
        (conversation.lost_them, "kan je het simpeler zeggen", True),
        (conversation.lost_them, "ik snap niet waarom hij dat doet", False),
        (conversation.lost_them, "ik begrijp hem gewoon niet meer", False),
    ],
)
def test_what_a_message_says_by_its_form(conv, reader, text, expected):
    assert reader(conv, text) is expected


def test_a_serious_illness_of_the_partner_is_a_change_in_their_life(conv):
    # trial 11: since his heart attack he sits in the shed; childhood was explained instead
    assert conversation.life_changes(conv, "sinds zijn hartaanval vorig jaar zit hij alleen in de schuur") == [
        "illness"
    ]
    assert conversation.life_changes(conv, "mijn vader had kanker toen ik klein was") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # trial 12: "het gaat om hem, niet om mij" was followed by "gaat het om iets wat jij
        # zelf doet, of om wat de ander doet?"
        ("Geen van beide eigenlijk. Het gaat om hem, niet om mij.", "other"),
        ("het gaat juist om mij, ik ben de muur", "self"),
        ("bij hem, niet bij mij", "other"),
        ("het gaat om de afstand tussen ons", None),
        ("Zou het kunnen dat ik zelf degene ben die onbereikbaar is, en dat zij dat aanvoelt?", "self"),
        ("ik weet niet of ik het probleem ben", "self"),
        # trial 14: "nee, ik ben niet degene die wil wegrennen. het is hans die afhoudt"
        ("Nee, ik ben niet degene die wil wegrennen. Het is Hans die afhoudt.", "other"),
    ],
)
def test_whose_behaviour_said_outright(conv, text, expected):
    assert conversation.said_side(conv, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # trial 14: "bindingsangst is het niet" got the topic it named
        (
            "ik ben al 18 jaar getrouwd. bindingsangst is het niet. het is dat ik mn hoofd niet leeg krijg",
            ["fear_of_commitment"],
        ),
        ("het is geen verlatingsangst hoor", ["fear_of_abandonment"]),
        ("we leven niet als huisgenoten", ["emotional_distance"]),
        ("ik heb bindingsangst denk ik", []),
        ("mijn jeugd was niet slecht", []),
        ("ik wil niet weglopen als het serieus wordt", []),
    ],
)
def test_a_topic_named_with_a_no(conv, text, expected):
    assert conversation.negated_topics(conv, text) == expected


@pytest.mark.parametrize(
    "text, asks",
    [
        # questions typed without a question mark (phone trial 9, a young man on a borrowed phone)
        ("kan hij dit later zien", True),
        ("wat bewaren jullie van mij", True),
        ("hoe merk ik bij een nieuwe date of ze ook zo is", True),
        ("is dat hot cold gedoe nou een red flag", True),
        ("waarom doet ze dit steeds", True),
        ("ok. moet ik hem nog appen", True),
        ("klopt dat", True),
        ("vind je dat ik overdrijf", True),
        # statements: a dropped subject, an exclamation, a story
        ("weet ik niet", False),
        ("kan ik niet", False),
        ("wat een gedoe allemaal", False),
        ("hoe dan ook, hij reageert niet", False),
        ("hij zegt nooit wat hij voelt", False),
        ("waar ik mee zit is dat hij nooit praat", False),
        ("heb ik al geprobeerd", False),
    ],
)
def test_a_question_is_known_by_its_form_also_without_a_question_mark(conv, text, asks):
    assert conversation.asks_by_form(conv, text) is asks
