"""Alerts: new hits per saved search, printed or e-mailed (``anzuelo alerts``, cron-friendly).

For each saved search, ads first seen after ``since`` (default: the search's
own ``last_alert_at``) are counted and the top ones listed. E-mail goes out
through plain SMTP (optional STARTTLS and login), one message per owner.
"""

from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from typing import Any

from anzuelo.errors import InputError
from workbench import saved
from workbench.auth import UserStore, now_iso


@dataclass
class Smtp:
    """SMTP relay settings (WEB_SMTP_*)."""

    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    sender: str = "anzuelo@localhost"
    starttls: bool = False
    timeout: float = 30.0


@dataclass
class Report:
    """New hits of one saved search."""

    saved: dict[str, Any]
    since: str
    new: int
    hits: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (hits reduced to what a reader needs)."""
        keep = ("id", "title", "score", "risk", "source", "country", "first_seen", "url")
        return {
            "saved_search": {k: self.saved.get(k) for k in ("id", "name", "user", "params")},
            "since": self.since,
            "new": self.new,
            "hits": [{k: h.get(k) for k in keep} for h in self.hits],
        }


def parse_since(value: str | None) -> str | None:
    """``7d``/``12h``/``30m`` or an ISO date/time -> ISO timestamp (UTC); None stays None."""
    if not value:
        return None
    m = re.fullmatch(r"(\d+)([dhm])", value.strip())
    if m:
        unit = {"d": "days", "h": "hours", "m": "minutes"}[m.group(2)]
        when = datetime.now(timezone.utc) - timedelta(**{unit: int(m.group(1))})
        return when.replace(microsecond=0).isoformat()
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"cannot read --since {value!r}", "use 7d, 12h, 30m or an ISO date like 2024-05-01") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.isoformat()


def collect(backend: Any, *, since: str | None = None, user: str | None = None, top: int = 10) -> list[Report]:
    """One Report per saved search (of ``user``, or everyone's)."""
    reports = []
    for item in saved.list_for(backend, user):
        start = since or item.get("last_alert_at") or item.get("created_at", "")
        total, hits = saved.new_hits(backend, item, start, top)
        reports.append(Report(item, start, total, hits))
    return reports


def mark_sent(backend: Any, reports: list[Report], at: str) -> None:
    """Move every reported search's ``last_alert_at`` to ``at``."""
    for report in reports:
        saved.mark_alerted(backend, report.saved, at)


def render_text(reports: list[Report], base_url: str = "") -> str:
    """Plain-text body listing new hits per saved search."""
    lines = []
    for r in reports:
        lines.append(f"{r.saved.get('name')}: {r.new} new since {r.since} [{r.saved.get('user')}]")
        for h in r.hits:
            link = f"{base_url.rstrip('/')}/ads/{h.get('id')}" if base_url else h.get("id")
            lines.append(f"  {h.get('score') or 0:.2f} {h.get('risk', ''):<6} {h.get('title') or '(untitled)'}  {link}")
    return "\n".join(lines) + "\n"


def send(backend: Any, reports: list[Report], smtp: Smtp, *, to: str = "", base_url: str = "") -> tuple[int, list[str]]:
    """E-mail each owner their searches with new hits; returns (messages sent, error lines)."""
    if not smtp.host:
        raise InputError("e-mail is not configured", "set ANZUELO_WEB_SMTP_HOST (and _PORT, _FROM, _USER, _PASSWORD)")
    by_user: dict[str, list[Report]] = {}
    for r in reports:
        if r.new:
            by_user.setdefault(r.saved.get("user", ""), []).append(r)
    users, sent, errors = UserStore(backend), 0, []
    for name, items in sorted(by_user.items()):
        rcpt = to or (users.get(name) or {}).get("email", "")
        if not rcpt:
            errors.append(f"{name}: no e-mail address (anzuelo users add {name} --email ...) and no --to")
            continue
        msg = EmailMessage()
        msg["Subject"] = f"anzuelo: {sum(r.new for r in items)} new ads in {len(items)} saved searches"
        msg["From"], msg["To"] = smtp.sender, rcpt
        msg.set_content(render_text(items, base_url))
        try:
            with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as conn:
                if smtp.starttls:
                    conn.starttls()
                if smtp.user:
                    conn.login(smtp.user, smtp.password)
                conn.send_message(msg)
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            errors.append(f"{name} <{rcpt}>: {exc}")
    return sent, errors


__all__ = ["Smtp", "Report", "parse_since", "collect", "mark_sent", "render_text", "send", "now_iso"]
