"""Salary parsing: a money amount, its currency and its period from free text.

Used by the spiders (``salary_raw`` -> amount/currency/period when the page has
no structured ``baseSalary``) and by ``demo/build_sites.py``. Deliberately
conservative: a figure without a currency sign is not a salary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Currency a bare "$" means, by country (ISO alpha-2).
DOLLAR_BY_COUNTRY = {
    "CO": "COP", "MX": "MXN", "AR": "ARS", "CL": "CLP", "US": "USD", "EC": "USD",
    "CA": "CAD", "VE": "USD", "PE": "USD", "BR": "BRL", "PT": "EUR", "ES": "EUR", "GB": "GBP",
}
_CURRENCY = {
    "r$": "BRL", "us$": "USD", "usd": "USD", "u$s": "USD", "mxn": "MXN", "cop": "COP",
    "eur": "EUR", "€": "EUR", "£": "GBP", "gbp": "GBP", "cad": "CAD", "s/": "PEN", "pen": "PEN",
    "ars": "ARS", "brl": "BRL",
}
_PERIODS = [
    ("hour", r"\b(?:hora|horas|hour|hourly|hr|h)\b"),
    ("day", r"\b(?:d[ií]a|dias|días|day|daily|diaria|diario)\b"),
    ("week", r"\b(?:semana|semanal|semanales|week|weekly)\b"),
    ("month", r"\b(?:mes|meses|month|monthly|m[eê]s|mensual|mensal|mensuales)\b"),
    ("year", r"\b(?:a[ñn]o|anual|annual|year|yearly|yr|ano)\b"),
]
_MONEY = re.compile(
    r"(?P<cur>R\$|US\$|U\$S|USD|MXN|COP|EUR|GBP|CAD|PEN|ARS|BRL|S/|€|£|\$)\s?"
    r"(?P<amt>\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
    r"(?P<k>\s?(?:k\b|mil\b|millones\b|million\b))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Salary:
    """A parsed salary: the matched text and its normalised parts."""

    raw: str
    amount: float | None
    currency: str | None
    period: str | None


def parse_amount(text: str) -> float | None:
    """Parse "2.100.000", "2.350,00", "82,000" or "38.50" into a float."""
    s = text.replace(" ", "").replace("\u00a0", "")
    if not s or not any(c.isdigit() for c in s):
        return None
    if "." in s and "," in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        s = s.replace("," if dec == "." else ".", "").replace(dec, ".")
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        parts = s.split(sep)
        # a separator followed by exactly three digits groups thousands
        if len(parts) > 2 or len(parts[-1]) == 3:
            s = "".join(parts)
        else:
            s = ".".join(parts)
    try:
        return float(s)
    except ValueError:
        return None


def parse_period(text: str) -> str | None:
    """Map a unit such as "por mes", "/hr" or schema.org "MONTH" to hour|day|week|month|year."""
    low = text.lower()
    for name, pattern in _PERIODS:
        if re.search(pattern, low):
            return name
    return None


def find_salary(text: str, country: str | None = None) -> Salary | None:
    """Return the first amount with a currency sign in ``text``, or None."""
    m = _MONEY.search(text or "")
    if not m:
        return None
    cur = m.group("cur").lower()
    currency = _CURRENCY.get(cur) or (DOLLAR_BY_COUNTRY.get((country or "").upper(), "USD") if cur == "$" else None)
    amount = parse_amount(m.group("amt"))
    k = (m.group("k") or "").strip().lower()
    if amount is not None and k:
        amount *= 1_000_000 if k.startswith("mill") else 1_000
    tail = text[m.end(): m.end() + 40]
    end = m.end() + (len(tail.split("\n")[0]))
    return Salary(raw=text[m.start(): end].strip(), amount=amount, currency=currency, period=parse_period(tail))
