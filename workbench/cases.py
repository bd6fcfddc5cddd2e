"""Cases: what an investigator may change on a case, validated, and the timeline of its ads.

Every change is a small function applied by ``change``: read the case with its
sequence number, apply, write only if nobody wrote since, else re-read and
apply again (like labels). Each change appends to the case's ``history`` (who,
when, what) and note edits keep every earlier text, so nothing said in a case
is ever lost. Bad input raises ``InputError`` (HTTP 400 with the reason).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from typing import Any

from anzuelo import settings
from anzuelo.errors import InputError
from index import cases as C
from index import fields as F
from workbench.auth import now_iso
from workbench.labels import ConflictError

MAX_NAME = 200
MAX_TEXT = 5000
MAX_ADS = 500
MAX_RECRUITERS = 100
MAX_VALUE = 300

Change = Callable[[dict[str, Any]], str]


def _text(value: Any, what: str, limit: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InputError(f"the {what} is empty", f"write a {what}")
    if len(text) > limit:
        raise InputError(f"the {what} is {len(text)} characters long", f"keep it under {limit} characters")
    return text


def check_status(status: str) -> str:
    if status not in C.STATUS_VALUES:
        raise InputError(f"unknown case status {status!r}", f"choose one of: {', '.join(C.STATUS_VALUES)}")
    return status


def check_assignees(names: list[str], is_user: Callable[[str], bool]) -> list[str]:
    names = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    unknown = [n for n in names if not is_user(n)]
    if unknown:
        raise InputError(f"no workbench user named {', '.join(map(repr, unknown))}",
                         "assign investigators by their workbench user name")
    return names


def check_recruiter(field: str, value: str) -> dict[str, str]:
    if field not in F.LINK_FIELDS:
        raise InputError(f"unknown contact field {field!r}", f"use one of: {', '.join(F.LINK_FIELDS)}")
    return {"field": field, "value": _text(value, "contact value", MAX_VALUE)}


def new_case(store: C.CaseStore, user: str, name: str, description: str = "", status: str = "open",
             assignees: list[str] | None = None, is_user: Callable[[str], bool] = lambda _: True) -> dict[str, Any]:
    """Create and store a case; returns it."""
    at = now_iso()
    case = {C.ID: uuid.uuid4().hex[:12], C.NAME: _text(name, "case name", MAX_NAME),
            C.DESCRIPTION: _text(description, "description", MAX_TEXT, required=False),
            C.STATUS: check_status(status), C.ASSIGNEES: check_assignees(assignees or [], is_user),
            C.ADS: [], C.RECRUITERS: [], C.RECRUITER_KEYS: [], C.NOTES: [],
            C.HISTORY: [{"at": at, "user": user, "action": "create", "detail": name.strip()}],
            C.CREATED_AT: at, C.CREATED_BY: user, C.UPDATED_AT: at, C.UPDATED_BY: user}
    store.create(case)
    return case


def get_case(store: C.CaseStore, case_id: str) -> dict[str, Any]:
    case, _ = store.get(case_id)
    if case is None:
        raise InputError(f"no case with id {case_id!r}", "open the case from the cases list")
    return case


def change(store: C.CaseStore, case_id: str, user: str, fn: Change,
           retries: int = settings.WEB_LABEL_RETRIES) -> tuple[dict[str, Any], str]:
    """Apply ``fn`` to the case, guarded by its sequence number; returns (case written, what changed)."""
    for attempt in range(retries + 1):
        case, version = store.get(case_id)
        if case is None:
            raise InputError(f"no case with id {case_id!r}", "open the case from the cases list")
        detail = fn(case)
        at = now_iso()
        case[C.HISTORY] = list(case.get(C.HISTORY) or []) + [
            {"at": at, "user": user, "action": getattr(fn, "action", "edit"), "detail": detail}]
        case[C.UPDATED_AT], case[C.UPDATED_BY] = at, user
        if store.put_if(case, version):
            return case, detail
        time.sleep(random.uniform(0, min(0.05 * (attempt + 1), 0.5)))
    raise ConflictError(f"case {case_id} changed {retries + 1} times while this change was saved",
                        "save again: nothing was written")


def _named(action: str, fn: Change) -> Change:
    fn.action = action  # type: ignore[attr-defined]
    return fn


def set_fields(name: str | None = None, status: str | None = None, description: str | None = None,
               assignees: list[str] | None = None, is_user: Callable[[str], bool] = lambda _: True) -> Change:
    """Rename, change status, description or assigned investigators (only what is given)."""
    updates: dict[str, Any] = {}
    if name is not None:
        updates[C.NAME] = _text(name, "case name", MAX_NAME)
    if status is not None:
        updates[C.STATUS] = check_status(status)
    if description is not None:
        updates[C.DESCRIPTION] = _text(description, "description", MAX_TEXT, required=False)
    if assignees is not None:
        updates[C.ASSIGNEES] = check_assignees(assignees, is_user)

    def apply(case: dict[str, Any]) -> str:
        before = {k: case.get(k) for k in updates}
        case.update(updates)
        return "; ".join(f"{k}: {before[k]!r} -> {v!r}" for k, v in updates.items() if before[k] != v) or "no change"
    return _named("update", apply)


def add_note(text: str, user: str) -> Change:
    body = _text(text, "note", MAX_TEXT)

    def apply(case: dict[str, Any]) -> str:
        note = {"id": uuid.uuid4().hex[:8], "text": body, "user": user, "at": now_iso(),
                "history": []}
        case[C.NOTES] = list(case.get(C.NOTES) or []) + [note]
        return f"note {note['id']}: {body[:200]}"
    return _named("note", apply)


def edit_note(note_id: str, text: str, user: str) -> Change:
    """Replace a note's text; the earlier text, author and time go to the note's history."""
    body = _text(text, "note", MAX_TEXT)

    def apply(case: dict[str, Any]) -> str:
        note = next((n for n in case.get(C.NOTES) or [] if n.get("id") == note_id), None)
        if note is None:
            raise InputError(f"the case has no note {note_id!r}", "reload the case page")
        note["history"] = list(note.get("history") or []) + [
            {k: note.get(k) for k in ("text", "user", "at")}]
        note.update(text=body, user=user, at=now_iso())
        return f"note {note_id} edited: {body[:200]}"
    return _named("note-edit", apply)


def add_ads(ad_ids: list[str], exists: Callable[[list[str]], list[str]]) -> Change:
    """Add ads by id; ``exists`` returns the ids that are indexed (an unknown id is a 400)."""
    ids = list(dict.fromkeys(i.strip() for i in ad_ids if i and i.strip()))
    if not ids:
        raise InputError("no ad ids given", "send ad ids as a list, e.g. {\"ads\": [\"<id>\"]}")
    missing = sorted(set(ids) - set(exists(ids)))
    if missing:
        raise InputError(f"no indexed ad with id {', '.join(missing[:5])}", "add ads from their ad page")

    def apply(case: dict[str, Any]) -> str:
        have = list(case.get(C.ADS) or [])
        new = [i for i in ids if i not in have]
        if len(have) + len(new) > MAX_ADS:
            raise InputError(f"a case holds at most {MAX_ADS} ads", "split the case, or remove ads first")
        case[C.ADS] = have + new
        return f"added {len(new)} ads: {' '.join(new)}"
    return _named("add-ads", apply)


def remove_ad(ad_id: str) -> Change:
    def apply(case: dict[str, Any]) -> str:
        case[C.ADS] = [i for i in case.get(C.ADS) or [] if i != ad_id]
        return f"removed ad {ad_id}"
    return _named("remove-ad", apply)


def add_recruiter(field: str, value: str) -> Change:
    rec = check_recruiter(field, value)

    def apply(case: dict[str, Any]) -> str:
        recs = [r for r in case.get(C.RECRUITERS) or [] if r != rec]
        if len(recs) >= MAX_RECRUITERS:
            raise InputError(f"a case holds at most {MAX_RECRUITERS} recruiters", "remove recruiters first")
        case[C.RECRUITERS] = recs + [rec]
        case[C.RECRUITER_KEYS] = C.keys_of(case[C.RECRUITERS])
        return f"added recruiter {field} {rec['value']}"
    return _named("add-recruiter", apply)


def remove_recruiter(field: str, value: str) -> Change:
    def apply(case: dict[str, Any]) -> str:
        case[C.RECRUITERS] = [r for r in case.get(C.RECRUITERS) or [] if (r["field"], r["value"]) != (field, value)]
        case[C.RECRUITER_KEYS] = C.keys_of(case[C.RECRUITERS])
        return f"removed recruiter {field} {value}"
    return _named("remove-recruiter", apply)
