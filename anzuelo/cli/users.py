"""``anzuelo users add|list|disable``: workbench accounts and roles."""

from __future__ import annotations

import json
import sys

import click

from anzuelo import settings


def _store():
    from workbench.auth import UserStore
    from workbench.backend import open_backend

    return UserStore(open_backend(settings.engine_url()))


@click.group()
def users() -> None:
    """Manage workbench users. Roles: viewer (search, view, export), labeller
    (+ label ads), admin (+ users and the audit log)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "labeller", "admin"]), default="viewer", show_default=True)
@click.option("--email", default="", help="Address for `anzuelo alerts --email`.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (for scripts).")
def add(name: str, role: str, email: str, password_stdin: bool) -> None:
    """Create (or replace) user NAME. Prompts for the password unless --password-stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    _store().add(name, role, password, email)
    click.echo(f"user {name} ({role}) saved")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per line.")
def list_(as_json: bool) -> None:
    """List users with role and status (never password hashes)."""
    for user in _store().list():
        if as_json:
            click.echo(json.dumps(user, ensure_ascii=False))
        else:
            state = "disabled" if user.get("disabled") else "active"
            click.echo(f"{user['name']:<24} {user['role']:<9} {state:<8} {user.get('email', '')}")


@users.command()
@click.argument("name")
def disable(name: str) -> None:
    """Disable user NAME: a running workbench ends their sessions within
    WEB_USER_CACHE_TTL seconds (5 by default); disabling from the admin page
    takes effect at once."""
    _store().set_disabled(name, True)
    click.echo(f"user {name} disabled")


commands = [users]
