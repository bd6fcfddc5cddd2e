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
    """Disable user NAME and end their sessions: a running workbench sees it within
    WEB_USER_CACHE_TTL seconds (5 by default); disabling from the admin page
    takes effect at once. Role and password changes (`users role`, `users password`,
    `users add` again) and `users logout` end sessions the same way."""
    _store().set_disabled(name, True)
    click.echo(f"user {name} disabled")


@users.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["viewer", "labeller", "admin"]))
def role(name: str, role: str) -> None:
    """Give user NAME another ROLE; every session of theirs ends (they log in again)."""
    _store().set_role(name, role)
    click.echo(f"user {name} is now {role}; their sessions were ended")


@users.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of stdin.")
def password(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; every session made with the old one ends."""
    if password_stdin:
        new = sys.stdin.readline().rstrip("\r\n")
    else:
        new = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    _store().set_password(name, new)
    click.echo(f"password of {name} changed; their sessions were ended")


@users.command("logout")
@click.argument("name")
def logout(name: str) -> None:
    """End every workbench session of NAME now (e.g. a lost laptop), without disabling them."""
    _store().revoke_sessions(name)
    click.echo(f"every session of {name} ended")


commands = [users]
