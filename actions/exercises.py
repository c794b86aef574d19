"""The three guided exercises (Rasa forms): answer validation, results, and stopping early.

Which exercises exist, their questions, slots, forms, intents and result texts all come from
knowledge/exercises.yml; the sentences around them are domain responses.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import CONV, KNOWLEDGE, latest_intent, latest_text, save, send_entry, state
from coach import conversation, replies
from coach import exercises as ex
from coach.replies import button

FORM_SLOTS = {spec["form"]: KNOWLEDGE.exercise_slots(name) for name, spec in KNOWLEDGE.exercises.items()}
ANSWER_KINDS = {q["slot"]: q["answer"] for spec in KNOWLEDGE.exercises.values() for q in spec["questions"]}
HINTS = {"yes_no": "utter_hint_yes_no", "side": "utter_hint_side", "free": "utter_hint_free"}
STORY_HINTS = {"yes_no": "utter_hint_yes_no_after_story", "side": "utter_hint_side_after_story"}
# a yes/no answer with more words than this also told something: acknowledge it
TOLD_SOMETHING = 3
STORY_WORDS = 8  # an answer this long that is no ja/nee told something: heard before asking again
# "ik stop hier even mee, ik word er moe van" is rarely the NLU's clear first choice; inside an
# exercise a wish to stop heard this strongly ends it (the rules only see a top intent)
STOP_HEARD = 0.3
# a greeting this short in the middle of an exercise is someone coming back, not an answer
RETURN_WORDS = 8
# a one- or two-word message in an exercise is first an attempt at an answer ("pizza" was a
# farewell at 0.36 and paused the exercise): it pauses only when the NLU is this sure
SHORT_ANSWER_WORDS = 2
SURE_LEAVING = 0.5
LEAVING_HEARD = 0.25


class AnswerValidation(FormValidationAction):
    """Interprets each free-text answer; a question about the exercise is answered and the
    exercise question asked again, and an answer it cannot use is asked again with a hint."""

    form: Text = ""

    def name(self) -> Text:
        return f"validate_{self.form}"

    @abstractmethod
    def interpret(self, slot: Text, value: Any, tracker: Tracker) -> Optional[str]:
        """The value to store for this answer, or None to ask again."""

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if wants_to_stop(tracker):
            return stopped(dispatcher, tracker)
        back = heard(tracker, "greet") or conversation.returns_to_exercise(CONV, latest_text(tracker))
        if back and len(latest_text(tracker).split()) <= RETURN_WORDS:
            # "zo, ben er weer, waar waren we?": not an answer; the question again
            dispatcher.utter_message(response="utter_exercise_resumed")
            return [SlotSet(slot, None) for slot in tracker.slots_to_validate() if slot in FORM_SLOTS[self.form]]
        if leaving(tracker):
            # "ik moet nu gaan, kan ik later verder?": the answers so far are kept, and one that
            # opens the message ("ja klopt. sorry ik moet weg") too; the next question waits
            dispatcher.utter_message(response="utter_exercise_paused")
            answered = bool(conversation.answer_opening(CONV, latest_text(tracker)))
            return [
                SlotSet(
                    slot, self.interpret(slot, value, tracker) if answered and ANSWER_KINDS[slot] != "free" else None
                )
                for slot, value in tracker.slots_to_validate().items()
                if slot in FORM_SLOTS[self.form]
            ]
        events: List[EventType] = []
        for slot, value in tracker.slots_to_validate().items():
            if slot not in FORM_SLOTS[self.form]:
                continue
            if conversation.asks_about_exercise(CONV, latest_text(tracker)):
                dispatcher.utter_message(response="utter_exercise_help")
                events.append(SlotSet(slot, None))
                continue
            interpreted = self.interpret(slot, value, tracker)
            acknowledgement = self.acknowledge(slot, interpreted, latest_text(tracker))
            if acknowledgement:
                # the variations in turn, not at random: no acknowledgement twice in a row
                done = ex.answered(FORM_SLOTS[self.form], {s: tracker.get_slot(s) for s in FORM_SLOTS[self.form]})
                dispatcher.utter_message(text=replies.in_turn(domain["responses"], acknowledgement, done))
            events.append(SlotSet(slot, interpreted))
        return events

    @staticmethod
    def acknowledge(slot: Text, interpreted: Optional[str], text: Text) -> Optional[Text]:
        """What to say before the next question: a hint when the answer was unusable, a short
        acknowledgement when the user told something or answered soms / weet ik niet."""
        if interpreted is None and ANSWER_KINDS[slot] != "free" and len(text.split()) > STORY_WORDS:
            # a story instead of ja/nee (round 21: a brother's death, told in the exercise, got
            # "Antwoord met ja, soms of nee"): heard first, then the short answer asked kindly
            return STORY_HINTS[ANSWER_KINDS[slot]]
        if interpreted is None:
            return HINTS[ANSWER_KINDS[slot]]
        if interpreted == ex.SOMETIMES:
            return "utter_ack_sometimes"
        if interpreted == ex.UNSURE:
            return "utter_ack_unsure"
        if ANSWER_KINDS[slot] == "free" or len(text.split()) > TOLD_SOMETHING:
            return "utter_ack_answer"
        return None


class ValidateSignsForm(AnswerValidation):
    form = "signs_form"

    def interpret(self, slot, value, tracker):
        return ex.yes_no(value, latest_intent(tracker))


class ValidatePatternForm(ValidateSignsForm):
    form = "pattern_form"


class ValidateReflectionForm(AnswerValidation):
    form = "reflection_form"

    def interpret(self, slot, value, tracker):
        if ANSWER_KINDS[slot] == "side":
            return ex.side(value)
        text = ex.quote(value)
        return text if text and not text.startswith("/") else None


def heard(tracker: Tracker, intent: Text, floor: float = STOP_HEARD, first: Optional[int] = None) -> bool:
    """The NLU heard this intent at least this likely (among its first guesses, if given)."""
    ranking = ((tracker.latest_message or {}).get("intent_ranking") or [])[:first]
    return any(r.get("name") == intent and (r.get("confidence") or 0.0) >= floor for r in ranking)


def leaving(tracker: Tracker) -> bool:
    """A farewell heard in the middle of an exercise: a short answer needs a sure farewell; a
    longer message one among the first two guesses ("shit sorry ik moet ff weg, kan ik straks
    verder?" was goodbye at 0.25, tied first, and got the answer instructions), or a farewell
    among its sentences (round 12: "ja klopt. oh shit sorry ik moet nu weg ..." got question 5)."""
    text = latest_text(tracker)
    if len(text.split()) <= SHORT_ANSWER_WORDS:
        return heard(tracker, "goodbye", SURE_LEAVING)
    return heard(tracker, "goodbye", LEAVING_HEARD, first=2) or conversation.says_goodbye(CONV, text)


def wants_to_stop(tracker: Tracker) -> bool:
    return heard(tracker, "stop") or conversation.stops_exercise(CONV, latest_text(tracker))


def stopped(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Leave the running exercise with a short summary, keep the chat going."""
    form = tracker.active_loop.get("name") if tracker.active_loop else None
    name = KNOWLEDGE.exercise_for_form(form)
    if form is None or name is None:
        dispatcher.utter_message(response="utter_nothing_to_stop")
        return [ActiveLoop(None)]
    # the numbered questions only, as the questions count them ("Vraag 1 van 6"): the
    # reflection's opening choice of side is not one of them
    slots = [s for s in FORM_SLOTS[form] if ANSWER_KINDS[s] != "side"]
    dispatcher.utter_message(
        response="utter_exercise_stopped",
        done=ex.answered(slots, {s: tracker.get_slot(s) for s in slots}),
        total=len(slots),
        restart=KNOWLEDGE.exercises[name]["intent"],
    )
    current = state(tracker)
    current.paused = None  # stopped on purpose: not offered again as waiting
    return [ActiveLoop(None), SlotSet("requested_slot", None), save(current)] + _reset(form)


def _reset(form: Text) -> List[EventType]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS[form]]


def _finish(dispatcher, tracker, name: Text, topic: Text) -> List[EventType]:
    """The closing steps (never the step that suggests this very exercise), the topic under
    discussion afterwards, and the exercise remembered as done."""
    spec = KNOWLEDGE.exercises[name]
    buttons = replies.follow_ups(CONV, ["ask_what_to_do", "request_more"])
    current = state(tracker)
    send_entry(dispatcher, current, KNOWLEDGE.entries[spec["steps_from"]], ["steps"], buttons, skip=[spec["name"]])
    current.mark(replies.exercise_key(name), replies.seen_key(spec["steps_from"], "steps"))
    current.topic, current.paused = topic, None
    return _reset(spec["form"]) + [save(current)]


def _answers(tracker: Tracker, name: Text) -> Dict[str, Optional[str]]:
    return {s: tracker.get_slot(s) for s in KNOWLEDGE.exercise_slots(name)}


def stopped_early(tracker: Tracker, name: Text) -> bool:
    """Stopped from inside the form (its answers were cleared): Rasa's rule that finishes a
    form runs the result action then too, and there is no result to give."""
    return not all(value is not None for value in _answers(tracker, name).values())


class ActionSignsResult(Action):
    def name(self) -> Text:
        return "action_signs_result"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        if stopped_early(tracker, "signs"):
            return []
        spec, slots, answers = (
            KNOWLEDGE.exercises["signs"],
            KNOWLEDGE.exercise_slots("signs"),
            _answers(tracker, "signs"),
        )
        dispatcher.utter_message(
            response="utter_signs_result",
            clear=ex.counted(answers, slots, ex.YES),
            sometimes=ex.counted(answers, slots, ex.SOMETIMES),
            total=len(slots),
        )
        dispatcher.utter_message(text=ex.band(spec["bands"], ex.score(answers, slots)))
        return _finish(dispatcher, tracker, "signs", spec["topic_after"])


class ActionPatternResult(Action):
    def name(self) -> Text:
        return "action_pattern_result"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        if stopped_early(tracker, "pattern"):
            return []
        spec = KNOWLEDGE.exercises["pattern"]
        best = ex.best_patterns(spec["questions"], _answers(tracker, "pattern"))
        found = [spec["patterns"][p] for p in best]
        if not found:
            dispatcher.utter_message(text=spec["none"])
        else:
            names = " en ".join(p["name"] for p in found)
            dispatcher.utter_message(
                response="utter_pattern_one" if len(found) == 1 else "utter_pattern_many", names=names
            )
            summary = " ".join(([spec["combination"]] if len(found) > 1 else []) + [p["meaning"] for p in found])
            for text in replies.split_message(summary):
                dispatcher.utter_message(text=text)
        return _finish(dispatcher, tracker, "pattern", spec["topic_after"])


class ActionReflectionSummary(Action):
    def name(self) -> Text:
        return "action_reflection_summary"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        if stopped_early(tracker, "reflection"):
            return []
        spec = KNOWLEDGE.exercises["reflection"]
        answers = _answers(tracker, "reflection")
        written = [answers[s] for s in answers if ANSWER_KINDS[s] == "free" and answers[s]]
        dispatcher.utter_message(response="utter_reflection_written")
        for text in replies.split_message("\n".join(f"- {line}" for line in written)):
            dispatcher.utter_message(text=text)
        side = spec["sides"][answers.get("reflect_side") or "allebei"]
        dispatcher.utter_message(text=f"{side['text']} {spec['closing']}")
        return _finish(dispatcher, tracker, "reflection", side["topic"])


def ask_action(slot: Text, text: Text, answer: Text) -> type:
    """An `action_ask_<slot>` for a form question in knowledge/exercises.yml, with the buttons
    its kind of answer needs. Generated because rasa-sdk registers every Action subclass by
    its name, one class per name; the questions stay data, adding one needs no code."""
    buttons = [button(title, payload) for title, payload in CONV.answer_buttons[answer].items()]
    buttons.append(button(CONV.answer_buttons["stop"], "/stop"))

    def name(self) -> Text:
        return f"action_ask_{slot}"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(text=text, buttons=buttons)
        return []

    return type(f"ActionAsk_{slot}", (Action,), {"name": name, "run": run, "__module__": __name__})


# Kept in a module-level list so the generated classes exist when rasa-sdk collects them.
ASK_ACTIONS = [
    ask_action(q["slot"], q["text"], q["answer"]) for spec in KNOWLEDGE.exercises.values() for q in spec["questions"]
]


class ActionStopExercise(Action):
    """'stop' / 'laat maar': leave the running exercise with a short summary, keep the chat going."""

    def name(self) -> Text:
        return "action_stop_exercise"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        return stopped(dispatcher, tracker)


class ActionLeaveExercise(Action):
    """A crisis or "vergeet mij" during an exercise: leave it and forget its answers, so a
    restarted exercise asks everything again. A goodbye or thanks after some answers keeps
    them: the form skips slots that have a value, so starting it again goes on where they left
    (round 10: "kan ik straks verder waar ik was?" had to start at question 1 again)."""

    def name(self) -> Text:
        return "action_leave_exercise"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        form = tracker.active_loop.get("name") if tracker.active_loop else None
        leaving = [ActiveLoop(None), SlotSet("requested_slot", None)]
        name = KNOWLEDGE.exercise_for_form(form)
        if form not in FORM_SLOTS or name is None:
            return leaving
        answered = any(tracker.get_slot(s) is not None for s in FORM_SLOTS[form])
        if latest_intent(tracker) in ("goodbye", "thank") and answered:
            current = state(tracker)
            current.paused = name
            dispatcher.utter_message(response="utter_exercise_kept", buttons=[resume_button(name)])
            return leaving + [save(current)]
        return leaving + _reset(form)


def resume_button(name: Text) -> Dict[Text, Text]:
    return button(CONV.session["titles"]["resume"], f"/{KNOWLEDGE.exercises[name]['intent']}")
