"""``anzuelo alerts``: new hits per saved search, printed or e-mailed (for cron)."""

from __future__ import annotations

import json

import click

from anzuelo import settings
from anzuelo.errors import EXIT_PARTIAL


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per saved search.")
@click.option("--email", is_flag=True, help="E-mail each owner via WEB_SMTP_* settings.")
@click.option("--to", default="", help="Send every message to this address instead of the owners'.")
@click.option("--since", default=None, help="Report hits first seen after this (7d, 12h, ISO date) "
              "instead of each search's last alert; does not move the alert clock.")
@click.option("--user", default=None, help="Only this user's saved searches.")
@click.option("--base-url", default=None, help="Workbench URL for links [default: http://WEB_HOST:WEB_PORT].")
@click.option("--dry-run", is_flag=True, help="Report without moving the alert clock.")
def alerts(as_json: bool, email: bool, to: str, since: str | None, user: str | None, base_url: str | None, dry_run: bool) -> int:
    """Report new hits for every saved search.

    \b
    Exit codes: 0 done (with or without new hits), 2 bad option or e-mail
    not configured, 3 engine unavailable, 4 some e-mails failed.
    Cron example:  0 7 * * *  anzuelo alerts --email
    """
    from workbench import alerts as al
    from workbench.backend import open_backend

    backend = open_backend(settings.engine_url())
    start = al.now_iso()
    reports = al.collect(backend, since=al.parse_since(since), user=user)
    base_url = base_url or f"http://{settings.get('WEB_HOST')}:{settings.get('WEB_PORT')}"
    errors: list[str] = []
    if as_json:
        for r in reports:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
    elif not email:
        click.echo(al.render_text(reports, base_url), nl=False)
    if email:
        smtp = al.Smtp(
            host=str(settings.get("WEB_SMTP_HOST")), port=int(settings.get("WEB_SMTP_PORT")),
            user=str(settings.get("WEB_SMTP_USER")), password=str(settings.get("WEB_SMTP_PASSWORD")),
            sender=str(settings.get("WEB_SMTP_FROM")), starttls=bool(settings.get("WEB_SMTP_STARTTLS")),
        )
        sent, errors = al.send(backend, reports, smtp, to=to, base_url=base_url)
        click.echo(f"{sent} e-mails sent", err=True)
        for line in errors:
            click.secho(f"error: {line}", fg="red", err=True)
    if not since and not dry_run and not errors:
        al.mark_sent(backend, reports, start)
    return EXIT_PARTIAL if errors else 0


commands = [alerts]
