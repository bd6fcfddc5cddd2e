"""workbench.alerts: new hits per saved search, sent through a real local SMTP server."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from anzuelo.errors import InputError
from tests.workbench.fake_backend import FakeBackend
from tests.workbench.helpers import FAST_HASHER
from tests.workbench.seed_ads import seed_ads
from workbench import alerts, saved
from workbench.auth import UserStore


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


@pytest.fixture
def backend(tmp_path):
    be = FakeBackend(seed_ads(tmp_path))
    UserStore(be, hasher=FAST_HASHER).add("ana", "viewer", "long-enough-1", "ana@example.org")
    return be


def test_collect_counts_hits_first_seen_after_since(backend):
    saved.create(backend, "ana", "todo", "")
    reports = alerts.collect(backend, since="2024-04-28T00:00:00+00:00")
    assert reports[0].new == sum(1 for a in backend.ads.values() if a["first_seen"] > "2024-04-28T00:00:00+00:00") > 0


def test_email_is_sent_to_owner(backend, smtp_server):
    port, inbox = smtp_server
    saved.create(backend, "ana", "ring A", "q=viaje")
    reports = alerts.collect(backend, since=alerts.parse_since("2024-04-01"))
    sent, errors = alerts.send(backend, reports, alerts.Smtp("127.0.0.1", port, sender="alerts@anzuelo.test"), base_url="http://wb")
    assert (sent, errors) == (1, [])
    msg = inbox.messages[0]
    assert msg.rcpt_tos == ["ana@example.org"] and msg.mail_from == "alerts@anzuelo.test"
    body = email.message_from_bytes(msg.content, policy=email.policy.default).get_content()
    assert "ring A:" in body and "http://wb/ads/ring-a-3" in body


def test_email_not_configured_is_input_error(backend):
    with pytest.raises(InputError):
        alerts.send(backend, [], alerts.Smtp(""))


def test_unreachable_smtp_is_reported(backend):
    saved.create(backend, "ana", "all", "")
    reports = alerts.collect(backend, since="2000-01-01")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    sent, errors = alerts.send(backend, reports, alerts.Smtp("127.0.0.1", dead_port, timeout=2))
    assert sent == 0 and len(errors) == 1


@pytest.mark.parametrize("value", ["yesterday", "7x", "2024-13-01"])
def test_bad_since_is_input_error(value):
    with pytest.raises(InputError):
        alerts.parse_since(value)


def test_since_shorthand():
    assert alerts.parse_since("7d") < alerts.now_iso()
