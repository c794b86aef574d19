"""The classifier-independent crisis net (coach/crisis.py); the NLU guard built on it is
tested in tests/components/test_message_guard.py."""

from __future__ import annotations

import pytest

from coach.crisis import (
    crisis_in_message,
    crisis_kind,
    detect_crisis,
    only_counts,
    only_harmless_idiom,
    says_suicide_plainly,
)

SUICIDAL = [
    # a passive death wish said in passing (phone trial: coaching went on twice)
    "soms denk ik eerlijk gezegd dat het niet zoveel uitmaakt of ik er ben of niet",
    "het maakt toch niet uit of ik er ben of niet",
    "ik wil niet meer leven",
    "Ik denk de laatste tijd aan zelfmoord",
    "soms wil ik gewoon dood",
    "ik wil er een einde aan maken, aan mijn leven",
    "het leven heeft geen zin meer sinds hij weg is",
    "ik wil mezelf iets aandoen",
    "ik snij mezelf weer",
    "ik zie het niet meer zitten",
    "ik denk aan suïcide",
]
VIOLENCE = [
    "mijn man slaat me",
    # trial 15: held by the wrist when she wants to leave a row, read as a topic
    "hij pakt dan mijn pols vast, soms best hard, zodat ik blijf",
    "ik word geslagen door mijn vriendin",
    "hij heeft me gisteren geslagen",
    "hij dreigt me te vermoorden",
    "er is huiselijk geweld bij ons",
    "mijn ex stalkt me",
    "ik voel me niet veilig thuis",
    "hij dwingt me tot seks",
]
HARMLESS = [
    "sinds een paar weken duwt hij me weg, geen knuffel, geen zoen",
    "hij pakte mijn arm vast toen ik uitgleed",
    "hij pakt nooit meer mijn hand vast",
    "ik ga dood van het lachen",
    "ik ben doodmoe van al dat gedoe",
    "hij slaat de spijker op zijn kop",
    "hij slaat dicht als ik iets vraag",
    "ik ga dood van de honger",
    "dat slaat nergens op",
    "mijn vriend praat nooit over zijn gevoelens",
    "ik ben doodsbang dat ze me verlaat",
    # the service's name, turned down: no new alarm (round 25)
    "ik ga echt niet veilig thuis bellen hoor",
    "wie heeft het over geweld? niemand slaat mij",
    "het maakt niet uit of ik er ben of niet op dat feestje",
    "zodra het serieus wordt voel ik me opgesloten en dan ghost ik gewoon",
    "huh geweld?? nee niemand doet me iets hoor",
    # ghosted, not checked (phone trial)
    "en dan opeens leest hij mn berichten niet meer of hij reageert na 2 dagen, en ik mag niet klagen",
]


@pytest.mark.parametrize("text", SUICIDAL)
def test_suicidal_messages_detected(text):
    assert detect_crisis(text) == "crisis_suicidal"


@pytest.mark.parametrize("text", VIOLENCE)
def test_violence_messages_detected(text):
    assert detect_crisis(text) == "crisis_violence"


@pytest.mark.parametrize("text", HARMLESS)
def test_everyday_phrases_not_flagged(text):
    assert detect_crisis(text) is None


def test_idiom_next_to_a_real_crisis_still_counts():
    assert detect_crisis("ik ben doodmoe en ik wil niet meer leven") == "crisis_suicidal"
    assert not only_harmless_idiom("ik ben doodmoe en ik wil niet meer leven")
    assert only_harmless_idiom("ik ben doodmoe")


def test_a_denial_of_thoughts_of_death_is_a_correction_not_a_crisis():
    # trial 9: "ik heb helemaal geen gedachten over de dood??" after 113 was urged twice
    assert only_harmless_idiom("NEE ik zei NEE ik heb helemaal geen gedachten over de dood??")
    assert not only_harmless_idiom("ik heb soms gedachten over de dood")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ik heb een afscheidsbrief geschreven", "crisis_suicidal"),
        ("ik wil verdwijnen voorgoed", "crisis_suicidal"),
        ("mijn man dreigt me iets aan te doen als ik weg ga", "crisis_violence"),
        ("vorige week heeft hij me tegen de muur geduwd, misschien duw ik ook te hard?", "crisis_violence"),
        ("ik ben bang voor mijn man", "crisis_violence"),
        ("mijn beste vriendin appte net dat ze er een eind aan wil maken", "crisis_other"),
        ("ik denk dat mijn zus geslagen wordt door haar vriend", "crisis_other"),
        ("mijn broer zegt dat niemand hem zou missen", "crisis_other"),
        # reported speech: her words, her crisis, whatever pronoun they use (round 26)
        ("gisteravond zei ze aan tafel ineens: ik zie het allemaal niet meer zitten", "crisis_other"),
        ('mijn dochter appte "ik wil niet meer leven"', "crisis_other"),
        ("ik zei tegen hem: ik wil niet meer leven", "crisis_suicidal"),
        ("mn vader slaat mn moeder en mij", "crisis_violence"),
        ("ik schrok me dood", None),
        ("het leven is soms gewoon druk met de kinderen", None),
        ("mijn man klapt echt helemaal dicht zodra ik iets wil bespreken", None),
        ("ik maak er een eind aan met hem", None),
        ("zij duwt en ik trek me terug", None),
        ("als zij 'relatie' zegt slaat mijn hart over", None),
    ],
)
def test_issue_examples(text, expected):
    """The misses and false alarms that were reported against the first version."""
    assert detect_crisis(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # corrections about the bot and denials
        "ik ben niet suïcidaal!!",
        "waarom geef je me nou zelfmoordpreventie??",
        "huh?? wie heeft het over geweld?",
        "ik wil niet dood, ik ben gewoon moe",
        "ik heb geen zelfmoordgedachten, ik ben gewoon verdrietig",
        "ik ga mezelf niks aandoen, maak je geen zorgen",
        "hij slaat me niet hoor, hij praat alleen nooit",
        "hij heeft me nooit geslagen",
        "ik ben niet in gevaar hoor, hij is gewoon stil",
        "er is geen huiselijk geweld bij ons, hij praat gewoon niet",
        # figures of speech
        "ik kan hem soms echt wel wurgen als hij weer niks zegt",
        "ik had hem wel kunnen wurgen",
        # childhood told as history
        "vroeger kreeg ik klappen van mijn vader als ik huilde",
        "als kind werd ik geslagen door mijn moeder",
        "toen ik klein was sloeg mijn vader me als ik huilde en nu merk ik dat ik bij mijn vriend alles wegslik",
        # numbers, counts and ages
        "5 en 7",
        "mijn kinderen zijn 8 en 11, hoe vertel ik ze over de affaire",
        # staying for the children in the relationship is no suicide sign
        "het enige wat me tegenhoudt om het uit te maken zijn de kinderen",
        "alleen mijn dochter houdt me nog tegen om bij hem weg te gaan",
        "de kinderen zijn het enige waarom ik nog bij hem ben",
        "alles is geregeld voor de vakantie, de hond gaat naar mijn zus",
    ],
)
def test_false_alarms_of_issue_21_are_no_crisis(text):
    assert detect_crisis(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        # implicit suicide signs are suicidal, never violence
        ("mijn brief ligt klaar. alleen het gezichtje van mijn jongste houdt me nog tegen", "crisis_suicidal"),
        ("ik heb alles geregeld, ze redden zich wel zonder mij", "crisis_suicidal"),
        ("wie zou me eigenlijk missen", "crisis_suicidal"),
        ("ik leef alleen nog voor mijn kinderen", "crisis_suicidal"),
        ("mijn kinderen zijn het enige wat me nog in leven houdt", "crisis_suicidal"),
        ("het enige wat me tegenhoudt zijn mijn kinderen", "crisis_suicidal"),
        ("als de kinderen er niet waren was ik er al lang niet meer", "crisis_suicidal"),
        # a denial next to a real crisis still counts
        ("ik ben niet suicidaal maar ik wil wel dood", "crisis_suicidal"),
        ("waarom geef je me 113, ik wil gewoon niet meer leven", "crisis_suicidal"),
        ("hij heeft me nooit geslagen, alleen geduwd en gedreigd", "crisis_violence"),
        ("hij slaat me niet, maar hij duwt me wel tegen de muur", "crisis_violence"),
        # history that goes on now
        ("als kind werd ik al geslagen en nu slaat mijn man me ook", "crisis_violence"),
        ("toen ik klein was sloeg mijn vader me en dat doet hij nog steeds", "crisis_violence"),
        ("mijn vader slaat me", "crisis_violence"),
        ("hij hield me tegen toen ik weg wilde en sloot de deur af, ik kon er niet uit", "crisis_violence"),
    ],
)
def test_crises_of_issue_21_are_recognised(text, expected):
    assert detect_crisis(text) == expected


@pytest.mark.parametrize("text", ["5 en 7", "vraag 4 en 6", "ze zijn 3, 8 en 11", "ik ben 34", "2x"])
def test_numbers_counts_and_ages_alone(text):
    assert only_counts(text)


@pytest.mark.parametrize("text", ["ik wil dood", "hallo", "over 2 weken ga ik er een eind aan maken", "drie"])
def test_messages_with_more_than_numbers(text):
    assert not only_counts(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("soms denk ik dat het voor iedereen makkelijker zou zijn als ik er gewoon niet was", "crisis_suicidal"),
        ("mijn kinderen zijn beter af zonder mij", "crisis_suicidal"),
        # round 22: "ze" first in the match read it as her crisis
        ("soms denk ik dat ze beter af zou zijn zonder mij, ik ben geen gezellig gezelschap", "crisis_suicidal"),
        ("iedereen zegt dat we beter af zijn zonder hem", "crisis_other"),
        ("het is makkelijker als ik er niet ben bij dat gesprek, dan kunnen ze praten", None),
        ("ik zou het beter vinden als ik er niet was geweest toen hij het zei", None),
    ],
)
def test_others_better_off_without_me_is_an_implicit_suicide_sign(text, expected):
    assert detect_crisis(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ik wil geen zelfmoord plegen hoor",
        "ik ben ni zelfmoordig, ik bedoel mijn lief bellen",
        "NEE ik wil geen zelfmoord plegen!!",
    ],
)
def test_saying_one_is_not_suicidal_is_no_crisis(text):
    assert detect_crisis(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("de brief ligt klaar, alleen lotte houdt me hier", "crisis_suicidal"),
        ("alleen mijn jongste houdt me nog hier", "crisis_suicidal"),
        ("alleen mijn werk houdt me in deze stad", None),
        ("ik ben soms echt bang voor hem als hij boos wordt", "crisis_violence"),
        ("ik ben bang voor hoe boos hij kan worden", "crisis_violence"),
        ("eerlijk gezegd ben ik bang voor haar woede", "crisis_violence"),
        ("mijn zus is bang voor hoe kwaad hij wordt", "crisis_other"),
        ("ik ben bang dat hij boos wordt als ik het zeg", None),
        ("ik ben bang voor zijn reactie", None),
    ],
)
def test_a_letter_ready_someone_who_keeps_one_here_and_fear_of_the_partner(text, expected):
    assert detect_crisis(text) == expected


@pytest.mark.parametrize(
    "text, intent",
    [
        ("/crisis_violence", "crisis_violence"),  # a button, or a long message's crisis (coach/inbound.py)
        ("/crisis_other", "crisis_other"),
        ("/greet", None),
        ("mijn man slaat me", "crisis_violence"),
        ("ik wil niet meer leven", "crisis_suicidal"),
        ("mijn zus appte dat ze niet meer wil leven", "crisis_other"),
        ("ik ga dood van het lachen", None),
    ],
)
def test_crisis_in_message_reads_payloads_and_text(text, intent):
    assert crisis_in_message(text) == intent


@pytest.mark.parametrize(
    "text, plain",
    [
        ("ik denk erover om er een eind aan te maken", True),
        ("ik wil een eind aan mijn leven maken", True),
        ("ik wil niet meer", False),
        ("ik denk erover om er een eind aan te maken met hem", False),
    ],
)
def test_a_plainly_said_thought_of_suicide_is_told_apart_from_a_vague_one(text, plain):
    assert says_suicide_plainly(text) is plain


@pytest.mark.parametrize(
    "text, kind",
    [
        # round 31: violence at someone else's home is violence, not a risk to their life
        ("mijn zus wordt door haar man geslagen en ik maak me zorgen om haar", "violence"),
        ("mijn zwager slaat mijn zus", "violence"),
        ("mijn vriend zegt dat hij er een eind aan wil maken", "suicidal"),
        ("mijn broer appte bedankt voor alles", "suicidal"),
        ("we leven als huisgenoten", None),
    ],
)
def test_what_a_crisis_is_about_whoever_it_happens_to(text, kind):
    assert crisis_kind(text) == kind


@pytest.mark.parametrize(
    "text, expected",
    [
        # told as history that is over: when, over now, nothing recent in its sentence
        ("op mijn 17e, dus acht jaar geleden, heb ik geprobeerd mezelf te doden. het gaat sindsdien goed", None),
        ("jaren geleden bedreigde mijn ex me met een mes. hij heeft een contactverbod en ik woon nu elders", None),
        ("mijn oom heeft twee jaar geleden een eind aan zijn leven gemaakt. het gaat nu goed met me", None),
        # the same history, and something now: still a crisis
        (
            "vier jaar geleden heb ik pillen geslikt. het ging lang goed, maar sinds gisteren wil ik weer dood",
            "crisis_suicidal",
        ),
        ("het gaat al lang goed met me, maar ik wil niet meer leven sinds ze weg is", "crisis_suicidal"),
        (
            "toen ik 20 was sloeg mijn vriend me, het is voorbij. maar mijn nieuwe vriend slaat me ook",
            "crisis_violence",
        ),
        ("drie jaar geleden dacht ik aan zelfmoord", "crisis_suicidal"),
    ],
)
def test_a_danger_told_as_history_that_is_over_is_no_crisis_now(text, expected):
    assert detect_crisis(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ik ben gewoon op, niet dat ik dood wil ofzo",
        "ik voel me leeg maar ik wil echt niet dood hoor",
    ],
)
def test_a_wish_to_die_said_not_to_be_there_is_no_crisis(text):
    assert detect_crisis(text) is None
