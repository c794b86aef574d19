"""Moves of a coaching session beside the topics: a question about the user's own plan,
how it is for them, good news.

Why apart from the session: each is one short reply built from the topic's coaching data
(knowledge/coaching.yml: weigh, for_you) and the domain's responses, read by the session once
it knows what the message is; like safety_talk, pure functions the coach hands itself to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from coach import conversation, replies, safety_talk
from coach.state import Question, SessionState

if TYPE_CHECKING:  # the coach hands itself in; importing it here would be circular
    from coach.session import Coach, Reply, Turn


def weigh(coach: "Coach", reply: "Reply", turn: "Turn") -> None:
    """ "moet ik hem nog een keer appen?": a leaning and how the topic's article helps
    weigh the plan, then the choice handed back; "ja of nee?" right after gets the leaning
    plainly; a second plan in the topic gets questions to weigh it by. After violence no
    plan about the partner is weighed here: who can think it through safely."""
    state, topics = reply.state, coach.knowledge.topics
    asked, state.asked = state.asked, None
    if state.violence:
        if not coach.safety_instead(reply, None):
            safety_talk.where_to_ask(reply)
        return
    if conversation.plans_help(coach.conv, turn.text) and reply.response("utter_weigh_get_help"):
        return  # going to the huisarts or a therapist is supported, not weighed
    who = coach.who(state)
    if asked is not None and asked.kind == "weigh" and asked.topic in topics:
        lean = replies.personalise(coach.coaching.topics[asked.topic].weigh[1], who)
        reply.response("utter_weigh_insist", lean=lean[:1].lower() + lean[1:], again=True)
        return
    letter = turn.words > coach.limits.long_words
    if letter:  # a story first, its question last: the story is heard before it is weighed
        coach.acknowledge(reply, turn, "utter_heard_before_check")
    told = len(reply.messages)
    coach.point_out(reply, turn)  # an affair or a death in it: where that can go, first
    if conversation.referral(coach.conv, turn.text, state.withdrawn) is not None:
        # "moet ik hem vertellen dat ik vreemd ben gegaan?": a decision about a subject that is
        # not ours is not weighed with a topic's rule of thumb (round 23: "breng het als 'ik
        # mis ons' ... dan zou ik het doen"); the pointer, or where to think it through
        if len(reply.messages) == told:
            reply.response("utter_weigh_not_ours", again=True)
        return
    topic_id = state.topic if state.topic in topics else plan_topic(coach, state, asked, turn)
    if topic_id is None and letter:
        # round 13 asked "vertel je kort wat er speelt?" after 200 words about an affair
        reply.response("utter_weigh_open_letter", again=True)
        return
    if topic_id is None:
        reply.response("utter_weigh_open", again=True)
        state.asked = Question("open_story")
        return
    if state.topic != topic_id:
        coach.assume_topic(reply, topic_id)
    topic, data = topics[topic_id], coach.coaching.topics[topic_id]
    buttons = coach.kind_buttons(topic_id, state, exclude="")
    if state.saw(f"weigh:{topic_id}"):
        reply.text(replies.render(coach.coaching.again["weigh"], {"topic": topic.label.lower()}))
        reply.response("utter_weigh_questions", buttons=buttons, again=True)
        return
    state.mark(f"weigh:{topic_id}")
    coach.first_contact(reply)
    reply.replies(replies.compose([data.weigh[1], data.weigh[0]], topic.article, who, coach.conv))
    reply.response("utter_weigh_handback", buttons=buttons, again=True)
    state.asked = Question("weigh", topic=topic_id)


def review_draft(coach: "Coach", reply: "Reply", draft: str) -> None:
    """ "is 'hey hoe was je week' te needy?": the sentence looked at with them, as a coach reads
    a draft: what is good in it, at most two things to change, and a plain verdict, from the
    article on talking with a partner who closes up (knowledge/conversation.yml: draft_review).
    Round 29: four of twelve people asked this and got a plan weighed or the same sentences."""
    good, fixes = conversation.draft_points(coach.conv, draft)
    # praise next to a reproach would contradict the change asked: then only the wish to say it
    names = ["utter_draft_intro", *(good[:1] if not fixes else ["utter_draft_wish"]), *fixes[:2]]
    if not good and not fixes:
        names.append("utter_draft_plain")
    names.append("utter_draft_verdict_fix" if fixes else "utter_draft_verdict_ok")
    paragraphs = [replies.render(coach.responses[name][0]["text"], {"draft": draft}) for name in names]
    article = coach.knowledge.articles[coach.conv.draft_review.source]
    reply.replies(replies.compose(paragraphs, article, coach.who(reply.state), coach.conv))


def listen(coach: "Coach", reply: "Reply", turn: "Turn", started: bool) -> None:
    """ "ik wil geen tips, ik wil het gewoon kwijt": what they tell is heard (their feeling in
    their word, or a plain line), a subject that is not ours pointed to, and one open question;
    no knowledge, no check, no steps (round 29: a man who asked this first got a topic check,
    a step, sentences and "vraag je af of deze relatie je genoeg geeft")."""
    state = reply.state
    coach.first_contact(reply)
    state.asked = None
    state.themes = list(dict.fromkeys([*state.themes, *coach.sure_themes(turn, state.topic)]))
    if started:
        reply.response("utter_listen_start", again=True)
        if turn.words <= coach.limits.story_words:
            return  # the wish alone: they tell next
    coach.point_out(reply, turn)
    # something heard back every time, not a row of bare questions (round 32): their feeling in
    # their word, else a theme the NLU is sure of, else a plain line
    feeling = conversation.feeling_named(coach.conv, turn.text)
    themes = coach.sure_themes(turn, None)
    if not (feeling and reply.response("utter_heard_feeling", feeling=feeling)) and not (
        themes and reply.response("utter_heard_in_answer", theme=coach.theme(themes[0], reply))
    ):
        reply.response("utter_listen_heard", again=True)
    reply.response("utter_listen_question", again=True)


def feelings(coach: "Coach", reply: "Reply") -> None:
    """ "en ik dan?", "ik ben op": heard, then the user's own side of the topic once (what
    the article says about how it is for them), then a question about them; never more
    about the other person (round 12: five times partner advice to her loneliness)."""
    state = reply.state
    reply.response("utter_heard_feelings", again=True)
    topic = coach.knowledge.topics.get(state.topic or "")
    if topic is not None and not state.saw(f"for_you:{topic.id}"):
        state.mark(f"for_you:{topic.id}")
        text = coach.coaching.topics[topic.id].for_you
        reply.replies(replies.compose([text], topic.article, coach.who(state), coach.conv))
    reply.response("utter_ask_feelings", again=True)
    state.asked = Question("open_question", topic=topic.id) if topic is not None else Question("open_story")


def good_news(coach: "Coach", reply: "Reply") -> None:
    """ "hij appt net terug!": heard with them and asked about, not read for a topic; after
    violence without "all is well now"."""
    state = reply.state
    if state.violence:
        reply.response("utter_good_news_after_violence", again=True)
        return
    reply.response("utter_good_news", again=True)
    if state.topic in coach.knowledge.topics:
        state.asked = Question("open_question", topic=state.topic)


def plan_topic(coach: "Coach", state: SessionState, asked: Optional[Question], turn: "Turn") -> Optional[str]:
    """The topic a plan question belongs to before one was chosen: the option of a pending
    check the question also sounds like, else the first option, else what it sounds like,
    else a theme heard before."""
    topics = coach.knowledge.topics
    options = asked.options if asked is not None and asked.kind in ("choose_theme", "check_topic") else []
    heard = [name for name, score in turn.ranking if name in topics and score >= coach.limits.check]
    earlier = [t for t in state.themes if t in topics]
    return next((t for t in heard if t in options), None) or next(iter([*options, *heard, *earlier]), None)


def link_past(coach: "Coach", reply: "Reply", turn: "Turn") -> None:
    """ "mn moeder deed dit ook vroeger, dagen niet praten": what the user tells of their own
    childhood, said back as what may explain why this hits so hard (the article on the legacy
    of one's childhood), then a choice: look at that now, or go on with the topic. Round 16
    answered such a disclosure with a menu, "goed dat je dat deelt" and the next block."""
    state = reply.state
    # what home was like is told: the childhood topic does not ask it again when chosen
    state.mark("linked:past", f"question:{PAST}")
    reply.response("utter_past_heard", again=True)
    # beside the past: what else the message was about ("ik ben altijd bang dat mensen
    # weggaan", said with it), else the topic they were in
    other = next((t for t in coach.themes(turn) if t != PAST), state.topic or PAST)
    # the buttons say the two ways the question names (phone trial 9: two topic labels and
    # "Iets anders" under "bij stilstaan, of liever verder?")
    buttons = [replies.button(coach.title("past_now"), f"/{PAST}")]
    buttons.append(replies.button(coach.title("go_on"), f"/{other}") if other != PAST else coach.else_button())
    reply.response("utter_past_or_topic", buttons=buttons, again=True)
    state.asked = Question("choose_theme", [PAST, other])


PAST = "childhood_patterns"
