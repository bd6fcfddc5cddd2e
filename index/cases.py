"""Investigators' cases: their own index, versioned behind an alias, written with optimistic concurrency.

A case groups ads (by id) and recruiters (a contact: field + value) under a
name, with a status, assigned investigators, notes (each edit kept) and a
history of every change. It lives in ``<prefix>-cases-v<N>`` behind the alias
``<prefix>-cases`` (readers and writers only use the alias), so a mapping
change is a new index plus an alias swap, as for ads. The mapping is code,
generated from the field names below. Writes are guarded by the document's
``_seq_no``/``_primary_term`` (``put_if``): two investigators editing one case
never overwrite each other; the loser re-reads and applies its change again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from index import aliases
from index.mapping import shard_settings

# field names of a case document
ID = "id"
NAME = "name"
DESCRIPTION = "description"
STATUS = "status"  # one of STATUS_VALUES
ASSIGNEES = "assignees"  # workbench user names
ADS = "ads"  # ad ids
RECRUITERS = "recruiters"  # [{field, value}] with field one of index.fields.LINK_FIELDS
RECRUITER_KEYS = "recruiter_keys"  # "field:value", searchable ("which cases hold this contact?")
NOTES = "notes"  # [{id, text, user, at, history: [{text, user, at}]}], stored only
HISTORY = "history"  # [{at, user, action, detail}], stored only
CREATED_AT = "created_at"
CREATED_BY = "created_by"
UPDATED_AT = "updated_at"
UPDATED_BY = "updated_by"

STATUS_VALUES = ("open", "active", "closed", "referred")
#: Mapping version of the cases index: a change here needs a new version and ``move_to``.
VERSION = 1

KEYWORD_FIELDS = (ID, STATUS, ASSIGNEES, ADS, RECRUITER_KEYS, CREATED_BY, UPDATED_BY)
DATE_FIELDS = (CREATED_AT, UPDATED_AT)
STORED_ONLY_FIELDS = (RECRUITERS, NOTES, HISTORY)


def cases_mapping() -> dict:
    """Mapping of the cases index: ``dynamic: false``, unknown keys kept in _source only."""
    props: dict[str, dict] = {name: {"type": "keyword", "ignore_above": 1024} for name in KEYWORD_FIELDS}
    props.update({name: {"type": "date"} for name in DATE_FIELDS})
    props.update({name: {"type": "object", "enabled": False} for name in STORED_ONLY_FIELDS})
    # The name is searched by words and sorted exactly.
    props[NAME] = {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 256}}}
    props[DESCRIPTION] = {"type": "text"}
    return {"dynamic": False, "properties": dict(sorted(props.items())), "_meta": {"anzuelo_cases_version": VERSION}}


def cases_index_body() -> dict:
    """Body of ``PUT <prefix>-cases-v<N>``."""
    return {"settings": {"index": shard_settings()},
            "mappings": cases_mapping()}


class CaseStore:
    """Cases of one anzuelo deployment: ``idx`` is an ``index.Index`` (its engine and prefix)."""

    def __init__(self, idx: Any, version: int = VERSION) -> None:
        self.engine, self.prefix, self.version = idx.engine, idx.prefix, version
        self._ready = False

    @property
    def alias(self) -> str:
        return f"{self.prefix}-cases"

    def index_name(self, version: int | None = None) -> str:
        return f"{self.prefix}-cases-v{self.version if version is None else version}"

    def ensure(self) -> str:
        """Create the versioned cases index behind its alias when missing; return the index behind it."""
        targets = aliases.alias_targets(self.engine, self.alias)
        if targets:
            self._ready = True
            return targets[-1]
        body = cases_index_body()
        body["aliases"] = {self.alias: {"is_write_index": True}}
        name = self.index_name()
        if not aliases.create_index(self.engine, name, body):
            # Created by another process, or a crash between index and alias: add the alias (idempotent).
            self.engine.request("POST", "/_aliases", body={"actions": [{"add": {"index": name, "alias": self.alias}}]})
        self._ready = True
        return name

    def _path(self, case_id: str) -> str:
        if not self._ready:
            self.ensure()
        return f"/{self.alias}/_doc/{quote(case_id, safe='')}"

    def create(self, doc: dict[str, Any]) -> bool:
        """Write a new case; False when its id is taken."""
        found = self.engine.request("PUT", self._path(doc[ID]), body=doc,
                                    params={"op_type": "create", "refresh": "true"}, ignore=(409,))
        return found is not None

    def get(self, case_id: str) -> tuple[dict[str, Any] | None, tuple[int, int] | None]:
        """The case and its (seq_no, primary_term), or (None, None)."""
        found = self.engine.request("GET", self._path(case_id), ignore=(404,))
        if not found or not found.get("found"):
            return None, None
        return found["_source"], (int(found["_seq_no"]), int(found["_primary_term"]))

    def put_if(self, doc: dict[str, Any], version: tuple[int, int]) -> bool:
        """Replace the case only if nobody wrote it since ``version``; False on a conflict."""
        seq_no, term = version
        params = {"if_seq_no": str(seq_no), "if_primary_term": str(term), "refresh": "true"}
        return self.engine.request("PUT", self._path(doc[ID]), body=doc, params=params, ignore=(409,)) is not None

    def search(self, *, status: str = "", ad_id: str = "", recruiter: str = "", assignee: str = "",
               size: int = 200) -> list[dict[str, Any]]:
        """Cases, most recently updated first, optionally filtered by status, ad, recruiter key, assignee."""
        if not self._ready:
            self.ensure()
        pairs = ((STATUS, status), (ADS, ad_id), (RECRUITER_KEYS, recruiter), (ASSIGNEES, assignee))
        filters = [{"term": {k: v}} for k, v in pairs if v]
        body = {"query": {"bool": {"filter": filters}}, "sort": [{UPDATED_AT: "desc"}, {ID: "asc"}], "size": size}
        found = self.engine.request("POST", f"/{self.alias}/_search", body=body, ignore=(404,)) or {}
        return [h["_source"] for h in found.get("hits", {}).get("hits", [])]

    def move_to(self, new_version: int) -> str:
        """Copy every case into the index of ``new_version`` and swap the alias there (mapping change)."""
        new_index = self.index_name(new_version)
        aliases.create_index(self.engine, new_index, cases_index_body())
        for doc in self.search(size=10_000):
            self.engine.request("PUT", f"/{new_index}/_doc/{quote(doc[ID], safe='')}", body=doc)
        self.engine.request("POST", f"/{new_index}/_refresh")
        aliases.swap_alias(self.engine, self.alias, new_index)
        self.version = new_version
        return new_index


def recruiter_key(field: str, value: str) -> str:
    """The searchable key of a recruiter: ``field:value``."""
    return f"{field}:{value}"


def keys_of(recruiters: Iterable[dict[str, str]]) -> list[str]:
    return [recruiter_key(r["field"], r["value"]) for r in recruiters]
