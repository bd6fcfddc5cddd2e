"""Salary of a crawled ad from its text, read by ``nlp.salary`` (the project's one salary parser).

Used by the spiders (``salary_raw`` -> amount/currency/period when the page has
no structured ``baseSalary``; ``parse_period`` for schema.org ``unitText``) and
by ``demo/build_sites.py``. The scorer reads salaries with the same parser, so
"8 millones al mes" is one salary wherever it is looked at.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp.salary import parse_amount, parse_period, salaries_in

__all__ = ["Salary", "find_salary", "parse_amount", "parse_period"]


@dataclass(frozen=True)
class Salary:
    """A parsed salary: the matched text and its normalised parts."""

    raw: str
    amount: float | None
    currency: str | None
    period: str | None


def find_salary(text: str, country: str | None = None) -> Salary | None:
    """The first salary stated in ``text`` (``country``: ISO alpha-2, the meaning of a bare "$"), or None."""
    found = salaries_in(text or "", country)
    if not found:
        return None
    first = found[0]
    return Salary(raw=first["raw"], amount=first["amount"], currency=first["currency"], period=first["period"])
