"""Safety as a conversation: the crisis replies and what follows them.

Why a flow and not a banner: 113's own advice is to ask directly about thoughts of suicide and
to follow the answer; after violence the first question is whether the person is safe now.
So the first reply gives the helpline and asks; the next message is read as the answer (yes:
stay and help to make contact; no: believe it after this one check and look after sleep and
the huisarts; "you misread me": apologise once and drop the crisis tone). One reminder later,
not one on every reply; a goodbye gets a safe close.
"""

from __future__ import annotations

import dataclasses

from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple

from coach import conversation
from coach.crisis import crisis_kind, only_harmless_idiom, says_suicide_plainly
from coach.state import Question, Risk, SessionState

if TYPE_CHECKING:  # the coach hands itself in; importing it here would be circular
    from coach.session import Coach, Reply, Turn

QUESTIONS = (
    "suicidal_thoughts",
    "someone_near",
    "how_long",
    "safe_now",
    "safety_plan",
    "help_info",
    "violence_check",
    "violence_denied",
    "other_check",
)
LEAVING = ("goodbye", "stop", "thank")
COUNTS_AS_VIOLENCE = "ask_counts_as_violence"
PAST_VIOLENCE = "violence:past"  # told as an ex's violence of years ago
SHAME = "beschaamd"  # the feeling (conversation.yml: feelings) that keeps people from calling
OTHER_VIOLENCE = "other:violence"  # the someone else in crisis is hit, not thinking of death
OTHER_VIOLENCE_HEARD = 0.1
# the question about death was asked because of low mood, not after words of death
LOW_MOOD = "low_mood"
# what an answer to that question says beside its no; more words than this is more than a no
NOT_THE_REST = (
    "correct_bot",
    "deny",
    "affirm",
    "crisis_suicidal",
    "crisis_violence",
    "feeling_low",
    "minimise_violence",
    "nlu_fallback",
    "tell_single",  # "ik heb geen contact meer met hem" says nothing about being single
)
BARE_NO_WORDS = 6
# follow-ups whose cues are questions by themselves ("moet ik het hem vertellen", no "?" typed)
ASKED_FOLLOW_UPS = ("utter_tell_someone_near", "utter_tell_trusted", "utter_should_call", "utter_violence_not_normal")
# replies whose point is to get someone to call: not after they said they will not
HELPLINE_PUSHES = (
    "utter_helpline_general",
    "utter_helpline_veilig_thuis",
    "utter_violence_should_call",
    "utter_should_call",
)
# replies that already give the helplines (besides every utter_helpline_*)
HELPLINE_RESPONSES = (
    "utter_safety_instead_of_steps",
    "utter_violence_minimised",
    "utter_safety_plan",
    "utter_violence_not_ours",
    "utter_violence_without_hitting",
)
# the risk a crisis intent (crisis_<kind>) sets
RISK_OF: Dict[str, Risk] = {"suicidal": "suicidal", "violence": "violence", "other": "other"}


def crisis(coach: "Coach", reply: "Reply", turn: "Turn") -> None:
    """A crisis message: the helplines and the one question that matters, or, told before,
    the next step instead of the same block."""
    state, kind = reply.state, turn.intent.split("_", 1)[1]
    asked = state.asked
    if (
        kind == "violence"
        and "other" in state.told
        and (state.saw(OTHER_VIOLENCE) or conversation.names_victim(coach.conv, turn.text))
        and not conversation.names_own_victim(coach.conv, turn.text)
    ):
        # "het gaat om huiselijk geweld. moet ik de politie bellen?": still someone else's crisis,
        # not "ben je nu veilig?" to the worried brother (round 31); "hij slaat mij ook" is theirs
        kind = "other"
    if kind == "other" and _violent(turn):
        state.mark(OTHER_VIOLENCE)
    if kind == "suicidal" and asked is not None and asked.kind == "suicidal_thoughts":
        # their own answer to the direct question: a later "grapje, ik ben gewoon moe" lowers
        # the risk, it does not take back what they said (round 16: "ik laat het los")
        state.asked = None
        own_yes(reply)
        return
    first = kind not in state.told
    if first:
        state.told.append(kind)
    state.risk, state.reminded, state.asked = RISK_OF[kind], False, None
    if first:  # every first crisis reply says it is a chatbot: no second disclaimer after it
        state.mark("first_contact")
    if kind == "suicidal" and first and says_suicide_plainly(turn.text):
        # said plainly: asking "denk je erover ...?" would ask what was just said; their own words
        state.mark("crisis:suicidal", "asked:someone_near", "suicidal:own")
        reply.response("utter_crisis_suicidal_told", again=True)
        state.asked = Question("someone_near")
    elif kind == "suicidal":
        if first or not state.saw("crisis:suicidal"):
            state.mark("crisis:suicidal")
            coach.hold_pointer(reply)
            reply.response("utter_crisis_suicidal", again=True)
            state.asked = Question("suicidal_thoughts")
        else:
            reply.response("utter_crisis_suicidal_again", again=True)
            if not state.saw("asked:someone_near"):
                state.asked = Question("someone_near")
    elif kind == "violence":
        if first:
            if conversation.violence_in_the_past(coach.conv, turn.text):
                state.mark(PAST_VIOLENCE)  # an ex's, years ago: history once they are safe now
            reply.response(
                "utter_crisis_violence_counts" if counts_asked(coach, turn) else "utter_crisis_violence", again=True
            )
            state.asked = Question("safe_now")
        elif _answers_safe_now(coach, reply, turn, asked):
            return
        elif counts_asked(coach, turn):
            reply.response("utter_violence_counts", again=True)
        else:
            follow = conversation.safety_follow_up(coach.conv, turn.text, violence_only=True)
            # told more ("hij heeft me ook een keer geslagen"): never the same block again
            if not (follow and reply.response(follow)):
                reply.response("utter_crisis_violence_again", again=True)
    else:
        replies = other_replies(coach, state)
        if first:
            reply.response(replies["first"], again=True)
            return
        if _emergency_call(coach, reply, turn, turn.asks):
            return
        # told again with a question in it ("moet ik de politie bellen?"): that answer, once
        answers = {**replies["answers"], **replies["again_answers"]}
        asked_now = [n for n, p in turn.ranking[:3] if n in answers and p >= coach.limits.check]
        if not (asked_now and reply.response(answers[asked_now[0]])):
            reply.response(replies["again"], again=True)


def _answers_safe_now(coach: "Coach", reply: "Reply", turn: "Turn", asked: Optional[Question]) -> bool:
    """ "ja ik ben nu gewoon thuis ... het is niet zo dat hij me slaat": the answer to "ben je
    nu veilig?", whatever crisis word is in it (trial 12: the numbers again instead)."""
    if asked is None or asked.kind != "safe_now" or yes_or_no(coach, turn) not in ("affirm", "deny"):
        return False
    return answer(coach, reply, turn, asked)


def counts_asked(coach: "Coach", turn: "Turn") -> bool:
    """They ask whether it counts as violence ("telt dat eigenlijk als geweld?"): among the
    NLU's first guesses, also behind the crisis intent the crisis net put first."""
    return coach.heard_among(turn, COUNTS_AS_VIOLENCE, 3)


def _violent(turn: "Turn") -> bool:
    """Violence heard in a message about someone else's crisis (the NLU's second guess, or the
    crisis net's patterns)."""
    return any(n == "crisis_violence" and p >= OTHER_VIOLENCE_HEARD for n, p in turn.ranking[:2]) or (
        crisis_kind(turn.text) == "violence"
    )


def _emergency_call(coach: "Coach", reply: "Reply", turn: "Turn", asks: bool) -> bool:
    """ "wat zeg ik tegen 112?" from someone worried about another: what the call is like, once
    (round 34: asked three times)."""
    return (
        asks
        and conversation.names_emergency_call(coach.conv, turn.text)
        and reply.response(coach.conv.emergency_answer)
    )


def other_replies(coach: "Coach", state: SessionState) -> Dict[str, Any]:
    """The replies for someone else's crisis (conversation.yml: someone_else), by its kind:
    violence once it was heard, else a suicide risk."""
    return coach.conv.someone_else["violence" if state.saw(OTHER_VIOLENCE) else "suicidal"]


def yes_or_no(coach: "Coach", turn: "Turn") -> str:
    """ "affirm", "deny" or "" for an answer to a yes/no question: the intent, how the message
    starts ("nee!! ik zei toch ..."), or a yes or no the NLU also heard in a longer answer."""
    if turn.intent in ("affirm", "deny"):
        return turn.intent
    opening = conversation.answer_opening(coach.conv, turn.text)
    if opening:
        return opening
    heard = [name for name, score in turn.ranking if name in ("affirm", "deny") and score >= coach.limits.check]
    return heard[0] if heard else ""


def answer(coach: "Coach", reply: "Reply", turn: "Turn", asked: Question) -> bool:
    """The message read as the answer to a safety question; False when it is not one (a
    goodbye, a new subject), so the coach goes on as usual."""
    state, intent = reply.state, turn.intent
    if asked.kind == "suicidal_thoughts" and intent in LEAVING and coach.heard_among(turn, "correct_bot", 2):
        # "nee nee, zo bedoel ik het niet. gewoon weg, ergens anders. laat maar": the correction
        # is the answer, not a goodbye (round 27: the goodnight with 113 while he went on)
        intent = "correct_bot"
    elif intent in LEAVING or coach.leaving_heard(state, turn):
        if asked.kind == "suicidal_thoughts" and state.risk == "none":
            # "nee joh, gewoon moe. laat maar" right after the question: the goodbye still
            # names 113 for the night (phone trial 3: "Het ga je goed" and nothing else)
            state.risk = "low"
        return False
    if asked.kind == "violence_denied":
        return _denial_checked(coach, reply, turn, yes_or_no(coach, turn))
    if asked.kind == "safety_plan" and coach.names_safety_plan(turn):
        # "oke. dat plan waar je het over had. wat staat daar in" (correct_bot 0.15): a yes in
        # words, whatever the NLU made of it (phone trial 10 got the text about control)
        reply.response("utter_safety_plan", again=True)
        state.mark("safety_plan")
        return True
    if intent == "correct_bot" and asked.kind == "suicidal_thoughts":
        # "nee nee, ik doe niks hoor" and "je leest het verkeerd" sound alike: an apology, the
        # answer believed, and still one gentle question (a clear no, with a sorry)
        state.mark("misread_no")  # the user said the bot misread them, not "no, but ..."
        if _only_misread(coach, turn, asked):
            _believed_after_check(coach, reply, turn, "utter_low_mood_no_misread")
        else:
            _believed(reply, "utter_suicidal_no_misread")
        return True
    if intent == "correct_bot":
        return misread(coach, reply, turn)
    if intent == "ask_helpline":  # "bellen durf ik niet": answered, the question stays open
        follow_up(coach, reply, turn)
        state.asked = state.asked or asked  # unless "en wat typ ik dan?" is now expected
        return True
    if intent == "ask_privacy" and coach.asks_privacy(turn):  # "ziet iemand dit?": answered, still open
        privacy(coach, reply)
        state.asked = asked
        return True
    said = yes_or_no(coach, turn)
    if asked.kind == "violence_check":
        return _violence_checked(coach, reply, turn, asked, said)
    if asked.kind == "other_check":
        return _other_checked(coach, reply, turn, asked, said)
    if asked.kind == "suicidal_thoughts":
        # "nee, geen plan. het is meer dat ik er niet meer hoef te zijn": no plan is no "no"
        death_heard = coach.heard_among(turn, "crisis_suicidal", 2)
        if said == "deny" and not death_heard and _only_misread(coach, turn, asked):
            _believed_after_check(coach, reply, turn, "utter_low_mood_no")
            return True
        if said == "deny" and not death_heard:  # a clear no is believed after this one check, still looked after
            _believed(reply, "utter_suicidal_no")
            return True
        # "ho ho, zo dramatisch is het niet, ik zei alleen dat ik nergens zin in heb": playing
        # the question down is a no to it, whatever low mood it repeats (round 22 asked the same
        # question again, word for word); believed, with a sorry, still looked after
        # (a minimising message about their mood; "hij is wel online geweest" is another subject)
        played_down = coach.pushes_back(turn) or (
            coach.heard_among(turn, "feeling_low", 2)
            and any(coach.heard_among(turn, name, 2) for name in ("minimise_violence", "correct_bot"))
        )
        if played_down and not death_heard and said != "affirm":
            state.mark("misread_no")
            _believed(reply, "utter_suicidal_no_misread")
            return True
        # a yes is a yes, a death thought or low mood the NLU heard, or "weet ik niet" / "soms"
        # (in doubt, a yes); a message about something else is no answer: it is answered and the
        # question comes back once (round 12 took "hij is wel online geweest" for a yes and
        # then kept 113 in every reply through five no's)
        hesitant = (
            said == "affirm"
            and not death_heard
            and not turn.button
            and not coach.sure(turn)
            and conversation.answer_opening(coach.conv, turn.text) != "affirm"
        )
        if hesitant and not state.saw("suicidal:time"):
            # "tja. dat is nogal een vraag" (affirm 0.22 to the NLU) is no yes: room to answer,
            # the question once more, calmly (trial 15: 113 urged twice, "ho even, ik heb nog
            # niks gezegd")
            state.mark("suicidal:time")
            reply.response("utter_suicidal_take_time", again=True)
            state.asked = asked
            return True
        yes = said == "affirm" or death_heard
        low = coach.heard_among(turn, "feeling_low", 2)
        short = turn.words <= coach.limits.short_words and intent not in coach.knowledge.topics
        if not (yes or low or said == "dont_know" or (short and not said)):
            reply.unanswered = asked.kind
            return False
        if yes or "suicidal" in state.told:
            state.mark("suicidal:own")  # their own words: no "correction" takes it back
        if "suicidal" not in state.told:
            state.told.append("suicidal")
        _suicidal_yes(reply)
        return True
    if asked.kind == "help_info":
        # "en wat typ ik dan als eerste?" right after the helplines: about reaching them; "hoe
        # zeg ik het zonder dat ze denkt dat het aan haar ligt?" after telling someone close was
        # the answer: about telling them (round 18 gave the first line for 113 twice)
        how = intent in ("ask_what_to_say", "ask_now", "ask_if_stuck") or (
            turn.asks and not helpline_heard(coach, turn)
        )
        if (asked.options == ["utter_tell_someone_near"] and how) or (tells_someone(coach, turn) and how):
            # "wat zeg ik tegen els?" after the huisarts or 113: telling someone close, not the
            # first line for 113 (round 27)
            reply.response("utter_tell_someone_how", again=True)
            return True
        if intent in ("ask_what_to_say", "ask_now", "ask_if_stuck") or helpline_heard(coach, turn):
            first_line(reply)
            return True
        return False
    if asked.kind == "someone_near" and turn.asks and tells_someone(coach, turn):
        # "wat zeg ik tegen mijn vrouw?" as the answer to "is er iemand bij je?": someone close
        # is there, and how to tell her is the question
        reply.response("utter_tell_someone_how", again=True)
        return True
    if asked.kind == "someone_near":
        reply.response("utter_someone_near_yes" if said == "affirm" else "utter_someone_near_no", again=True)
        return True
    if asked.kind == "how_long":
        if coach.sure(turn) and (intent in coach.knowledge.topics or intent in coach.knowledge.questions):
            return False  # they went back to what they came for: follow them
        if (
            conversation.says_fine(coach.conv, turn.text)
            and not _sounds_low(coach, turn)
            and "suicidal" not in state.told
        ):
            # "Het gaat best met mij ... ik ben niet depressief": believed, no 113 (round 30)
            state.risk = "none"
            reply.response("utter_low_fine", again=True)
            _go_on(coach, reply, turn)
            return True
        if turn.asks or turn.words > 12:  # the answer also asks or tells more: go on with it
            reply.response("utter_low_follow_up_then", again=True)
            coach.route(reply, turn)
        else:
            reply.response("utter_low_follow_up", again=True)
        return True
    if asked.kind == "safe_now":
        if said == "deny" and conversation.says_safe(coach.conv, turn.text):
            said = "affirm"  # "nee, geen zorgen ... ik ben volkomen veilig": safe, in words
        if intent == "minimise_violence":
            reply.response("utter_violence_minimised", again=True)
        elif said == "affirm" and state.saw(PAST_VIOLENCE):
            # "ja ik ben veilig, dat zei ik al. het gaat me om nu, met Ruben": an ex's violence of
            # years ago is history now; the talk goes on with what it left behind (round 32)
            state.told.remove("violence")
            state.risk, state.reminded = "none", True
            reply.response("utter_violence_past_safe", again=True)
            _go_on(coach, reply, turn)
        elif said == "affirm" and counts_asked(coach, turn):
            # "ja ik ben thuis, hij is er niet. maar telt het nou of niet?": the question she
            # asked twice gets its yes, before any plan (trial 12)
            reply.response("utter_violence_safe_now_short", again=True)
            reply.response("utter_violence_counts", again=True)
        elif said == "affirm":
            # "ja ik ben veilig. maar hij is geen slechte man, als ik hem niet provoceer ...":
            # the yes and the playing down are both answered
            played_down = coach.heard_among(turn, "minimise_violence", 3)
            reply.response(
                "utter_violence_safe_now_minimised" if played_down else "utter_violence_safe_now", again=True
            )
            state.asked = Question("safety_plan")
        elif said == "deny":
            reply.response("utter_violence_danger_now", again=True)
        else:
            reply.unanswered = asked.kind
            return False
        return True
    if asked.kind == "safety_plan" and said:
        reply.response("utter_safety_plan" if said == "affirm" else "utter_safety_plan_later", again=True)
        return True
    return False


def check_violence(coach: "Coach", reply: "Reply", turn: "Turn") -> None:
    """Violence the crisis net did not confirm ("als hij boos is duwt hij me weg, valt wel
    mee"): asked once, plainly, instead of guessing either way; the answer decides."""
    state = reply.state
    state.mark("checked:violence")
    reply.response("utter_violence_check", again=True)
    topic = next((n for n, p in turn.ranking if n in coach.knowledge.topics and p >= coach.limits.check), None)
    state.asked = Question("violence_check", [topic] if topic else [])


def _violence_checked(coach: "Coach", reply: "Reply", turn: "Turn", asked: Question, said: str) -> bool:
    state = reply.state
    if said == "affirm":
        state.told.append("violence")
        state.risk, state.reminded = "violence", False
        state.mark("first_contact")
        reply.response("utter_violence_check_yes", again=True)
        state.asked = Question("safe_now")
        return True
    # what was told about control, in this answer or before (Coach.respond marks it)
    if said == "deny" and state.saw("told:control"):
        # "nee, hij slaat me niet, hij wordt gewoon boos": believed about hitting, and the
        # control she told about named calmly, once, with where to talk about it (trial 11)
        control(reply, after_no=True)
        return True
    if said == "deny":
        reply.response("utter_violence_check_no", again=True)
        _go_on_after_no(coach, reply, turn, asked.options[0] if asked.options else "")
        return True
    return False  # something else entirely: heard as it is


def control(reply: "Reply", after_no: bool = False) -> None:
    """Control without hitting, told or asked about: named once as something that can hurt
    too, with Veilig Thuis to talk it through, and a question about how it is for them; the
    conversation is no crisis (no reminders, no safety questions), and not normalised. Only
    after a no to the question about hitting does it say that no was believed (trial 13: "fijn
    dat er niet geslagen wordt" to a first message that never spoke of hitting)."""
    state = reply.state
    if state.saw("named:control"):
        reply.response("utter_control_again", again=True)
    else:
        state.mark("named:control")
        reply.response("utter_control_named" if after_no else "utter_control_named_asked", again=True)
    state.asked = None


def safety_plan(reply: "Reply") -> None:
    """What a safety plan holds: sent the first time this is called, whatever was sent before;
    after that only if it has not been sent yet."""
    reply.response("utter_safety_plan", again=not reply.state.saw("safety_plan"))
    reply.state.mark("safety_plan")


def control_known(state: SessionState) -> bool:
    """Control was told in this conversation, or named by the bot."""
    return state.saw("told:control") or state.saw("named:control")


def control_question(reply: "Reply", plan: bool) -> None:
    """Once control was told, "is het normaal dat hij mijn telefoon checkt?" gets a plain no,
    and a plan to give in to it ("moet ik mijn locatie delen? hij zegt: als je echt van me
    houdt") gets that giving in rarely calms jealousy, each once (trial 13: "ja, dat is heel
    begrijpelijk" and "dan zou ik het doen")."""
    name = "utter_control_plan" if plan else "utter_control_normal"
    if not reply.response(name):
        reply.response("utter_control_again", again=True)
    reply.state.asked = None


def check_other(coach: "Coach", reply: "Reply", turn: "Turn") -> None:
    """Someone else's danger the crisis net did not confirm ("hij zei dat iedereen beter af is
    zonder hem, wat doe ik nu"): asked once, plainly, whether they fear for that person now;
    what the NLU heard beside it (violence or not) says which answers follow a yes."""
    state = reply.state
    state.mark("checked:other")
    scores = dict(turn.ranking)
    kind = (
        "violence" if _violent(turn) or scores.get("crisis_violence", 0.0) > scores.get("crisis_suicidal", 0.0) else ""
    )
    topic = next((n for n, p in turn.ranking if n in coach.knowledge.topics and p >= coach.limits.check), "")
    reply.response("utter_other_check", again=True)
    state.asked = Question("other_check", [kind, topic])


def _other_checked(coach: "Coach", reply: "Reply", turn: "Turn", asked: Question, said: str) -> bool:
    kind, topic = (asked.options + ["", ""])[:2]
    if said == "affirm":
        if kind == "violence":
            reply.state.mark(OTHER_VIOLENCE)
        crisis(coach, reply, dataclasses.replace(turn, intent="crisis_other"))
        return True
    if said == "deny":
        reply.response("utter_other_check_no", again=True)
        _go_on_after_no(coach, reply, turn, topic)
        return True
    return False  # something else entirely: heard as it is


def _go_on_after_no(coach: "Coach", reply: "Reply", turn: "Turn", topic: str) -> None:
    """After a no to a safety check: the topic the NLU heard beside it, or an open question."""
    if topic in coach.knowledge.topics:
        coach.topic(reply, topic, turn)
    else:
        coach.ask_open(reply)
        reply.state.asked = Question("open_story")


def _denial_checked(coach: "Coach", reply: "Reply", turn: "Turn", said: str) -> bool:
    """The answer to "heb ik je verkeerd gelezen, of wil je uitleg?": another correction or a
    denial the crisis net knows lets the reading go; a yes, a no (which of the two is unclear),
    a doubt or anything about violence keeps it, with what violence without hitting can be."""
    state = reply.state
    if turn.intent == "correct_bot" or (not said and only_harmless_idiom(turn.text)):
        _take_back(coach, reply, turn)
        return True
    if said or turn.intent == "minimise_violence":
        state.mark("without_hitting")
        reply.response("utter_violence_without_hitting", again=True)
        return True
    return False  # something else entirely ("waarom trekt ze zich zo terug?"): heard as it is


def privacy(coach: "Coach", reply: "Reply") -> None:
    """ "geef je dit door? ziet iemand dit?": what happens to this conversation; after
    violence also what someone who checks the phone could see."""
    state = reply.state
    if not reply.response("utter_privacy", days=f"{coach.limits.retention_days:g}"):
        # asked again: the short version, never the whole block twice (round 25)
        reply.response("utter_privacy_again", again=True)
    if state.violence and not state.saw("privacy_phone"):
        state.mark("privacy_phone")
        reply.response("utter_privacy_phone", again=True)


def low_mood(coach: "Coach", reply: "Reply") -> None:
    """Grey, empty, no energy, no words of death: 113's advice is to ask directly, calmly,
    once; the answer goes through the same flow as after a suicide message."""
    state = reply.state
    if not state.saw("checked:low_mood") and state.risk == "none":
        state.mark("checked:low_mood")
        coach.hold_pointer(reply)
        reply.response("utter_low_mood_check", again=True)
        state.asked = Question("suicidal_thoughts", options=[LOW_MOOD])
    elif not state.saw("low_mood_again"):
        state.mark("low_mood_again")
        reply.response("utter_low_mood_again", again=True)
    elif state.topic in coach.knowledge.topics:
        coach.next_kind(reply, state.topic or "", None)
    else:
        coach.ask_open(reply)


def tells_shame(coach: "Coach", turn: "Turn", asked: Optional[Question]) -> bool:
    """Shame named in answer to whether someone is near or how to reach 113."""
    near = asked is not None and asked.kind in ("someone_near", "help_info")
    return near and conversation.feeling_named(coach.conv, turn.text) == SHAME


def shame(reply: "Reply") -> None:
    """ "ik schaam me kapot": shame is the threshold; heard, with the way past it (a chat,
    anonymous) and how they get through the evening (round 31: "Goed, dan gaan we daarmee
    verder" and a writing exercise). The question stays answered; the risk stays."""
    reply.state.asked = None
    reply.response("utter_suicidal_shame", again=True)


def _rest(coach: "Coach", turn: "Turn") -> Optional[Tuple[str, float]]:
    """What an answer to the question about death says beside its no, if it says more."""
    if turn.words <= BARE_NO_WORDS:
        return None
    return next(((n, p) for n, p in turn.ranking if n not in NOT_THE_REST and p >= coach.limits.check), None)


def _only_misread(coach: "Coach", turn: "Turn", asked: Question) -> bool:
    """The question was asked because of low mood (no word of death), and the no says what
    they meant instead, with nothing low in it ("Nee hoor, zo bedoelde ik het niet. Ik
    bedoelde: moeten wij de rest van ons leven zo naast elkaar leven?"); or, whatever it was
    asked for, the no already says how it goes ("Nee hoor, echt niet! ... Met mij gaat het
    prima", trial 12: asked how it goes anyway). A bare no, or one that is still tired or
    empty ("nee joh, gewoon moe"), keeps the gentle follow-up."""
    if _sounds_low(coach, turn) or turn.words <= BARE_NO_WORDS:
        return False
    if conversation.says_fine(coach.conv, turn.text):
        return True
    explains = _rest(coach, turn) is not None or conversation.says_what_was_meant(coach.conv, turn.text)
    return LOW_MOOD in asked.options and explains


def _sounds_low(coach: "Coach", turn: "Turn") -> bool:
    """Low mood heard by the NLU or a feeling named ("gewoon moe", "zo leeg")."""
    return coach.heard_among(turn, "feeling_low", 2) or conversation.feeling_named(coach.conv, turn.text) is not None


def _believed_after_check(coach: "Coach", reply: "Reply", turn: "Turn", response: str) -> None:
    """That no, believed after the one check: nothing more asked, no helpline at goodbye, and
    what the answer meant is answered (round 30: she got how she sleeps, the huisarts and 113,
    and 113 again at "dag hoor")."""
    reply.state.risk = "none"
    # a farewell, not a thanks: "nee hoor, dank je dat je het vraagt, ik bedoelde ..." goes on
    leaving = conversation.says_goodbye(coach.conv, turn.text) or any(
        n in ("goodbye", "stop") and p >= coach.limits.check for n, p in turn.ranking[:2]
    )
    if leaving:  # "ik bedoelde dat ik stop met chatten voor vandaag": believed, and let go
        reply.response("utter_low_mood_no_leaving", again=True)
        coach.close(reply, "goodbye", turn)
        return
    reply.response(response, again=True)
    _go_on(coach, reply, turn)


def _go_on(coach: "Coach", reply: "Reply", turn: "Turn") -> None:
    """After a check that ended well: what the message also asks or tells, else the topic."""
    state = reply.state
    rest = _rest(coach, turn)
    if rest is not None:
        coach.route(reply, dataclasses.replace(turn, intent=rest[0], confidence=rest[1]))
    elif state.topic in coach.knowledge.topics:
        coach.next_kind(reply, state.topic or "", None)
    else:
        coach.ask_open(reply)


def _believed(reply: "Reply", response: str) -> None:
    """A no to the direct question: believed; how it goes and how they sleep is asked only
    the first time (a second no hears that the thought may come back and where to go then)."""
    state = reply.state
    state.risk = "low"
    if state.saw("asked:how_long"):
        reply.response("utter_suicidal_no_again", again=True)
        return
    state.mark("asked:how_long")
    reply.response(response, again=True)
    state.asked = Question("how_long")


def tells_someone(coach: "Coach", turn: "Turn") -> bool:
    """The message is about telling someone close ("wat zeg ik tegen mijn vrouw?", "moet ik het
    els vertellen?"): a partner word the NLU found, or a named person in the follow-up cues."""
    told = conversation.safety_follow_up(coach.conv, turn.text)
    return turn.persoon is not None or told in ("utter_tell_trusted", "utter_tell_someone_near")


def helpline_heard(coach: "Coach", turn: "Turn") -> bool:
    return any(n == "ask_helpline" and s >= coach.limits.check for n, s in turn.ranking)


def first_line(reply: "Reply") -> None:
    """What to type or say first to 113: for someone who said yes, plainly; for someone who
    said no but has dark thoughts, without the word they did not use."""
    reply.response("utter_113_what_to_say" if reply.state.risk == "suicidal" else "utter_113_first_line", again=True)


def own_yes(reply: "Reply") -> None:
    """Thoughts of death said in their own words (as the answer to "denk je erover ...?", or a
    no to it taken back later): no later correction takes it back; the yes's care."""
    state = reply.state
    state.mark("suicidal:own")
    if "suicidal" not in state.told:
        state.told.append("suicidal")
    _suicidal_yes(reply)


def _suicidal_yes(reply: "Reply") -> None:
    state = reply.state
    state.risk = "suicidal"
    reply.response("utter_suicidal_yes", again=True)
    state.mark("asked:someone_near")
    state.asked = Question("someone_near")


def follow_up(coach: "Coach", reply: "Reply", turn: "Turn") -> None:
    """A question about the helplines, or playing down what happened."""
    state = reply.state
    if not state.told and state.risk != "low":  # nothing was told: no crisis lines out of nowhere
        if coach.sure(turn) and turn.intent == "ask_helpline":
            reply.response("utter_where_to_get_help", again=True)
        else:
            coach.unsure(reply, turn)
        return
    if turn.intent == "minimise_violence" and not state.violence:
        # nobody spoke of violence: "het is pas sinds hij zijn baan kwijt is" is about the topic
        coach.unsure(reply, turn)
        return
    violence_only = state.violence and "suicidal" not in state.told
    default = coach.conv.safety_defaults.get(turn.intent, coach.conv.safety_defaults["ask_helpline"])
    response = conversation.safety_follow_up(coach.conv, turn.text, violence_only, default) or default
    if ("suicidal" in state.told or state.risk == "low") and not state.violence:
        response = coach.conv.after_suicidal.get(response, response)
    if state.violence and "helpline" in state.refused and response in HELPLINE_PUSHES:
        # they said they will not call: listened to, not urged again
        reply.response("utter_violence_listen", again=True)
        return
    if not reply.response(response):
        # asked on after that answer ("komen ze dan bij ons thuis?"): not the same block again
        # but where such a question can be asked; once that was said, the short version
        if state.violence and not turn.asks:
            # "ik wilde gewoon even mijn verhaal kwijt" after the numbers: listened to, not
            # pointed to Veilig Thuis again (round 22: "ook dat is een goede vraag voor ...")
            reply.response("utter_violence_listen", again=True)
        elif state.violence:
            where_to_ask(reply)
        else:
            reply.response("utter_suicidal_stay", again=True)
    if state.risk in ("suicidal", "low"):
        # "en wat typ ik dan?" is about reaching them; after "moet ik het haar vertellen?",
        # "hoe zeg ik het?" is about telling her
        state.asked = Question("help_info", [response])


def where_to_ask(reply: "Reply") -> None:
    """After violence, a question the articles cannot answer: where it can be asked, the
    whole pointer once and then shorter lines, never the same block again."""
    reply.response("utter_violence_not_ours") or reply.response("utter_violence_ask_them", again=True)


def asked_for_help(coach: "Coach", turn: "Turn") -> bool:
    """ "moet ik het hem dan vertellen?", "moet ik echt bellen": a question about getting help
    the safety follow-ups answer."""
    if conversation.normal_about_others(coach.conv, turn.text):
        return False  # "is het normaal dat een man zo wordt?" asks about him (phone trial 4)
    return conversation.safety_follow_up(coach.conv, turn.text) in ASKED_FOLLOW_UPS


def remind(coach: "Coach", reply: "Reply") -> None:
    """Once after a crisis reply, one gentle line with the helpline; never again after. A
    safety question the user went past is asked once more instead, after their message was
    answered: whether they are safe matters more than a reminder."""
    state = reply.state
    kind = reply.unanswered
    pending = state.asked is not None and state.asked.kind in QUESTIONS
    # it takes the place of a question the answer to their message ended with
    if kind and reply.messages and not pending and not state.saw(f"reask:{kind}"):
        state.mark(f"reask:{kind}")
        reply.response(f"utter_reask_{kind}", again=True)
        state.asked = Question(kind)
        return
    waiting = state.asked is not None and state.asked.kind in QUESTIONS
    # a reply that already names a helpline needs no reminder beside it
    told = any(name in HELPLINE_RESPONSES or name.startswith("utter_helpline") for name in reply.names)
    refused = "helpline" in state.refused
    if state.in_crisis and not state.reminded and reply.messages and not waiting and not told and not refused:
        state.reminded = True
        other = other_replies(coach, state)["reminder"]
        reply.response(other if state.risk == "other" else f"utter_reminder_{state.risk}")


def other_safe(coach: "Coach", reply: "Reply", turn: "Turn") -> None:
    """ "ik heb het haar gevraagd, ze bedoelde ons. het huwelijk": the other is not at risk;
    the helplines rest and what the message tells about them goes on (round 32)."""
    state = reply.state
    state.told = [k for k in state.told if k != "other"]
    state.risk, state.reminded, state.asked = "none", True, None
    reply.response("utter_other_safe", again=True)
    _go_on(coach, reply, turn)


def someone_else(coach: "Coach", reply: "Reply", turn: "Turn", intent: str) -> None:
    """The worried friend's or parent's questions: answered by what they ask, each answer
    once; another question first gets what to do now (go there, or 112 in direct danger),
    then the general advice; only what is not a question is listened to (round 27: one block
    four times; round 28: "is dit direct gevaar? ja of nee" got "wat heb jij nu nodig?")."""
    replies = other_replies(coach, reply.state)
    asks = turn.asks or intent in ("ask_what_to_say", "ask_helpline", "ask_now", "ask_what_to_do", "correct_bot")
    if _emergency_call(coach, reply, turn, asks):
        return
    answers = replies["answers"]
    named = answers.get(intent) or (answers["ask_now"] if turn.asks else None)
    if named and reply.response(named):
        return
    if not reply.response(replies["general"]):
        reply.response("utter_someone_else_listen", again=True)


def close(coach: "Coach", reply: "Reply", intent: str) -> bool:
    """Leaving after a crisis: a safe goodbye (after violence), the night's helpline, or for
    someone worried about another, to go and stay with them."""
    state = reply.state
    if state.risk == "other":
        reply.response(other_replies(coach, state)["goodbye"], again=True)
        return True
    if state.risk == "violence":
        # the whole safe goodbye once; leaving again ("laat maar", then "doei") hears it short
        again = state.saw("violence_goodbye")
        state.mark("violence_goodbye")
        # one message, which also says the chat may be read by others: trial 12 got that twice
        # over three bubbles (goodbye, device note, reminder), "a privacy warning, not a goodbye"
        reply.response("utter_violence_goodbye_again" if again else "utter_violence_goodbye", again=True)
        state.reminded = True
        return True
    if state.risk in ("suicidal", "low"):
        again = state.saw("suicidal_goodbye")
        state.mark("suicidal_goodbye")
        reply.response("utter_close_after_suicidal_again" if again else "utter_close_after_suicidal", again=True)
        state.reminded = True  # the goodnight names 113: no reminder beside it
        return True
    return False


def misread(coach: "Coach", reply: "Reply", turn: "Turn") -> bool:
    """ "ik ben niet suïcidaal", "wie heeft het over geweld?": apologise once, drop the
    crisis tone, go on. False when there was no crisis to take back."""
    state = reply.state
    if not (state.in_crisis or state.risk == "low"):
        return False
    if state.risk in ("suicidal", "low") and helpline_heard(coach, turn) and not only_harmless_idiom(turn.text):
        # "nee, dat is voor mijn vriend. ik bedoel wat ik bij 113 typ": not taking it back
        # ("grapje, ik ga niks doms doen, hoef geen 113" denies, it does not ask about 113)
        first_line(reply)
        return True
    if state.risk == "low" and not only_harmless_idiom(turn.text):
        # after a no to the direct question the talk went on: "nee ik bedoel niet met hem.
        # gewoon met alles" corrects the last answer, not the care (round 14 let it all go)
        return False
    if state.risk == "suicidal" and state.saw("suicidal:own") and not only_harmless_idiom(turn.text):
        # they answered the direct question themselves: "nee ik bedoel mijn vriend. moet ik het
        # hem vertellen" corrects the bot's last answer, not that (round 10 dropped the risk and
        # said a cheerful goodbye); its question is answered, or asked what they meant
        if asked_for_help(coach, turn):
            follow_up(coach, reply, turn)
        else:
            reply.response("utter_suicidal_misread_keep", again=True)
        return True
    # a denial the crisis net knows, told plainly to a sure NLU ("ik had het niet over geweld
    # hoor, hij slaat me niet"), is believed at once; a no alone is not ("nee dat klopt niet, we
    # zijn geen huisgenoten. ik bedoel over het duwen" took the violence back in round 11)
    denial = only_harmless_idiom(turn.text)
    denied = coach.sure(turn) and not turn.asks and denial
    if state.violence and not denied and not denial and state.topic and not state.confirmed:
        # the topic the bot assumed was wrong, not the violence: sorry, and about that
        state.ruled_out.append(state.topic)
        state.topic, state.asked = None, None
        reply.response("utter_violence_topic_wrong", again=True)
        if not coach.safety_instead(reply, None):
            where_to_ask(reply)
        return True
    if state.violence and not denied and denial and not state.saw("checked:denial"):
        # "geweld?? er is geen geweld, ze rouwt" and "is dit wel geweld? hij slaat me niet hard"
        # read alike: asked once, plainly, instead of explaining violence to someone the bot
        # misread (round 9: a grieving husband got the explanation, then a safety plan)
        state.mark("checked:denial")
        reply.response("utter_violence_denied_check", again=True)
        state.asked = Question("violence_denied")
        return True
    if state.violence and not denied and (turn.asks or not denial):
        # after violence the crisis tone is only taken back on a clear denial the crisis net
        # knows ("ik had het niet over geweld hoor, hij slaat me niet"), or after the one check
        # above; "je zegt niet of het geweld is" is pushing back, not taking it back
        if state.saw("without_hitting"):
            safety_plan(reply)
        else:
            state.mark("without_hitting")
            reply.response("utter_violence_without_hitting", again=True)
        return True
    _take_back(coach, reply, turn)
    return True


def _take_back(coach: "Coach", reply: "Reply", turn: "Turn") -> None:
    """Sorry once, the crisis tone dropped, back to the topic or an open question."""
    state = reply.state
    kind = "suicidal" if state.risk == "low" else state.risk
    # "low" after a plain no to the direct question is what the user told (dark thoughts, no
    # plans): a later "dat bedoel ik niet" takes back the bot's reading of this message, not
    # that, and the goodnight still names 113; after "je leest het verkeerd" it is all dropped
    # (and after their own yes to the direct question, "ik ben niet suïcidaal hoor" lowers the
    # risk to low: the goodnight still names 113)
    keep = (state.risk == "low" and not state.saw("misread_no")) or state.saw("suicidal:own")
    if not keep and kind in state.told:
        state.told.remove(kind)
    state.risk = "low" if keep else "none"
    state.reminded, state.asked = True, None
    if keep and "suicidal" in state.told and (turn.asks or turn.words > coach.limits.own_words):
        # "ik ben niet in gevaar oke. ik wil alleen weten hoe ik tegen hem zeg dat ik me eenzaam
        # voel": what they told stays (no "ik laat het los"), and what they ask is answered
        # (round 13 asked "waar wil je het over hebben?" right after she had said it)
        reply.response("utter_risk_kept_go_on", again=True)
        coach.route(reply, dataclasses.replace(turn, intent="nlu_fallback", confidence=0.0))
        return
    if state.topic in coach.knowledge.topics:
        reply.response("utter_crisis_misread_topic", topic=coach.label(state.topic), again=True)
    else:
        reply.response("utter_crisis_misread", again=True)
        state.asked = Question("open_story")
