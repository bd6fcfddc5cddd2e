"""Index settings and mappings as code, generated from ``index.fields``.

The ads index is versioned (``<prefix>-ads-v<N>``) and read and written only
through its alias (``<prefix>-ads``), so a new mapping is a new index plus an
alias swap. Text is analysed twice: a folded base analyzer (lower case, accents
removed) that matches exact words, and one subfield per language (``.es``,
``.en``, ``.pt``) with light stemming, so "modelos" finds "modelo".
"""

from __future__ import annotations

import re

from anzuelo.errors import InputError
from index import fields as F

TEXT_FIELDS = (F.TITLE, F.TEXT, F.EMPLOYER, F.LOCATION)
LANGUAGES = ("es", "en", "pt")
KEYWORD_FIELDS = (
    F.ID, F.URL, F.CANONICAL_URL, F.SOURCE, F.SPIDER, F.STATUS, F.CONTENT_HASH, F.COUNTRY, F.LANG,
    F.EMPLOYMENT_TYPE, F.SALARY_CURRENCY, F.SALARY_PERIOD,
    F.PHONES, F.WHATSAPP, F.TELEGRAM, F.EMAILS, F.EMAIL_DOMAINS, F.URLS, F.DOMAINS, F.HANDLES,
    F.RISK, F.INDICATORS, F.CITIES, F.COUNTRIES_MENTIONED, F.MODEL_VERSION, F.LABEL,
    F.CHANNEL, F.CHANNEL_TITLE, F.MESSAGE_ID, F.SENDER, F.SENDER_ID, F.FORWARDED_FROM, F.ATTACHMENTS,
)
DATE_FIELDS = (F.FETCHED_AT, F.POSTED_AT, F.VALID_THROUGH, F.FIRST_SEEN, F.LAST_SEEN, F.GONE_AT, F.SCORED_AT)
STORED_ONLY_FIELDS = (F.INDICATOR_HITS, F.ENTITIES, F.EVIDENCE)

_STOPWORDS = {"es": "_spanish_", "en": "_english_", "pt": "_portuguese_"}
_STEMMERS = {"es": "light_spanish", "en": "light_english", "pt": "light_portuguese"}

#: Small generic stores (see ``index.store``): kind -> explicit properties. Times are
#: keywords, not dates: writers use ISO strings (they sort and compare as text) and a
#: differently formatted timestamp must never make a bookkeeping write fail.
_KW = {"type": "keyword", "ignore_above": 1024}
STORE_MAPPINGS: dict[str, dict] = {
    "crawl-runs": {k: _KW for k in ("run_id", "source", "spider", "started", "finished", "finish_reason")},
    "users": {k: _KW for k in ("name", "role", "email", "created_at")} | {"disabled": {"type": "boolean"}},
    "saved-searches": {k: _KW for k in ("id", "user", "name", "created_at", "last_visit_at", "last_alert_at")},
    "audit": {k: _KW for k in ("at", "user", "role", "action", "target")} | {"detail": {"type": "text"}},
}


def analysis() -> dict:
    """Analyzers: ``anz_folded`` (base) and ``anz_es``/``anz_en``/``anz_pt``."""
    filters: dict[str, dict] = {}
    analyzers: dict[str, dict] = {
        "anz_folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
    }
    for lang in LANGUAGES:
        filters[f"anz_{lang}_stop"] = {"type": "stop", "stopwords": _STOPWORDS[lang]}
        filters[f"anz_{lang}_stem"] = {"type": "stemmer", "language": _STEMMERS[lang]}
        # Stop words before folding (the lists are accented: "más"), stemming after.
        analyzers[f"anz_{lang}"] = {
            "type": "custom", "tokenizer": "standard",
            "filter": ["lowercase", f"anz_{lang}_stop", "asciifolding", f"anz_{lang}_stem"],
        }
    return {"filter": filters, "analyzer": analyzers}


def text_field() -> dict:
    """A text field: folded base plus one stemmed subfield per language."""
    subfields = {lang: {"type": "text", "analyzer": f"anz_{lang}"} for lang in LANGUAGES}
    return {"type": "text", "analyzer": "anz_folded", "fields": subfields}


def ads_mapping() -> dict:
    """Mappings of the ads index. ``dynamic: false``: unknown keys are kept in _source, never break a bulk."""
    props: dict[str, dict] = {name: text_field() for name in TEXT_FIELDS}
    # Exact employer names let investigators group ads by recruiter company.
    props[F.EMPLOYER]["fields"]["raw"] = {"type": "keyword", "ignore_above": 256}
    props.update({name: {"type": "keyword", "ignore_above": 2048} for name in KEYWORD_FIELDS})
    props.update({name: {"type": "date"} for name in DATE_FIELDS})
    props.update({name: {"type": "object", "enabled": False} for name in STORED_ONLY_FIELDS})
    props[F.SALARY_RAW] = {"type": "text", "analyzer": "anz_folded"}
    # Stored and shown, never searched: a number without a region must not link two recruiters.
    props[F.PHONES_UNVERIFIED] = {"type": "keyword", "index": False, "doc_values": False}
    props[F.SCORE] = {"type": "float"}
    props[F.SALARY_AMOUNT] = {"type": "float"}
    props[F.AGES] = {"type": "integer"}
    props[F.VIEWS] = {"type": "integer"}
    props[F.LABELS] = {
        "type": "object", "dynamic": False,
        "properties": {"label": {"type": "keyword"}, "user": {"type": "keyword"}, "at": {"type": "date"}},
    }
    return {"dynamic": False, "properties": dict(sorted(props.items()))}


def shard_settings() -> dict:
    """Shards and replicas of every index anzuelo creates (``ANZUELO_INDEX_SHARDS``, ``ANZUELO_INDEX_REPLICAS``).

    Replicas are a count ("1") or an auto-expand range ("0-1", the default: no replica on one
    node, so it stays green; one as soon as a second node exists). Read at index creation:
    existing indices keep theirs until the next index version or rescore generation.
    """
    from anzuelo import settings

    shards = int(settings.INDEX_SHARDS)
    replicas = str(settings.INDEX_REPLICAS).strip()
    if shards < 1 or not re.fullmatch(r"\d+|\d+-(\d+|all)", replicas):
        raise InputError(f"bad index layout: INDEX_SHARDS={shards}, INDEX_REPLICAS={replicas!r}",
                         "set ANZUELO_INDEX_SHARDS to 1 or more and ANZUELO_INDEX_REPLICAS to a count (1) "
                         "or a range (0-1, 0-all)")
    key = "auto_expand_replicas" if "-" in replicas else "number_of_replicas"
    return {"number_of_shards": shards, key: replicas if key == "auto_expand_replicas" else int(replicas)}


def ads_index_body(version: int) -> dict:
    """Body of ``PUT <prefix>-ads-v<version>``: settings, analysis and mapping."""
    return {
        "settings": {
            "index": {**shard_settings(), "max_result_window": 10_000},
            "analysis": analysis(),
        },
        "mappings": {**ads_mapping(), "_meta": {"anzuelo_ads_version": version}},
    }


def store_index_body(kind: str) -> dict:
    """Body of a small store index: explicit properties for known kinds, the rest kept in _source."""
    return {
        "settings": {"index": shard_settings()},
        "mappings": {"dynamic": False, "properties": STORE_MAPPINGS.get(kind, {})},
    }
