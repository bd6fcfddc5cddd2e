"""Salaries stated in an ad: amount, currency (ISO 4217) and period, the one parser of the project.

The scorer (``nlp.entities``) and the crawler (``crawler.extract.salary``,
for ads without a structured ``baseSalary``) both call this module, so an ad
gets one reading of its pay wherever it is looked at. Matching runs on the
folded text (``nlp.normalize``) and ``raw`` is cut from the original.

A bare "$" means the currency of the ad's country (COP in Colombia, MXN in
Mexico), USD when the country is unknown; a figure with neither a currency nor
a multiplier ("mil", "millones", "k") is not a salary unless a pay word is near.
"""

from __future__ import annotations

import re

from nlp.normalize import Folded, fold

_CUR_BEFORE = r"(?P<cb>us\s?\$|u\$s|r\$|s/\.?|usd|cop|mxn|eur|gbp|cad|aed|brl|ars|pen|\$|€|£|¥)"
_CUR_AFTER = r"(?P<ca>usd|us\$|dolares|dollars|dolar|cop|mxn|pesos|euros?|eur|gbp|libras|pounds|reais|reales|brl|soles|cad|aed|baht|yenes|yen|francos|francs|chf|bs|bolivares|€|\$)"
_NUM = r"(?P<num>\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_MULT = r"(?P<mult>\s*(?:mil(?:lones|lon|hoes|hao|lion|lions)?|k\b|m\b|mm\b|thousand))?"
_AMOUNT = re.compile(r"(?:" + _CUR_BEFORE + r"\s?)?" + _NUM + _MULT + r"(?:\s*" + _CUR_AFTER + r"\b)?")
_PERIODS = [
    ("month", r"mensual(?:es)?|al mes|por mes|/\s?mes|a month|per month|/\s?month|monthly|p/?m\b|por mes|mensais|mensal|/mo\b|cada mes|each month|a cada mes"),
    ("week", r"semanal(?:es)?|a la semana|por semana|/\s?semana|per week|a week|weekly|/\s?week|semanais"),
    ("fortnight", r"quincenal(?:es)?|por quincena|a la quincena|quinzenal"),
    ("day", r"diari[oa]s?|al dia|por dia|/\s?dia|per day|a day|daily|/\s?day|por noche|per night|a noite"),
    ("hour", r"por hora|/\s?h(?:ora|r)?\b|per hour|an hour|hourly|a hora"),
    ("event", r"por evento|per event|por fin de semana|el fin de semana|per (?:event )?weekend|a weekend|por servicio|por cita|por video|per run|por viaje|per trip|por entrega"),
    ("year", r"al ano|por ano|anual(?:es)?|per year|a year|annual|/\s?year|yearly"),
]
_PERIOD = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _PERIODS))
_CUR_CODE = {"us$": "USD", "u$s": "USD", "usd": "USD", "dolares": "USD", "dollars": "USD", "dolar": "USD",
             "r$": "BRL", "reais": "BRL", "reales": "BRL", "brl": "BRL", "€": "EUR", "eur": "EUR", "euro": "EUR",
             "euros": "EUR", "£": "GBP", "gbp": "GBP", "libras": "GBP", "pounds": "GBP", "¥": "JPY", "yen": "JPY",
             "yenes": "JPY", "s/": "PEN", "s/.": "PEN", "soles": "PEN", "pen": "PEN", "cop": "COP", "mxn": "MXN",
             "cad": "CAD", "aed": "AED", "baht": "THB", "francos": "CHF", "francs": "CHF", "chf": "CHF",
             "bs": "VES", "bolivares": "VES", "ars": "ARS"}
_DOLLAR_SIGN = {"CO": "COP", "MX": "MXN", "AR": "ARS", "CL": "CLP", "UY": "UYU", "CA": "CAD", "BR": "BRL"}
_PESO = {"CO": "COP", "MX": "MXN", "AR": "ARS", "CL": "CLP", "UY": "UYU", "DO": "DOP"}
_SALARY_CUE = re.compile(r"salari|sueldo|pago|pagamos|paga\b|ganar|gana|ganhe|ganho|ganhos|ganancias|ingreso|salary|pay|earn|"
                         r"income|wage|remunera|renda|vencimento|bono|bonus|comision|oferecemos|ofrecemos|hasta|desde|from|up to")


def _to_number(num: str, mult: str) -> float:
    num = num.replace(" ", ".") if re.fullmatch(r"\d{1,3}(?: \d{3})+", num) else num
    seps = re.findall(r"[.,]", num)
    if len(set(seps)) == 2:  # both: the last one is the decimal mark
        dec = num[max(num.rfind("."), num.rfind(","))]
        num = num.replace("," if dec == "." else ".", "").replace(dec, ".")
    elif seps:
        parts = re.split(r"[.,]", num)
        # One kind of separator: thousands if every group after the first has 3 digits.
        num = "".join(parts) if all(len(p) == 3 for p in parts[1:]) else "".join(parts[:-1]) + "." + parts[-1]
    value = float(num)
    mult = (mult or "").strip()
    if mult.startswith("mil") and len(mult) > 3 or mult in {"m", "mm", "million", "millions"}:
        value *= 1_000_000
    elif mult in {"mil", "k", "thousand"}:
        value *= 1_000
    return value


_DIGIT = re.compile(r"\d")
#: Longest currency written before an amount ("us $" and one space): a match starts at most this far
#: before the first digit of its number.
_CUR_REACH = 6


def _amounts(text: str):
    """``_AMOUNT.finditer(text)``, tried only near digits: every amount has one, and the optional
    currency in front made the regex engine try each alternative at every character of the ad."""
    pos = 0
    while (digit := _DIGIT.search(text, pos)) is not None:
        d = digit.start()
        for start in range(max(pos, d - _CUR_REACH), d + 1):
            m = _AMOUNT.match(text, start)
            if m is not None:
                break
        yield m  # at the latest at ``d``: the currency is optional, a digit is a number
        pos = m.end()


def salaries(f: Folded, country: str | None) -> list[dict]:
    """Salary amounts: ``{"amount", "currency", "period", "raw"}`` (currency ISO 4217 or None)."""
    text, out = f.text, []
    last_currency = None
    for m in _amounts(text):
        cur = m.group("cb") or m.group("ca")
        mult = m.group("mult") or ""
        if not cur and not mult.strip():
            continue  # a bare number: hours, ages, counts
        if not cur and not (_SALARY_CUE.search(text[max(0, m.start() - 40):m.start()])
                            or _PERIOD.match(text[m.end():m.end() + 12].lstrip())):
            continue
        try:
            amount = _to_number(m.group("num"), mult)
        except ValueError:
            continue
        if amount < 5:
            continue
        code = _CUR_CODE.get((cur or "").replace(" ", ""))
        if cur in {"$"} or cur == "pesos":
            code = (_DOLLAR_SIGN if cur == "$" else _PESO).get((country or "").upper(), "USD" if cur == "$" else None)
            after = text[m.end(): m.end() + 12]
            hit = re.match(r"\s*(?:-|a|to|ate)?\s*\$?\s*[\d.,]*\s*(usd|dolares|dollars|cad|mxn|cop)\b", after)
            if hit:
                code = _CUR_CODE.get(hit.group(1), hit.group(1).upper())
        if not code:
            code = last_currency or {"CO": "COP", "MX": "MXN", "BR": "BRL", "PE": "PEN", "AR": "ARS",
                                     "PT": "EUR", "ES": "EUR", "US": "USD", "GB": "GBP"}.get((country or "").upper())
        last_currency = code
        tail = text[m.end(): m.end() + 40]
        tail = re.split(r"[\n!?;]|\. ", tail, maxsplit=1)[0]
        pm = _PERIOD.search(tail)
        period = pm.lastgroup if pm else None
        s, e = f.span(m.start(), m.end() + (pm.end() if pm else 0))
        out.append({"amount": amount, "currency": code, "period": period, "raw": f.original[s:e].strip()})
    return out

#: schema.org ``unitText`` values and unit words -> period.
_UNITS = {"hour": "hour", "hourly": "hour", "hora": "hour", "horas": "hour", "hr": "hour", "h": "hour",
          "day": "day", "daily": "day", "dia": "day", "dias": "day", "diario": "day", "diaria": "day",
          "week": "week", "weekly": "week", "semana": "week", "semanal": "week",
          "month": "month", "monthly": "month", "mes": "month", "meses": "month", "mensual": "month", "mensal": "month",
          "year": "year", "yearly": "year", "annual": "year", "ano": "year", "anual": "year", "yr": "year"}


def parse_period(unit: str) -> str | None:
    """Period of a unit text: schema.org "MONTH", "por mes", "/hr" -> hour|day|week|month|year (or None)."""
    low = fold(unit or "").text
    words = re.findall(r"[a-z]+", low)
    if len(words) == 1 and words[0] in _UNITS:
        return _UNITS[words[0]]
    m = _PERIOD.search(low)
    if m:
        return m.lastgroup
    return next((_UNITS[w] for w in words if w in _UNITS), None)


def parse_amount(text: str) -> float | None:
    """A written amount as a number: "2.100.000", "2.350,00", "82,000", "38.50" (None when not a number)."""
    s = re.sub(r"[\s\u00a0]", "", text or "")
    if not re.fullmatch(r"\d[\d.,]*", s):
        return None
    try:
        return _to_number(s, "")
    except ValueError:
        return None


def salaries_in(text: str, country: str | None = None) -> list[dict]:
    """``salaries`` of a plain text (folded here); the crawler's entry point."""
    if not text or not _DIGIT.search(text):
        return []  # every amount has a digit: no need to fold the ad
    return salaries(fold(text), country)
