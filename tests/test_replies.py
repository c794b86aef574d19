"""Pure text building: chat-sized messages, personalisation, source lines."""

from __future__ import annotations

import pytest

from coach import replies


@pytest.mark.parametrize(
    "persoon, phrase",
    [
        ("vriend", "je vriend"),
        ("vrouw", "je vrouw"),
        ("ex", "je ex"),
        (None, "je partner"),
        ("vader", "je partner"),
        ("MAN", "je man"),
    ],
)
def test_partner_phrase(persoon, phrase):
    assert replies.partner_phrase(persoon) == phrase


def test_personalise_keeps_sentence_case():
    assert (
        replies.personalise("{Partner} zwijgt, {partner} is bang.", "vriendin")
        == "Je vriendin zwijgt, je vriendin is bang."
    )


def test_long_text_is_split_within_the_limit():
    text = " ".join(f"Zin nummer {i} gaat over gevoelens en afstand." for i in range(80))
    parts = replies.split_message(text)
    assert len(parts) > 1
    assert all(len(p) <= replies.MAX_CHARS for p in parts)
    assert " ".join(parts).split() == text.split()


def test_unbroken_text_is_cut_hard():
    parts = replies.split_message("x" * 1500)
    assert [len(p) for p in parts] == [600, 600, 300]


def test_every_entry_renders_in_chat_sized_messages_ending_with_its_source(knowledge):
    for entry in knowledge.entries.values():
        for parts in (["explanation", "background"], ["steps"], ["signs"]):
            messages = replies.entry_text(entry, parts, "man")
            assert all(len(m.text) <= replies.MAX_CHARS for m in messages), entry.id
            assert messages[-1].text.endswith(f"Bron: {entry.article.title}")
            assert "{" not in "".join(m.text for m in messages), entry.id


def test_steps_are_numbered(knowledge):
    text = replies.render_part(knowledge.entries["ej_drie_stappen"], "steps")
    lines = text.split(replies.LINE_BREAK)
    assert lines[0] == "Wat je deze week kunt doen:"
    assert lines[1].startswith("Stap 1: Zie het patroon") and lines[3].startswith("Stap 3: ")
    assert "\n\n" not in text, "a blank line would split the steps into separate chat bubbles"


def test_long_lists_are_split_between_lines(knowledge):
    messages = replies.entry_text(knowledge.entries["pw_communicatie"], ["steps"], None)
    assert len(messages) > 1
    for message in messages:
        lines = message.text.split("\n\n")[0].split(replies.LINE_BREAK)
        assert all(line.startswith(("Stap ", "Wat je deze week")) for line in lines), lines


def test_first_contact_note_says_chatbot_not_therapist(knowledge):
    first = replies.topic_intro(knowledge.topics["emotional_distance"], None, first_contact=True)
    assert "chatbot, geen therapeut" in first[0].text
    later = replies.topic_intro(knowledge.topics["emotional_distance"], None)
    assert "chatbot" not in later[0].text


def test_more_walks_every_part_of_the_path_then_the_steps_entry(knowledge):
    topic = knowledge.topics["emotional_distance"]
    sequence = replies.more_sequence(topic, knowledge)
    assert sequence[0] == (topic.path[0], "main") and sequence[-1] == (topic.steps, "steps")
    assert ("ea_signalen", "signs") in sequence and len(sequence) == len(set(sequence))
    seen = []
    for _ in sequence:
        entry_id, part = replies.next_more(topic, knowledge, seen)
        seen.append(replies.seen_key(entry_id, part))
    assert replies.next_more(topic, knowledge, seen) is None


def test_steps_follow_the_entry_under_discussion(knowledge):
    topic = knowledge.topics["partner_unavailable"]
    assert replies.steps_entry(topic, knowledge, []) == topic.steps
    assert replies.steps_entry(topic, knowledge, ["eo_omgaan"]) == "eo_omgaan"
    shown = ["eo_omgaan", "steps:eo_omgaan"]
    assert replies.steps_entry(topic, knowledge, shown) == topic.steps
    asked_twice = shown + [f"steps:{topic.steps}"]
    assert replies.steps_entry(topic, knowledge, asked_twice) == topic.path[0], "a second request gives new steps"


def test_every_part_of_every_entry_can_be_reached(knowledge):
    """Computed from the knowledge graph (topics, paths, question mappings, exercises)."""
    existing = {
        (entry.id, part)
        for entry in knowledge.entries.values()
        for part in ("explanation", "background", "signs", "steps", "reflection")
        if entry.part(part)
    }
    unreachable = sorted(existing - replies.reachable(knowledge))
    assert not unreachable, unreachable
