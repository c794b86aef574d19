"""Pure text building: chat-sized messages, personalisation, source lines."""

from __future__ import annotations


from coach import replies


def test_personalise_keeps_sentence_case():
    assert (
        replies.personalise("{Partner} zwijgt, {partner} is bang.", "je vriendin")
        == "Je vriendin zwijgt, je vriendin is bang."
    )


def test_long_text_is_split_within_the_limit():
    text = " ".join(f"Zin nummer {i} gaat over gevoelens en afstand." for i in range(80))
    parts = replies.split_message(text)
    assert len(parts) > 1
    assert all(len(p) <= replies.MAX_CHARS for p in parts)
    assert " ".join(parts).split() == text.split()


def test_unbroken_text_is_cut_hard():
    parts = replies.split_message("x" * 2500)
    assert [len(p) for p in parts] == [1000, 1000, 500]


def test_every_entry_renders_in_chat_sized_messages_ending_with_its_source(knowledge):
    for entry in knowledge.entries.values():
        for parts in (["explanation", "background"], ["steps"], ["signs"]):
            messages = replies.entry_text(entry, parts, "je man", knowledge.conversation)
            assert all(len(m.text) <= replies.MAX_CHARS for m in messages), entry.id
            assert messages[-1].text.endswith(f"Bron: {entry.article.title}")
            assert "{" not in "".join(m.text for m in messages), entry.id


def test_steps_are_numbered(knowledge):
    text = replies.render_part(knowledge.entries["ej_drie_stappen"], "steps", knowledge.conversation)
    lines = text.split(replies.LINE_BREAK)
    assert lines[0] == "Wat je deze week kunt doen:"
    assert lines[1].startswith("Stap 1: Zie het patroon") and lines[3].startswith("Stap 3: ")
    assert "\n\n" not in text, "a blank line would split the steps into separate chat bubbles"


def test_a_step_list_stays_in_one_bubble_and_only_a_too_long_one_is_split_between_lines(knowledge):
    conv = knowledge.conversation
    assert len(replies.entry_text(knowledge.entries["pw_communicatie"], ["steps"], "je partner", conv)) == 1
    messages = [
        replies.Reply(t)
        for t in replies.split_message(replies.render_part(knowledge.entries["pw_communicatie"], "steps", conv), 300)
    ]
    assert len(messages) > 1
    for message in messages:
        lines = message.text.split("\n\n")[0].split(replies.LINE_BREAK)
        assert all(line.startswith(("Stap ", "Wat je deze week")) for line in lines), lines


def test_a_step_that_names_a_done_exercise_is_left_out(knowledge):
    entry = knowledge.entries["vb_bewustwording"]
    name = knowledge.exercises["reflection"]["name"]
    full = replies.render_part(entry, "steps", knowledge.conversation)
    without = replies.render_part(entry, "steps", knowledge.conversation, skip=[name])
    assert "reflectie-oefening" in full and "reflectie-oefening" not in without
    assert without.count("Stap ") == full.count("Stap ") - 1


def test_follow_up_buttons_only_offer_what_is_new(knowledge):
    topic = knowledge.topics["partner_unavailable"]
    assert replies.fresh_follow_ups(topic, knowledge, []) == ["ask_what_to_do", "request_more", "ask_causes"]
    causes = knowledge.answer_entry("ask_causes", topic.id).id
    assert "ask_causes" not in replies.fresh_follow_ups(topic, knowledge, [causes])
    everything = [replies.seen_key(e, p) for e, p in replies.more_sequence(topic, knowledge)]
    all_steps = everything + [replies.seen_key(e, "steps") for e in knowledge.entries if knowledge.entries[e].steps]
    assert replies.fresh_follow_ups(topic, knowledge, all_steps) == []


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


def test_after_violence_a_confronting_entry_keeps_its_explanation_and_withholds_steps_and_reflection(knowledge):
    conv = knowledge.conversation
    confronting = next(e for e in knowledge.entries.values() if e.confronts_partner and e.steps)
    step = confronting.steps[0].split("{")[0][:20]
    buttons = [replies.button("Verder", "/request_more")]
    safe, withheld = replies.safe_entry_text(confronting, ["explanation", "steps"], True, "je man", conv, buttons)
    text = " ".join(m.text for m in safe)
    assert withheld and step not in text and not any(m.buttons for m in safe)
    assert confronting.explanation.split("{")[0][:20] in text
    plain, withheld = replies.safe_entry_text(confronting, ["steps"], False, "je man", conv, buttons)
    assert not withheld and step in " ".join(m.text for m in plain) and plain[-1].buttons == buttons


def test_steps_turned_down_are_left_out_and_the_rest_numbered_anew(knowledge):
    # an exercise's closing steps go through this too (actions/common.py: send_entry)
    conv = knowledge.conversation
    writes = conv.suggestions["writing"].offered
    entry = next(e for e in knowledge.entries.values() if len(e.steps) > 2 and any(writes.search(s) for s in e.steps))
    kept = replies.without_refused(entry, conv, ["writing"])
    assert kept.steps and not any(writes.search(s) for s in kept.steps)
    assert len(kept.steps) == len([s for s in entry.steps if not writes.search(s)])
    text = replies.render_part(kept, "steps", conv)
    assert f"{conv.headings['steps'][1]} {len(kept.steps)}:" in text and not writes.search(text)
    assert replies.without_refused(entry, conv, []) is entry
