"""Messages as ads: stable ids, chit-chat, titles, contacts behind hidden links."""

from __future__ import annotations

import pytest

from crawler.ingest.message import Message, MessageItem, export_url, is_chitchat, message_item, split_title
from crawler.items import AdItem


@pytest.mark.parametrize(("text", "chitchat"), [
    ("ok", True), ("Gracias!!", True), ("👍👍", True), ("😂", True), ("obrigado", True), ("Thank you", True),
    ("jajaja ya vi", True),  # 8 letters
    ("Se busca mesera en Cali", False),
    ("+57 301 555 0142", False),  # a bare number is a contact worth keeping
])
def test_ingest_message_chitchat(text, chitchat):
    assert is_chitchat(text, 12) is chitchat


def test_ingest_message_ids_stable_and_distinct():
    one = Message(chat="Empleos", sender="Ana", at="2024-03-12T14:05:00", text="Se busca cocinera")
    same = Message(chat="Empleos", sender="Ana", at="2024-03-12T14:05:00", text="Se busca cocinera ", line=99)
    later = Message(chat="Empleos", sender="Ana", at="2024-03-12T14:06:00", text="Se busca cocinera")
    other_chat = Message(chat="Empleos 2", sender="Ana", at="2024-03-12T14:05:00", text="Se busca cocinera")
    assert export_url("whatsapp", one) == export_url("whatsapp", same)  # line numbers and edges do not count
    assert len({export_url("whatsapp", m) for m in (one, later, other_chat)}) == 3
    assert export_url("whatsapp", one).startswith("urn:anzuelo:whatsapp:")


def test_ingest_message_split_title_keeps_scored_text():
    assert split_title("Modelos para Dubái\nPago 3.000 USD") == ("Modelos para Dubái", "Pago 3.000 USD")
    assert split_title("una sola línea") == ("", "una sola línea")
    long_first = "x" * 120 + "\nsegunda"
    assert split_title(long_first) == ("", long_first)


def test_ingest_message_item_fields_and_hidden_contacts():
    msg = Message(chat="Vacantes", sender="Kathy", at="2024-03-10T09:15:42", message_id="2",
                  text="Trabajo en Cancún\nescríbenos aquí", links=["https://wa.me/5215550104477"],
                  forwarded_from="Agencia X", attachments=["photo"], views=1200)
    item = message_item(msg, url="urn:anzuelo:x:1", source="s", spider="chatexport", channel="Vacantes")
    assert isinstance(item, AdItem) and isinstance(item, MessageItem)
    assert (item.title, item.text) == ("Trabajo en Cancún", "escríbenos aquí")
    assert (item.sender, item.message_id, item.views, item.forwarded_from) == ("Kathy", "2", 1200, "Agencia X")
    assert item.posted_at == "2024-03-10T09:15:42" and item.attachments == ["photo"]
    assert "https://wa.me/5215550104477" in item.urls and item.whatsapp == ["+525550104477"]  # nlp drops the old Mexican mobile 1
    assert item.content_hash and item.to_dict()["channel"] == "Vacantes"


@pytest.mark.parametrize(("sender", "numbers"), [
    ("+57 301 5550142", ["+573015550142"]),  # an unsaved number: the poster's own WhatsApp
    ("+55 11 95555-0173", ["+5511955550173"]),
    ("Yuli Restrepo", []),
    ("Tienda 24 7", []),
])
def test_ingest_message_whatsapp_sender_number_is_a_contact(sender, numbers):
    msg = Message(chat="Empleos", sender=sender, at="2024-03-12T14:05:00", text="Se buscan meseras para Panamá")
    item = message_item(msg, url="urn:anzuelo:x:2", source="s", spider="chatexport", sender_is_whatsapp=True)
    assert item.whatsapp == numbers and item.phones == numbers
    plain = message_item(msg, url="urn:anzuelo:x:2", source="s", spider="chatexport")
    assert plain.whatsapp == []  # a Telegram sender name is never read as a number
