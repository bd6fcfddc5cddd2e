"""schema.org JobPosting from a page (JSON-LD, microdata or RDFa via extruct) mapped to ad fields."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

from crawler.extract.salary import parse_period
from crawler.extract.text import html_to_text

logger = logging.getLogger(__name__)

_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/")
#: Country names seen in addressCountry instead of ISO codes.
COUNTRY_NAMES = {
    "colombia": "CO", "mexico": "MX", "méxico": "MX", "brasil": "BR", "brazil": "BR", "peru": "PE", "perú": "PE",
    "venezuela": "VE", "ecuador": "EC", "argentina": "AR", "chile": "CL", "españa": "ES", "spain": "ES",
    "portugal": "PT", "united states": "US", "estados unidos": "US", "usa": "US", "canada": "CA", "canadá": "CA",
    "united kingdom": "GB", "uk": "GB", "reino unido": "GB", "guatemala": "GT", "honduras": "HN", "bolivia": "BO",
}


_MICRODATA = re.compile(r"\sitemtype\s*=", re.I)
_RDFA = re.compile(r"\s(?:typeof|vocab)\s*=", re.I)


def find_job_postings(html: str, url: str, jsonld_scripts: list[str] | None = None,
                      markers: tuple[bool, bool] | None = None, tree: Any = None) -> list[dict[str, Any]]:
    """Every JobPosting object on the page, as plain dicts with schema.org short keys.

    ``jsonld_scripts`` (the texts of ``<script type="application/ld+json">``,
    e.g. from the response's already-parsed tree) saves parsing the page
    again; extruct then only runs when microdata or RDFa attributes appear.
    ``markers`` (has microdata, has RDFa), known from the parsed tree
    (``crawler.extract.page``), saves searching the text for them. ``tree``
    (that parsed tree) is handed to extruct for microdata instead of the text.
    Each dict from microdata/RDFa carries ``_syntax`` so merging can tell them apart.
    """
    found: list[dict] = []
    syntaxes = []
    if jsonld_scripts is not None:
        for script in jsonld_scripts:
            try:
                _collect(json.loads(_clean_script(script), strict=False), found)
            except RecursionError:  # "[[[[..." deeper than the stack: no posting in there (a crash before)
                continue
            except ValueError:
                syntaxes = ["json-ld"]  # broken JSON: let extruct's tolerant parser try
    elif "application/ld+json" in html:
        syntaxes.append("json-ld")
    microdata, rdfa = markers if markers is not None else (bool(_MICRODATA.search(html)), bool(_RDFA.search(html)))
    if microdata:
        syntaxes.append("microdata")
    if rdfa:
        syntaxes.append("rdfa")
    if not syntaxes:  # cheap exit: most pages of a crawl are listings
        return found
    import extruct

    # extruct parses text as UTF-8 unless told otherwise, and lxml refuses a str that starts with
    # an <?xml encoding=...?> declaration (XHTML pages of legacy boards): give it UTF-8 bytes, or
    # the response's own tree when only microdata is wanted (no second parse)
    source: Any = tree if tree is not None and syntaxes == ["microdata"] else html.encode("utf-8", "surrogatepass")
    try:
        data = extruct.extract(source, base_url=url, encoding="UTF-8", syntaxes=syntaxes, uniform=True, errors="ignore")
    except Exception as exc:  # broken markup must not kill the crawl
        logger.debug("extruct failed on %s: %s", url, exc)
        return found
    if "json-ld" in syntaxes:
        found = []  # extruct re-reads every JSON-LD script
    for syntax in syntaxes:
        objs = data.get(syntax) or []
        if syntax == "rdfa":
            # RDFa comes flattened: nodes refer to each other by @id
            nodes = {o.get("@id"): o for o in objs if isinstance(o, dict)}
            objs = [_unrdfa(o, nodes) for o in objs]
        start = len(found)
        for obj in objs:
            _collect(obj, found)
        if syntax != "json-ld":
            found[start:] = [{**o, "_syntax": syntax} for o in found[start:]]
    return found


_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


def _clean_script(script: str) -> str:
    """JSON of a ld+json script without the CDATA/comment wrappers some CMSs add."""
    return _WRAPPERS.sub("", script.strip()) if script.lstrip()[:1] not in ("{", "[") else script


def _is_jobposting(obj: dict) -> bool:
    types = obj.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "JobPosting" for t in types if t)


#: Properties under which pages nest their JobPosting (WebPage.mainEntity, ItemList.itemListElement ...).
_NESTING = ("@graph", "mainEntity", "itemListElement", "item", "hasPart", "about", "subjectOf")


def _collect(obj: Any, found: list[dict], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(obj, list):
        for o in obj:
            _collect(o, found, depth + 1)
    elif isinstance(obj, dict):
        if _is_jobposting(obj):
            found.append(obj)
            return
        for key in _NESTING:
            if key in obj:
                _collect(obj[key], found, depth + 1)


def _unrdfa(obj: Any, nodes: dict, depth: int = 0) -> Any:
    """RDFa from extruct uses full IRIs, [{'@value': ..}] lists and @id links; shorten to JSON-LD style."""
    if isinstance(obj, list):
        vals = [_unrdfa(v, nodes, depth) for v in obj]
        return vals[0] if len(vals) == 1 else vals
    if isinstance(obj, dict):
        if "@value" in obj:
            return obj["@value"]
        if set(obj) == {"@id"} and obj["@id"] in nodes and depth < 4:
            return _unrdfa(nodes[obj["@id"]], nodes, depth + 1)
        out = {}
        for k, v in obj.items():
            key = k
            for p in _SCHEMA_PREFIXES:
                key = key.removeprefix(p)
            out[key] = _unrdfa(v, nodes, depth) if key != "@type" else v
        return out
    return obj


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(filter(None, (_text(v) for v in value))) or None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or value.get("value"))
    return str(value).strip() or None


def iso_datetime(value: Any) -> str | None:
    """ISO 8601 UTC ('2026-11-01T00:00:00Z') from a schema.org date or datetime; None if unparsable."""
    text = _text(value)
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(text[:10]), dt.time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def country_code(value: Any) -> str | None:
    """ISO alpha-2 from 'CO', {'name': 'Colombia'} or 'Colombia'."""
    text = _text(value)
    if not text:
        return None
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return COUNTRY_NAMES.get(text.strip().lower())


def _places(value: Any) -> list[dict]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, dict)]


def map_job_posting(jp: dict[str, Any]) -> dict[str, Any]:
    """Ad fields (``index.fields`` names) from one JobPosting dict."""
    out: dict[str, Any] = {
        "title": _text(jp.get("title")) or "",
        "text": html_to_text(_text(jp.get("description"))),
        "posted_at": iso_datetime(jp.get("datePosted")),
        "valid_through": iso_datetime(jp.get("validThrough")),
        "employer": _text(jp.get("hiringOrganization")),
        "employment_type": _text(jp.get("employmentType")),
    }
    locs, country = [], None
    for place in _places(jp.get("jobLocation")):
        addr = place.get("address")
        if isinstance(addr, dict):
            parts = [_text(addr.get(k)) for k in ("streetAddress", "addressLocality", "addressRegion", "addressCountry")]
            locs.append(", ".join(p for p in parts if p))
            country = country or country_code(addr.get("addressCountry"))
        elif addr:
            locs.append(_text(addr) or "")
    for req in _places(jp.get("applicantLocationRequirements")) or []:
        code = country_code(req.get("name") or req)
        country = country or code
        locs.append(f"remote ({_text(req.get('name'))})")
    if _text(jp.get("jobLocationType")) == "TELECOMMUTE" and not locs:
        locs.append("remote")
    out["location"] = "; ".join(filter(None, locs)) or None
    out["country"] = country
    out.update(map_salary(jp.get("baseSalary")))
    return out


def _num(value: Any) -> str:
    """12000.0 -> '12000', 38.5 -> '38.5' (for the raw salary string)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def map_salary(base: Any) -> dict[str, Any]:
    """salary_raw/amount/currency/period from a MonetaryAmount (or a bare number/string)."""
    if base in (None, "", []):
        return {}
    if isinstance(base, list):
        base = base[0]
    if not isinstance(base, dict):
        return {"salary_raw": str(base)}
    currency = _text(base.get("currency"))
    value = base.get("value")
    unit = None
    if isinstance(value, dict):
        unit = _text(value.get("unitText"))
        low, high = value.get("minValue"), value.get("maxValue")
        value = value.get("value") if value.get("value") is not None else low if low is not None else high
        raw_amount = f"{_num(low)}–{_num(high)}" if low is not None and high is not None else _num(value)
    else:
        raw_amount = _num(value)
    try:
        amount = float(value) if value is not None else None
    except (TypeError, ValueError):
        amount = None
    raw = " ".join(p for p in (currency, raw_amount, f"/ {unit}" if unit else None) if p)
    return {"salary_raw": raw, "salary_amount": amount, "salary_currency": currency.upper() if currency else None,
            "salary_period": parse_period(unit) if unit else None}
