"""How the bot reads a message beyond its intent (pure functions over knowledge/conversation.yml).

Why not more intents: whether a message corrects the bot, names an ex or a date, asks for
steps, or touches a subject that is not ours is orthogonal to what it is about; one intent
per message cannot say both, so these cues are read next to the intent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Pattern, Sequence, Tuple

from coach.crisis import normalize, sentence_of

RELATIONSHIPS = ("partner", "ex", "date", "single")


@dataclass(frozen=True)
class Referral:
    subject: str
    response: str
    cues: Tuple[Pattern[str], ...]
    ours: Tuple[str, ...]
    why: Optional[str] = None
    unless: Tuple[Pattern[str], ...] = ()


@dataclass(frozen=True)
class LifeChange:
    """A change in the user's life that explains distance (conversation.yml: life_changes):
    heard once, and the reason given for the topics in `ours` from then on."""

    name: str
    cues: Tuple[Pattern[str], ...]
    heard: str
    why: str
    ours: Tuple[str, ...]


@dataclass(frozen=True)
class DraftReview:
    """How a sentence the user means to say is looked at (conversation.yml: draft_review)."""

    source: str
    quote: Pattern[str]
    reported: Tuple[Pattern[str], ...]
    asks: Tuple[Pattern[str], ...]
    checks: Tuple[Tuple[Pattern[str], str, bool], ...]  # pattern, response, something to change


@dataclass(frozen=True)
class Suggestion:
    """A kind of suggestion a person can turn down (conversation.yml: suggestions)."""

    named: Pattern[str]
    offered: Pattern[str]
    heard: str
    topic: Optional[str] = None  # the topic the refusal rules out ("laat mijn jeugd erbuiten")


@dataclass(frozen=True)
class Conversation:
    """knowledge/conversation.yml, compiled."""

    follow_ups: Dict[str, str]
    more_steps_title: str
    headings: Dict[str, Tuple[str, str]]
    source_prefix: str
    who: Dict[str, str]
    partner_words: Tuple[str, ...]
    relationship_cues: Tuple[Tuple[str, Tuple[Pattern[str], ...]], ...]
    asks_for_steps: Tuple[Pattern[str], ...]
    help_reached: Tuple[Pattern[str], ...]
    says_safe: Tuple[Pattern[str], ...]
    step_question: Pattern[str]
    exercise_help_cues: Tuple[Pattern[str], ...]
    answer_buttons: Dict[str, Any]
    answer_openings: Tuple[Tuple[str, Pattern[str]], ...]
    self_description: Pattern[str]
    own_person: Pattern[str]
    not_the_person: Tuple[Pattern[str], Pattern[str]]
    suggestions: Dict[str, Suggestion]
    refusal_words: Pattern[str]
    refusal_window: int
    refusal_pointer: Pattern[str]
    question_words: Tuple[Tuple[str, Tuple[Pattern[str], ...]], ...]
    question_form: Tuple[Pattern[str], ...]
    reported_speech: Pattern[str]
    plan_question: Tuple[Pattern[str], ...]
    choice_question: Tuple[Pattern[str], ...]
    side_words: Tuple[Tuple[str, Tuple[Pattern[str], ...]], ...]
    repeated_number: Tuple[str, Pattern[str], int]
    about_others: Tuple[Pattern[str], ...]
    own_past: Tuple[Pattern[str], ...]
    stop_exercise: Tuple[Pattern[str], ...]
    asks_address: Tuple[Pattern[str], ...]
    violence_denial: Tuple[Pattern[str], ...]
    exercise_return: Tuple[Pattern[str], ...]
    option_number: Pattern[str]
    option_words: Dict[str, int]
    not_plans: Tuple[Pattern[str], ...]
    help_plans: Tuple[Pattern[str], ...]
    referrals: Tuple[Referral, ...]
    life_changes: Tuple[LifeChange, ...]
    safety_follow_ups: Tuple[Tuple[str, Tuple[Pattern[str], ...]], ...]
    safety_defaults: Dict[str, str]
    after_violence: Dict[str, str]
    after_suicidal: Dict[str, str]
    session: Dict[str, Any]
    draft_review: DraftReview
    feelings: Tuple[Tuple[str, Tuple[Pattern[str], ...]], ...]
    wants_to_vent: Tuple[Pattern[str], ...]
    wants_to_tell: Tuple[Pattern[str], ...]
    says_fine: Tuple[Pattern[str], ...]
    only_thanks: Tuple[Pattern[str], ...]
    question_forms: Tuple[Pattern[str], ...]
    # a topic and the pattern of its name said with a no (negated_topics)
    named_with_no: Tuple[Tuple[str, Pattern[str]], ...]
    meant_instead: Tuple[Pattern[str], ...]
    normal_about_others: Tuple[Pattern[str], ...]
    # someone worried about another's crisis: who the victim is, and per kind of crisis the
    # replies (first, again, goodbye) and the answers by intent
    past_violence: Tuple[Tuple[Pattern[str], ...], Tuple[Pattern[str], ...]]
    victim: Tuple[Pattern[str], ...]
    own_victim: Tuple[Pattern[str], ...]
    not_at_risk: Tuple[Pattern[str], ...]
    someone_else: Dict[str, Dict[str, Any]]
    # "wat zeg ik tegen 112?" from someone worried about another, and its answer
    emergency_call: Tuple[Pattern[str], ...]
    emergency_answer: str
    # the farewells of `closings` (also the message guard's, stored with the model)
    farewells: Tuple[Pattern[str], ...] = ()
    pauses: Tuple[Pattern[str], ...] = ()
    control: Tuple[Pattern[str], ...] = ()
    not_understood: Tuple[Pattern[str], ...] = ()


def _compiled(patterns: Sequence[str]) -> Tuple[Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def compile_conversation(raw: dict) -> Conversation:
    return Conversation(
        follow_ups=dict(raw["follow_ups"]),
        more_steps_title=raw["more_steps_title"],
        headings={part: (h["heading"], h["label"]) for part, h in raw["headings"].items()},
        source_prefix=raw["source_prefix"],
        who=dict(raw["who"]),
        partner_words=tuple(raw["partner_words"]),
        relationship_cues=tuple((name, _compiled(p)) for name, p in raw["relationship_cues"].items()),
        asks_for_steps=_compiled(raw["asks_for_steps"]),
        help_reached=_compiled(raw["help_reached"]),
        says_safe=_compiled(raw["says_safe"]),
        step_question=re.compile(raw["step_question"]),
        exercise_help_cues=_compiled(raw["exercise_help_cues"]),
        answer_buttons=dict(raw["answer_buttons"]),
        answer_openings=tuple((name, re.compile(p)) for name, p in raw["answer_openings"].items()),
        self_description=re.compile(raw["self_description"]),
        own_person=re.compile(raw["own_person"]),
        not_the_person=(re.compile(raw["not_the_person"]["before"]), re.compile(raw["not_the_person"]["after"])),
        suggestions={
            name: Suggestion(
                re.compile(spec["named"]), re.compile(spec["offered"], re.I), spec["heard"], spec.get("topic")
            )
            for name, spec in raw["suggestions"].items()
        },
        refusal_words=re.compile(raw["refusal_words"]),
        refusal_window=int(raw["refusal_window"]),
        refusal_pointer=re.compile(raw["refusal_pointer"]),
        question_words=tuple((name, _compiled(p)) for name, p in raw["question_words"].items()),
        question_form=_compiled(raw["question_form"]),
        reported_speech=re.compile(raw["reported_speech"]),
        plan_question=_compiled(raw["plan_question"]),
        choice_question=_compiled(raw["choice_question"]),
        side_words=tuple((name, _compiled(p)) for name, p in raw["side_words"].items()),
        repeated_number=(
            raw["repeated_number"]["number"],
            re.compile(raw["repeated_number"]["trim"]),
            int(raw["repeated_number"]["within"]),
        ),
        about_others=_compiled(raw["about_others"]),
        own_past=_compiled(raw["own_past"]),
        stop_exercise=_compiled(raw["stop_exercise"]),
        asks_address=_compiled(raw["asks_address"]),
        violence_denial=_compiled(raw["violence_denial"]),
        exercise_return=_compiled(raw["exercise_return"]),
        option_number=re.compile(raw["option_number"]),
        option_words={str(k): int(v) for k, v in raw["option_words"].items()},
        not_plans=_compiled(raw["not_plans"]),
        help_plans=_compiled(raw["help_plans"]),
        referrals=tuple(
            Referral(
                name,
                spec["response"],
                _compiled(spec["cues"]),
                tuple(spec["ours"]),
                spec.get("why"),
                _compiled(spec.get("unless", [])),
            )
            for name, spec in raw["referrals"].items()
        ),
        life_changes=tuple(
            LifeChange(name, _compiled(spec["cues"]), spec["heard"], spec["why"], tuple(spec["ours"]))
            for name, spec in raw["life_changes"].items()
        ),
        safety_follow_ups=tuple((name, _compiled(p)) for name, p in raw["safety_follow_ups"].items()),
        safety_defaults=dict(raw["safety_defaults"]),
        after_violence=dict(raw["after_violence"]),
        after_suicidal=dict(raw["after_suicidal"]),
        session=dict(raw["session"]),
        draft_review=DraftReview(
            raw["draft_review"]["source"],
            re.compile(raw["draft_review"]["quote"]),
            _compiled(raw["draft_review"]["reported"]),
            _compiled(raw["draft_review"]["asks"]),
            tuple((re.compile(c["pattern"]), c["response"], bool(c["fix"])) for c in raw["draft_review"]["checks"]),
        ),
        feelings=tuple((name, _compiled(p)) for name, p in raw["feelings"].items()),
        wants_to_vent=_compiled(raw["wants_to_vent"]),
        wants_to_tell=_compiled(raw["wants_to_tell"]),
        says_fine=_compiled(raw["says_fine"]),
        only_thanks=_compiled(raw["only_thanks"]),
        question_forms=_compiled(raw["question_forms"]),
        named_with_no=tuple((topic, _named_with_no(names)) for topic, names in raw["topic_names"].items()),
        meant_instead=_compiled(raw["meant_instead"]),
        normal_about_others=_compiled(raw["normal_about_others"]),
        past_violence=(_compiled(raw["past_violence"]["ex"]), _compiled(raw["past_violence"]["ago"])),
        victim=_compiled(raw["someone_else"]["victim"]),
        own_victim=_compiled(raw["someone_else"]["own_victim"]),
        not_at_risk=_compiled(raw["someone_else"]["not_at_risk"]),
        someone_else={kind: dict(spec) for kind, spec in raw["someone_else"]["kinds"].items()},
        emergency_call=_compiled(raw["someone_else"]["emergency_call"]),
        emergency_answer=raw["someone_else"]["emergency_answer"],
        farewells=_compiled(raw["closings"]["goodbye"]),
        pauses=_compiled(raw["pauses"]),
        control=_compiled(raw["control"]),
        not_understood=_compiled(raw["not_understood"]),
    )


def _any(patterns: Sequence[Pattern[str]], text: str) -> bool:
    plain = normalize(text)
    return any(p.search(plain) for p in patterns)


def relationship(conv: Conversation, text: str, persoon: Optional[str], known: Optional[str]) -> Optional[str]:
    """What the user told about their situation: single, ex, date or partner; the earlier
    value stays until the message says otherwise."""
    for name, cues in conv.relationship_cues:
        if _any(cues, text):
            return known if name == "date" and known == "partner" else name
    word = (persoon or "").lower()
    if word in ("ex", "date"):
        return word
    return known


def other_person(
    conv: Conversation, text: str, entities: Sequence[Dict[str, Any]], letter: bool = False
) -> Optional[str]:
    """The person word of the message that names the other person: "ik ben een man" describes
    the user ("je man" for his girlfriend was the result), "mijn man" does not. In a short
    message the last one named is the one it is about now ("mijn ex ... mijn nieuwe vriend");
    a letter starts with the one it is about and names others later ("mijn partner Mark ...
    mijn moeder zegt ..., mijn vriendin zegt ...": not "je vriendin" for Mark)."""
    partners = (*conv.partner_words, *conv.who)  # a parent named ("mn moeder deed dit ook") is not who it is about
    named = [
        str(e.get("value") or "")
        for e in entities
        if e.get("entity") == "persoon"
        and isinstance(e.get("start"), int)
        and str(e.get("value") or "") in partners
        and not conv.self_description.search(text[: e["start"]].lower())
        and conv.own_person.search(text[: e["start"]].lower())
        and not conv.not_the_person[0].search(text[: e["start"]].lower())
        and not (isinstance(e.get("end"), int) and conv.not_the_person[1].search(text[e["end"] :].lower()))
    ]
    chosen = (named[0] if letter else named[-1]) if named else None
    return chosen or None


def who(conv: Conversation, relationship_: Optional[str], persoon: Optional[str]) -> str:
    """How a reply names the other person ("je vriendin", "je ex", "iemand die je leuk vindt")."""
    if relationship_ in ("ex", "date", "single"):
        return conv.who[relationship_]
    word = (persoon or "").strip().lower()
    return conv.who["partner"].format(word=word if word in conv.partner_words else conv.partner_words[0])


def names_helpline(conv: Conversation, text: str) -> bool:
    """The message names 113, Veilig Thuis or a helpline ("ik heb 113.nl open, wat typ ik?")."""
    return bool(conv.suggestions["helpline"].named.search(normalize(text)))


def names_partner(conv: Conversation, text: str) -> bool:
    """A partner word in the message ("mijn man sloeg me")."""
    return bool(re.search(rf"\b({'|'.join(map(re.escape, conv.partner_words))})\b", normalize(text)))


def says_safe(conv: Conversation, text: str) -> bool:
    """The user says in words that they are safe (not "niet veilig", "onveilig")."""
    return _any(conv.says_safe, text)


def reached_help(conv: Conversation, text: str) -> bool:
    """The user tells they talked to 113, a helpline or their huisarts."""
    return _any(conv.help_reached, text)


def asks_for_steps(conv: Conversation, text: str) -> bool:
    return _any(conv.asks_for_steps, text)


# a short question that points back at the sentence before it ("heeft dat zin?")
ANAPHORA = re.compile(r"\b(dat|dit|zoiets)\b")  # not "dan": "moet ik dan wachten?" asks anew
# sentences end at . ! ? or a line break; a closing is a short last sentence
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
CLOSING_WORDS = 6
Closings = Sequence[Tuple[str, Sequence[Pattern[str]]]]


def compile_closings(raw: Mapping[str, Sequence[str]]) -> Tuple[Tuple[str, Tuple[Pattern[str], ...]], ...]:
    return tuple((name, _compiled(patterns)) for name, patterns in raw.items())


def closing(closings: Closings, text: str) -> Optional[str]:
    """ "goodbye" or "thank" when a message of several sentences ends with a short farewell or
    thanks ("... ik ga het proberen. Dank u."): the user is leaving, whatever came before. One
    sentence alone is left to the classifier ("goedenavond" opens a conversation)."""
    sentences = [s for s in SENTENCE_END.split(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return None
    # the last sentence, else its last clause ("... Bedankt voor het meedenken, ik stop voor
    # nu": trial 12 got the question about death for it); a short piece either way
    last = sentences[-1] if len(sentences[-1].split()) <= CLOSING_WORDS else sentences[-1].split(",")[-1]
    if len(last.split()) > CLOSING_WORDS:
        return None
    return next((name for name, cues in closings if _any(cues, last)), None)


def says_goodbye(conv: Conversation, text: str) -> bool:
    """One of the message's sentences is a farewell ("ja klopt. oh sorry ik moet nu weg, mijn
    broer staat beneden. ik kom straks terug ok?"): in an exercise, a pause."""
    return any(_any(conv.farewells, sentence) for sentence in re.split(r"[.!?,;]+", text))


def tells_control(conv: Conversation, text: str) -> bool:
    """The message tells of control without hitting: a phone checked, anger at seeing friends,
    going out less, walking on eggshells."""
    return _any(conv.control, text)


def lost_them(conv: Conversation, text: str) -> bool:
    """They say the bot's answer was too hard or too long to follow."""
    return _any(conv.not_understood, text)


def pauses(conv: Conversation, text: str) -> bool:
    """The message says they are away for a moment and coming back."""
    return _any(conv.pauses, text)


def returns_to_exercise(conv: Conversation, text: str) -> bool:
    """Back after a pause in an exercise, asking where they were."""
    return _any(conv.exercise_return, text)


def denies_violence(conv: Conversation, text: str) -> bool:
    """The message says outright that nobody hits or pushes them."""
    return _any(conv.violence_denial, text)


def asks_about_address(conv: Conversation, text: str) -> bool:
    """The user asks how the bot addresses them ("mag u mij met u aanspreken?")."""
    return _any(conv.asks_address, text)


def stops_exercise(conv: Conversation, text: str) -> bool:
    """One of the message's sentences asks to stop the exercise's questions."""
    return _any(conv.stop_exercise, text)


def answer_opening(conv: Conversation, text: str) -> str:
    """ "affirm", "deny" or "dont_know" when the message starts as an answer to a yes/no
    question, else ""; with several in its first words, the one said first."""
    plain = normalize(text)
    found = [(m.end(), name) for name, pattern in conv.answer_openings if (m := pattern.search(plain))]
    return min(found)[1] if found else ""


def asks_about_others(conv: Conversation, text: str) -> bool:
    """The question is about why the other people do what they do, not about the user."""
    return _any(conv.about_others, text)


def tells_own_past(conv: Conversation, text: str) -> bool:
    """The message tells about the user's own childhood or family, not the partner's."""
    return _any(conv.own_past, text)


def said_side(conv: Conversation, text: str) -> Optional[str]:
    """ "self" or "other" when the message says outright whose behaviour it is about."""
    found = [name for name, cues in conv.side_words if _any(cues, text)]
    return found[0] if len(found) == 1 else None


def option_number(conv: Conversation, text: str) -> Optional[int]:
    """The place of the button a short answer chooses ("2e", "de laatste"): 1-based, -1 for
    the last; None when it names none."""
    match = conv.option_number.search(normalize(text))
    return conv.option_words.get(match.group(1)) if match else None


def chosen_option(conv: Conversation, text: str, words: int) -> Optional[int]:
    """The option a reply picks by its place in its first short sentence, as Dutch answers
    come first ("eerste denk ik. bang om verlaten te worden klinkt zo zielig": round 18 took
    the option the rest of the message named)."""
    first = re.split(r"[.!?;]+", text.strip(), maxsplit=1)[0]
    return option_number(conv, first) if len(first.split()) <= words else None


def asked_step(conv: Conversation, text: str) -> Optional[int]:
    """The number of the step a question is about ("stap 2 snap ik niet", "wat bedoel je met
    stap 2?"), if any: the step named in a sentence that asks or says it is not understood.
    "stap 3 snap ik. en als ze nee zegt?" names a step that is clear (round 22 explained it)."""
    for sentence in SENTENCE_END.split(normalize(text)):
        match = conv.step_question.search(sentence)
        if match and ("?" in sentence or NEGATION.search(sentence) or QUESTION_START.match(sentence)):
            return int(match.group(1))
    return None


def asks_about_exercise(conv: Conversation, text: str) -> bool:
    return _any(conv.exercise_help_cues, text)


NEGATION = re.compile(r"\b(niet|geen|nooit|nergens|niks|niets|nie)\b")
QUESTION_START = re.compile(r"^\W*(wat|hoe|waarom|welke|leg|kun|kan|kunt)\b")
NEGATION_WINDOW = 3  # words before a cue that can deny it
DRAFT_WORDS = 60  # a longer message is a story, not a question about a draft
DRAFT_AFTER = 100  # characters after a quote in which the question about it stands


def _affirmed(
    patterns: Sequence[Pattern[str]], text: str, unless: Sequence[Pattern[str]] = (), within: bool = False
) -> bool:
    """A cue found and not denied just before it (or, `within`, in its own words too: "ik ben
    niet boos"): "een man die niet vreemdgaat" tells no affair (round 22 pointed her to a
    therapist for infidelity); nor in a sentence that says it is about something else
    (`unless`: "zijn ex heeft hem bedrogen", round 30)."""
    plain = normalize(text)
    for pattern in patterns:
        for match in pattern.finditer(plain):
            words = plain[: match.start()].split()[-NEGATION_WINDOW:] + (match.group(0).split() if within else [])
            if any(NEGATION.fullmatch(w.strip(",.!?")) for w in words):
                continue
            if not _any(unless, sentence_of(plain, match, ".!?")):
                return True
    return False


def referral(conv: Conversation, text: str, withdrawn: Sequence[str] = ()) -> Optional[Referral]:
    """The subject outside the articles this message is about, if any; not one whose pointer
    the user said was a misreading (`withdrawn`)."""
    return next((r for r in conv.referrals if r.subject not in withdrawn and _affirmed(r.cues, text, r.unless)), None)


def life_changes(conv: Conversation, text: str) -> List[str]:
    """The changes in the user's life this message tells about (the children left home, a
    pension, a lost job, a baby)."""
    return [c.name for c in conv.life_changes if _affirmed(c.cues, text)]


def plans_help(conv: Conversation, text: str) -> bool:
    """The plan asked about is getting professional help (a huisarts, a psycholoog): read in
    the sentence that asks, not the story before it (trial 13: "hij zit al bij een psycholoog.
    ... moet ik gewoon wachten?" got "ja, dat vind ik een goed plan" and the huisarts)."""
    sentences = [s for s in SENTENCE_END.split(normalize(text)) if s.strip()]
    asking = [i for i, s in enumerate(sentences) if "?" in s] or [len(sentences) - 1]
    at = asking[-1]
    read = sentences[at : at + 1]
    if at > 0 and ANAPHORA.search(sentences[at]) and len(sentences[at].split()) <= CLOSING_WORDS + 2:
        # "jannie zegt ik moet naar de dokter. heeft dat zin?": "dat" is the sentence before
        read = sentences[at - 1 : at + 1]
    # "ik hoef niet naar de huisarts" is no such plan
    return any(_affirmed(conv.help_plans, s) for s in read)


def safety_follow_up(
    conv: Conversation, text: str, violence_only: bool = False, default: Optional[str] = None
) -> Optional[str]:
    """The response for a message that follows a helpline message, by what it asks (else
    `default`); after a message about violence at home (and none about suicidal thoughts), its
    Veilig Thuis version where there is one."""
    found = next((name for name, cues in conv.safety_follow_ups if _any(cues, text)), default)
    return conv.after_violence.get(found, found) if violence_only and found else found


def refusals(conv: Conversation, text: str) -> List[str]:
    """The kinds of suggestion the message turns down: a kind named with a no-word close to
    it in the same clause ("ik zeg toch dat ik niet schrijf", "iets anders dan opschrijven")."""
    found: List[str] = []
    # clause by clause: "ik vroeg hoe ik aan een therapeut kom, niet of je iets beslist" asks for
    # one (trial 9 read it as therapy turned down)
    sentences = [c for s in SENTENCE_END.split(normalize(text)) for c in CLAUSE_END.split(s) if c.strip()]
    for index, sentence in enumerate(sentences):
        # word positions: the number of spaces before a match
        negated = [sentence.count(" ", 0, m.start()) for m in conv.refusal_words.finditer(sentence)]
        after = sentences[index + 1] if index + 1 < len(sentences) else ""
        # "een therapeut. daar begin ik niet aan": the suggestion echoed on its own, then a no
        # pointing back at it at the start of the next sentence
        echoed = len(sentence.split()) <= 3
        pointed = (
            echoed
            and bool(conv.refusal_pointer.search(after))
            and any(after.count(" ", 0, m.start()) <= conv.refusal_window for m in conv.refusal_words.finditer(after))
        )
        for name, kind in conv.suggestions.items():
            named = [sentence.count(" ", 0, m.start()) for m in kind.named.finditer(sentence)]
            near = any(abs(i - j) <= conv.refusal_window for i in named for j in negated)
            if name not in found and named and (near or pointed):
                found.append(name)
    return found


def offered(conv: Conversation, text: str) -> List[str]:
    """The kinds of suggestion a text of ours makes."""
    return [name for name, kind in conv.suggestions.items() if kind.offered.search(text)]


def makes_refused(conv: Conversation, text: str, refused: Sequence[str]) -> bool:
    """The text of ours makes a suggestion the user turned down."""
    return bool(set(offered(conv, text)) & set(refused))


def without(conv: Conversation, text: str, kinds: Sequence[str]) -> str:
    """The text without the lines and sentences that make a suggestion of these kinds."""
    patterns = [conv.suggestions[k].offered for k in kinds if k in conv.suggestions]
    if not patterns:
        return text
    kept_lines = []
    for line in text.split("\n"):
        if not any(p.search(line) for p in patterns):
            kept_lines.append(line)
            continue
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", line) if not any(p.search(s) for p in patterns)]
        if sentences:
            kept_lines.append(" ".join(sentences))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept_lines)).strip()


CLAUSE_END = re.compile(r"[.!?,;:]+\s*|\s+-\s+")


def asks_about_plan(conv: Conversation, text: str) -> bool:
    """A yes/no question about something the user means to do ("mag ik zijn zus bellen of is
    dat overdreven"), by its form at the start of a clause of the last two sentences."""
    return any(_any(conv.plan_question, c) and not _any(conv.not_plans, c) for c in _last_clauses(text))


def asks_choice(conv: Conversation, text: str) -> bool:
    """A question that chooses between two ways ("beter dan", "dit of dat?"), by its form in a
    clause of the last two sentences."""
    return any(_any(conv.choice_question, c) for c in _last_clauses(text))


def _last_clauses(text: str) -> List[str]:
    """The clauses of the message's last two sentences, where a letter asks its question."""
    sentences = [s for s in SENTENCE_END.split(normalize(text)) if s.strip()]
    return [c.strip() for c in CLAUSE_END.split(" ".join(sentences[-2:])) if c.strip()]


def asks_something(conv: Conversation, text: str) -> bool:
    """One of the message's sentences is a question, by its mark or its form."""
    return any(_any(conv.question_form, c.strip()) for c in re.split(r"[.!,;:\n]+", normalize(text)) if c.strip())


def question_kind(conv: Conversation, text: str) -> Optional[str]:
    """The kind of question its question word asks ("waarom ...": ask_why), read in the last
    two sentences."""
    sentences = [s for s in SENTENCE_END.split(text.strip()) if s.strip()]
    tail = " ".join(sentences[-2:])
    return next((name for name, cues in conv.question_words if _any(cues, tail)), None)


def draft_to_review(conv: Conversation, text: str) -> Optional[str]:
    """The sentence in quotes the user asks about ("is 'hey hoe was je week' te needy?"), not
    words they quote from someone else ("hij zegt dan 'moet dat nu weer'")."""
    review = conv.draft_review
    if len(text.split()) > DRAFT_WORDS:
        return None  # a letter quotes, it does not ask about a draft (round 30)
    for found in review.quote.finditer(text):
        if _any(review.reported, normalize(text[: found.start()])[-80:]):
            continue
        # the question about it stands in the quote's own sentence or just after it
        start = max(text.rfind(end, 0, found.start()) for end in ".!?\n") + 1
        rest = normalize(text[start : found.start()] + " " + text[found.end() : found.end() + DRAFT_AFTER])
        if _any(review.asks, rest):
            return found.group("draft").strip()
    return None


def draft_points(conv: Conversation, draft: str) -> Tuple[List[str], List[str]]:
    """What is good in a draft and what to change (response names, in the data's order)."""
    words = normalize(draft)
    hits = [(response, fix) for pattern, response, fix in conv.draft_review.checks if pattern.search(words)]
    return [r for r, fix in hits if not fix], [r for r, fix in hits if fix]


def own_words(conv: Conversation, text: str) -> str:
    """The message without what others said: quotes, and each sentence from its saying verb
    on when someone else says it ("hij zei dan: ik ben moe")."""
    plain = conv.draft_review.quote.sub(" ", normalize(text))
    kept = []
    for sentence in SENTENCE_END.split(plain):
        said = conv.reported_speech.search(sentence)
        kept.append(sentence[: said.start()] if said else sentence)
    return " ".join(kept)


def feeling_named(conv: Conversation, text: str) -> Optional[str]:
    """The first feeling the user names about themselves, not denied in or just before the
    words that name it ("ik ben niet boos", "niet dat ik bang ben"), nor someone else's."""
    own = own_words(conv, text)
    return next((name for name, patterns in conv.feelings if _affirmed(patterns, own, within=True)), None)


def wants_to_vent(conv: Conversation, text: str) -> bool:
    """The user wants to be heard, not advised ("ik wil geen tips, ik wil het gewoon kwijt"); a
    wish to tell only when the message does not end by asking something."""
    return _any(conv.wants_to_vent, text) or (_any(conv.wants_to_tell, text) and not asks_at_end(text))


def asks_at_end(text: str) -> bool:
    """The message ends by asking something: a question mark or a question word in its last
    two sentences ("jeugd? nee man. het gaat over nu" asks nothing)."""
    sentences = [x for x in SENTENCE_END.split(normalize(text)) if x.strip()]
    return any("?" in x or QUESTION_START.match(x) for x in sentences[-2:])


def _named_with_no(names: Sequence[str]) -> Pattern[str]:
    name = "(" + "|".join(re.escape(normalize(n)) for n in names) + ")"
    return re.compile(rf"\b(geen|niet)( \w+){{0,2}} {name}\b|\b{name} (is|was) (het|dat) (\w+ )?niet\b(?! \w)")


def negated_topics(conv: Conversation, text: str) -> List[str]:
    """The topics the message names with a no ("bindingsangst is het niet")."""
    plain = normalize(text)
    return [topic for topic, pattern in conv.named_with_no if pattern.search(plain)]


def only_thanks(conv: Conversation, text: str) -> bool:
    """A bot message that is nothing but a thanks or "goed dat je dat deelt"."""
    return _any(conv.only_thanks, text.strip())


def asks_by_form(conv: Conversation, text: str) -> bool:
    """A sentence of the message is a question by its form, with or without a question mark
    ("kan hij dit later zien", "wat bewaren jullie van mij")."""
    sentences = SENTENCE_END.split(normalize(text))
    return any(p.search(s.strip(" ,-")) for s in sentences for p in conv.question_forms)


def says_fine(conv: Conversation, text: str) -> bool:
    """Asked how it goes, they say it goes well ("het gaat best met mij, ik ben niet depressief")."""
    return _any(conv.says_fine, text)


def normal_about_others(conv: Conversation, text: str) -> bool:
    """ "Is het normaal dat een man zo wordt?": whether someone else's behaviour is normal."""
    return _any(conv.normal_about_others, text)


def names_victim(conv: Conversation, text: str) -> bool:
    """The message names someone close as the one it happens to ("mijn zus wordt geslagen")."""
    return _any(conv.victim, text)


def names_own_victim(conv: Conversation, text: str) -> bool:
    """The user says it happens to them ("hij slaat mij", "ik werd geduwd")."""
    return _any(conv.own_victim, text)


def violence_in_the_past(conv: Conversation, text: str) -> bool:
    """Violence told as an ex's, years ago ("mijn ex-man sloeg me, dat is 7 jaar geleden")."""
    ex, ago = conv.past_violence
    return _any(ex, text) and _any(ago, text)


def names_emergency_call(conv: Conversation, text: str) -> bool:
    """The message is about calling 112 ("wat zeg ik tegen de meldkamer?")."""
    return _any(conv.emergency_call, text)


def other_not_at_risk(conv: Conversation, text: str) -> bool:
    """The other person is not at risk after all ("ze bedoelde ons, het huwelijk")."""
    return _any(conv.not_at_risk, text)


def says_what_was_meant(conv: Conversation, text: str) -> bool:
    """A no to the question about death that names what was meant: the marriage, work."""
    return _any(conv.meant_instead, text)
