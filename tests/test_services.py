"""Service facts (knowledge/services.yml, coach/knowledge.py: load_services): every phone
number, website and service that a reply names is listed there with its source, and no reply
claims more than its facts say."""

from __future__ import annotations

import re
from typing import Dict, Iterator, List, Tuple

import pytest
import yaml

from coach.knowledge import KNOWLEDGE_DIR, SERVICES_FILE, KnowledgeError, load_services

PROJECT = KNOWLEDGE_DIR.parent
# Keys of knowledge/*.yml whose values are patterns or references, not texts a user reads.
NOT_TEXT = re.compile(r"cues|asks_for_steps|step_question|safety_follow_ups|^(id|file|source|related|path|steps_from)$")
# Phone numbers (113, 112, 0800-0113, 020 1234567, 06-12345678) and web addresses.
PHONE = re.compile(r"(?<![\w.-])(11[0-9]|0[0-9]{3}[- ]?[0-9]{4}|0[0-9]{1,2}[- ]?[0-9]{7,8})(?![\w-]|\.[a-z])")
WEB = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:nl|com|org|be|eu|info)\b")
# Dutch services a text could name that services.yml does not list: naming one needs its facts
# there first.
OTHER_SERVICES = re.compile(
    r"\b(luisterlijn|sensoor|kindertelefoon|slachtofferhulp|fier|centrum seksueel geweld|politie|"
    r"ggz|huisartsenpost|crisisdienst|korrelatie|mind|blijf groep|moviera|wijkteam|maatschappelijk werk|"
    r"advocaat|notaris|psychiater|meldpunt|sos)\b"
)
ALWAYS = re.compile(r"\b(dag en nacht|24/7|24 uur|altijd bereikbaar|elk moment)\b")


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def knowledge_texts(value, key: str = "") -> Iterator[str]:
    if NOT_TEXT.search(key):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from knowledge_texts(item, key)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from knowledge_texts(v, str(k))


def texts() -> List[Tuple[str, str]]:
    """(where, text) for every domain response, every knowledge text and the chat page."""
    found: List[Tuple[str, str]] = []
    domain = yaml.safe_load((PROJECT / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in domain["responses"].items():
        parts = [v.get("text", "") for v in variants] + [b["title"] for v in variants for b in v.get("buttons", [])]
        found.append((f"domain.yml: {name}", " ".join(parts)))
    for path in sorted(KNOWLEDGE_DIR.glob("*.yml")):
        if path.name == SERVICES_FILE:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append((f"knowledge/{path.name}", " ".join(knowledge_texts(data))))
    page = (PROJECT / "web" / "index.html").read_text(encoding="utf-8")
    page = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", page, flags=re.S)
    found.append(("web/index.html", page))
    return found


TEXTS = texts()
# Replies the lead developer rewrites for issue 21 (the crisis flows), which still say
# "bel 113 of gratis 0800-0113" as if 113 cost money. Strict: once reworded, the mark must go.


def cases():
    for where, text in TEXTS:
        yield pytest.param(where, text, id=where)


@pytest.fixture(scope="module")
def services():
    return load_services()


def test_services_file_is_valid_and_names_its_sources():
    services = load_services()
    assert {"113", "0800-0113", "113.nl", "0800-2000", "112"} <= set(services.channels)
    raw = yaml.safe_load((KNOWLEDGE_DIR / SERVICES_FILE).read_text(encoding="utf-8"))
    for spec in raw["services"].values():
        for item in [*spec["channels"], *spec["facts"]]:
            assert item["source"].startswith("http") and re.match(r"\d{4}-\d{2}-\d{2}$", item["checked"])


def test_a_fact_without_its_source_is_refused(tmp_path):
    raw = yaml.safe_load((KNOWLEDGE_DIR / SERVICES_FILE).read_text(encoding="utf-8"))
    del raw["services"]["veilig_thuis"]["channels"][0]["source"]
    (tmp_path / SERVICES_FILE).write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        KnowledgeError, match=r"services\.yml: services/veilig_thuis/channels/0: 'source' is a required"
    ):
        load_services(tmp_path)


def named(text: str, services) -> Dict[str, List[str]]:
    """What a text names that services.yml does not list: phone numbers, websites, services."""
    lower = plain(text)
    return {
        "phone numbers": [n for n in PHONE.findall(lower) if n.replace(" ", "-") not in services.channels],
        "websites": [w for w in WEB.findall(lower) if w not in services.channels],
        "services": OTHER_SERVICES.findall(lower),
    }


def overclaims(text: str, services) -> List[str]:
    """Sentences that claim more than a channel's facts: "gratis" or "dag en nacht" for a channel
    that is not, a chat said to be always open that is not, "A of gratis B" for a free A."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", plain(text)):
        for address, channel in services.channels.items():
            if not re.search(rf"(?<![\w.-]){re.escape(address)}(?![\w-]|\.[a-z])", sentence):
                continue
            if "gratis" in sentence and not channel.free:
                found.append(f"'gratis' beside {address}: {sentence}")
            if ALWAYS.search(sentence) and not channel.always_open:
                found.append(f"always open beside {address}: {sentence}")
        chat_of = [c for c in services.channels.values() if c.kind == "chat" and not c.always_open]
        for channel in chat_of:
            service_names = [n for n, s in services.names.items() if s == channel.service]
            if "chat" in sentence and any(n in sentence for n in service_names) and ALWAYS.search(sentence):
                found.append(f"the {channel.service} chat is not always open: {sentence}")
        for before, after in re.findall(r"(?<![\w.-])(\d[\d-]*) of gratis (?:via |op |naar )?(\d[\d-]*)", sentence):
            if before in services.channels and services.channels[before].free:
                found.append(f"'{before} of gratis {after}' suggests {before} costs money: {sentence}")
    return found


@pytest.mark.parametrize("where, text", list(cases()))
def test_every_service_a_reply_names_is_sourced(where, text, services):
    unknown = {k: v for k, v in named(text, services).items() if v}
    assert not unknown, f"{where} names what services.yml does not list: {unknown}"
    assert not overclaims(text, services), f"{where}: " + "; ".join(overclaims(text, services))


@pytest.mark.parametrize(
    "text, problem",
    [
        ("Bel de Luisterlijn op 088-0767000.", "services"),
        ("Chat met ons via hulpchat.nl.", "websites"),
        ("Bel 0800-1234, gratis.", "phone numbers"),
    ],
)
def test_an_unlisted_number_website_or_service_is_found(text, problem, services):
    assert named(text, services)[problem]


@pytest.mark.parametrize(
    "text",
    [
        "Bel 113 of gratis 0800-0113.",
        "Bellen kan via 113 of gratis via 0800-0113.",
        "Op veiligthuis.nl kun je dag en nacht chatten met Veilig Thuis.",
        "Het Juridisch Loket: bel gratis 0900-8020.",
    ],
)
def test_a_claim_beyond_the_facts_is_found(text, services):
    assert overclaims(text, services)


def test_the_true_claims_pass(services):
    text = "Bel gratis 113 of 0800-0113, of chat op 113.nl (24/7). Veilig Thuis: 0800-2000, dag en nacht."
    assert not overclaims(text, services)
    assert not any(named(text, services).values())
