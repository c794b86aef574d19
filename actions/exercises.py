"""The three guided exercises (Rasa forms): answer validation, results, and stopping early."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import KNOWLEDGE, latest_intent, send_entry
from coach import exercises as ex
from coach import replies
from coach.replies import button

FORM_SLOTS = {
    "signs_form": ex.SIGN_SLOTS,
    "pattern_form": ex.PATTERN_SLOTS,
    "reflection_form": ex.REFLECTION_SLOTS,
}
YES_NO_HINT = "Antwoord met ja of nee, of typ 'stop' als je de oefening wilt verlaten."
SIDE_HINT = "Kies vasthouden, terugtrekken of allebei (of typ 'stop')."
EMPTY_HINT = "Schrijf gerust een paar woorden, of typ 'stop' als je wilt stoppen."
NOTHING_TO_STOP = "Er loopt nu geen oefening, dus er valt niets te stoppen. Waar wil je het over hebben?"
AFTER_BUTTONS = [button("Wat kan ik doen?", "/ask_what_to_do"), button("Vertel meer", "/request_more")]


class AnswerValidation(FormValidationAction):
    """Interprets each free-text answer; an answer it cannot use is asked again."""

    form: Text = ""

    def name(self) -> Text:
        return f"validate_{self.form}"

    @abstractmethod
    def interpret(self, slot: Text, value: Any, tracker: Tracker) -> Optional[str]:
        """The value to store for this answer, or None to ask again."""

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = []
        for slot, value in tracker.slots_to_validate().items():
            if slot not in FORM_SLOTS[self.form]:
                continue
            interpreted = self.interpret(slot, value, tracker)
            if interpreted is None:
                dispatcher.utter_message(text=self.hint_for(slot))
            events.append(SlotSet(slot, interpreted))
        return events

    def hint_for(self, slot: Text) -> Text:
        """What to say when an answer could not be used."""
        return YES_NO_HINT


class ValidateSignsForm(AnswerValidation):
    form = "signs_form"

    def interpret(self, slot, value, tracker):
        return ex.yes_no(value, latest_intent(tracker))


class ValidatePatternForm(ValidateSignsForm):
    form = "pattern_form"


class ValidateReflectionForm(AnswerValidation):
    form = "reflection_form"

    def interpret(self, slot, value, tracker):
        if slot == "reflect_side":
            return ex.side(value)
        text = ex.quote(value)
        return text if text and not text.startswith("/") else None

    def hint_for(self, slot):
        return SIDE_HINT if slot == "reflect_side" else EMPTY_HINT


def _reset(form: Text) -> List[EventType]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS[form]]


def _send_steps(dispatcher, tracker, name: Text) -> None:
    """The closing steps of an exercise (left out after violence where they confront)."""
    send_entry(
        dispatcher, tracker, KNOWLEDGE.entries[KNOWLEDGE.exercises[name]["steps_from"]], ["steps"], AFTER_BUTTONS
    )


class ActionSignsResult(Action):
    def name(self) -> Text:
        return "action_signs_result"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        answers = {s: tracker.get_slot(s) for s in ex.SIGN_SLOTS}
        score = ex.signs_score(answers)
        band = KNOWLEDGE.exercises["signs"]["bands"][ex.signs_band(score)]
        dispatcher.utter_message(text=f"Klaar! Je herkent {score} van de 8 signalen. {band.strip()}")
        _send_steps(dispatcher, tracker, "signs")
        return _reset("signs_form") + [SlotSet("topic", "partner_unavailable")]


class ActionPatternResult(Action):
    def name(self) -> Text:
        return "action_pattern_result"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        spec = KNOWLEDGE.exercises["pattern"]
        best = ex.best_patterns({s: tracker.get_slot(s) for s in ex.PATTERN_SLOTS})
        if not best:
            summary = spec["none"].strip()
        else:
            found = [spec["patterns"][p] for p in best]
            names = " en ".join(p["name"] for p in found)
            heading = (
                f"Het patroon dat het best past: {names}."
                if len(found) == 1
                else f"{spec['combination'].strip()} De patronen die het best passen: {names}."
            )
            summary = heading + " " + " ".join(p["meaning"].strip() for p in found)
        for reply in replies.split_message("Klaar! " + summary):
            dispatcher.utter_message(text=reply)
        _send_steps(dispatcher, tracker, "pattern")
        return _reset("pattern_form") + [SlotSet("topic", "childhood_patterns")]


class ActionReflectionSummary(Action):
    def name(self) -> Text:
        return "action_reflection_summary"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        spec = KNOWLEDGE.exercises["reflection"]
        lines = "\n".join(f"- {tracker.get_slot(s)}" for s in ex.REFLECTION_QUESTIONS if tracker.get_slot(s))
        for text in replies.split_message("Dank je voor je eerlijke antwoorden. Dit schreef je:\n" + lines):
            dispatcher.utter_message(text=text)
        side = tracker.get_slot("reflect_side") or "allebei"
        dispatcher.utter_message(text=f"{spec['sides'][side].strip()} {spec['closing'].strip()}")
        _send_steps(dispatcher, tracker, "reflection")
        topic = {"vasthouden": "fear_of_abandonment", "terugtrekken": "fear_of_commitment"}.get(
            side, "fear_of_abandonment"
        )
        return _reset("reflection_form") + [SlotSet("topic", topic)]


ANSWER_BUTTONS = {
    "yes_no": [button("Ja", "/affirm"), button("Nee", "/deny")],
    "side": [
        button("Vasthouden", "vasthouden"),
        button("Terugtrekken", "terugtrekken"),
        button("Allebei, het wisselt", "allebei"),
    ],
    "free": [],
}
STOP_BUTTON = button("Stop de oefening", "/stop")


def ask_action(slot: Text, text: Text, answer: Text) -> type:
    """An `action_ask_<slot>` for the form: the question from knowledge/exercises.yml with
    the buttons its kind of answer needs (custom ask actions keep the texts in data)."""

    def name(self) -> Text:
        return f"action_ask_{slot}"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(text=text, buttons=ANSWER_BUTTONS[answer] + [STOP_BUTTON])
        return []

    return type(f"ActionAsk_{slot}", (Action,), {"name": name, "run": run, "__module__": __name__})


ASK_ACTIONS = [
    ask_action(q["slot"], q["text"], q["answer"]) for spec in KNOWLEDGE.exercises.values() for q in spec["questions"]
]


class ActionStopExercise(Action):
    """'stop' / 'laat maar': leave the running exercise with a short summary, keep the chat going."""

    def name(self) -> Text:
        return "action_stop_exercise"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        form = tracker.active_loop.get("name") if tracker.active_loop else None
        if form not in FORM_SLOTS:
            dispatcher.utter_message(text=NOTHING_TO_STOP)
            return [ActiveLoop(None)]
        done = ex.answered(FORM_SLOTS[form], {s: tracker.get_slot(s) for s in FORM_SLOTS[form]})
        dispatcher.utter_message(
            text=f"Oké, we stoppen met de oefening. Je beantwoordde {done} van de "
            f"{len(FORM_SLOTS[form])} vragen; je kunt altijd opnieuw beginnen. Waar wil je nu over praten?",
            buttons=[
                button("Opnieuw beginnen", f"/{form_intent(form)}"),
                button("Wat kun je allemaal?", "/ask_capabilities"),
            ],
        )
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + _reset(form)


class ActionLeaveExercise(Action):
    """Goodbye, a crisis or "vergeet mij" during an exercise: leave it and forget its answers,
    so a restarted exercise asks everything again (a form skips slots that have a value)."""

    def name(self) -> Text:
        return "action_leave_exercise"

    def run(self, dispatcher, tracker, domain) -> List[EventType]:
        form = tracker.active_loop.get("name") if tracker.active_loop else None
        cleared = _reset(form) if form in FORM_SLOTS else []
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + cleared


def form_intent(form: Text) -> Text:
    return {
        "signs_form": "exercise_signs",
        "pattern_form": "exercise_pattern",
        "reflection_form": "exercise_reflection",
    }[form]
