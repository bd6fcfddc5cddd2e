"""Phone numbers in an ad: E.164 under the ad's country, WhatsApp flags, local numbers kept as written.

Part of the one contact extractor (``nlp.contacts.extract``). A local number
("300 123 4567") is normalised only under a known region, the ad's country;
without one it is returned as its digits, unverified, because a region guessed
from the language would link recruiters on wrongly normalised numbers.
Amounts ("$ 12.000.000"), dates and tax ids (NIT, CNPJ, CPF) are not phones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

_WA_LINK = re.compile(r"(?:wa\.me/|whatsapp\.com/send/?\?phone=|wa\.link/)\+?(\d{8,15})", re.IGNORECASE)
_WA_WORD = re.compile(r"wh?ats?h?s?app?|whats|wpp|wsp|wasap|guasap|watsap|zap\b|zapzap|wa\b|ws\b", re.IGNORECASE)
_ID_CONTEXT = re.compile(r"(nit|rif|rut|cnpj|cpf|ruc|rfc|curp|dni|nif|cedula|c\.c\.|id)\W{0,3}$", re.IGNORECASE)


@lru_cache(maxsize=8192)
def _phone_char(ch: str) -> str:
    cat = unicodedata.category(ch)
    return ch if (cat[0] in "LNZP" or ch in "+()") else " "


_GLUED = re.compile(r"(?<=[^\W\d_])(?=\d)")


def _clean_for_phones(text: str) -> str:
    """Same-length copy where emoji/symbols are spaces and letters glued to digits are split."""
    s = "".join(map(_phone_char, text))  # cached per character: no category lookup per ad
    # "WhatsApp3001234567" / "llama al3001234567": a letter right before a digit run.
    return _GLUED.sub(" ", s)


# Mexico dropped the mobile "1" after +52 in 2019; old ads still write it.
_MX_ONE = re.compile(r"(\+\s?52)[\s.-]?1[\s.-]?(?=\(?\d{2,3}\)?[\s.-]?\d{3,4}[\s.-]?\d{4}\b)")


def _parse_digits(digits: str) -> phonenumbers.PhoneNumber:
    if digits.startswith("521") and len(digits) == 13:
        digits = "52" + digits[3:]
    return phonenumbers.parse("+" + digits)


def _e164(num: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    """True when ``e164`` is a mobile (or possibly mobile) number."""
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return False
    return kind in {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def phones(text: str, region: str | None) -> tuple[list[str], list[str]]:
    """All phone numbers in ``text`` as E.164, and the subset flagged as WhatsApp."""
    found, whatsapp, _ = find_phones(text, region)
    return found, whatsapp


# A run of digits with the separators ads use, not glued to a word, "/" or "+" (a CNPJ's
# "12.345.678/0001-90" and a "+57 ..." number are not local numbers).
_LOCAL = re.compile(r"(?<![\w.+/])\(?\d[\d\s().-]{6,18}\d(?![\w/])")
_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
# 12.000.000 / 1,200,000: thousands groups are an amount; 123.456.789-09 a Brazilian CPF.
_NOT_LOCAL = re.compile(r"\d{1,3}(?:[.,]\d{3})+|\d{3}\.\d{3}\.\d{3}-\d{1,2}")
# Stretches of text without letters that hold digits (candidates for a phone number).
_NO_LETTERS = re.compile(r"[^\w]*\d(?:\d|[^\w])*")
_AMOUNT_BEFORE = re.compile(r"(?:[$€£]|R\$)\s*$")


def find_phones(text: str, region: str | None) -> tuple[list[str], list[str], list[str]]:
    """(E.164 phones, WhatsApp subset, unverified local numbers as digits) of ``text``.

    ``region`` (ISO alpha-2, the ad's country) normalises local numbers; without
    it only international ones ("+52 ...", wa.me links) are normalised and local
    ones are returned, digits only, as unverified (see the module doc).
    """
    found: list[str] = []
    whatsapp: list[str] = []
    for m in _WA_LINK.finditer(text):
        try:
            num = _parse_digits(m.group(1))
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(num):
            found.append(_e164(num))
            whatsapp.append(_e164(num))
    if sum(map(str.isdigit, text)) < 8 or not any(sum(map(str.isdigit, r)) >= 8 for r in _NO_LETTERS.findall(text)):
        # Every number kept below has 8+ digits in one stretch of ``text`` free of letters
        # (cleaning only blanks characters): without such a stretch, skip the costly matcher.
        return _unique(found), _unique(whatsapp), []
    cleaned = _clean_for_phones(_WA_LINK.sub(lambda m: " " * len(m.group(0)), text))
    cleaned = _MX_ONE.sub(lambda m: m.group(1) + " ", cleaned)
    region = (region or "").upper() or None
    spans: list[tuple[int, int]] = []
    for start, end, number in _matches(cleaned, region):
        spans.append((start, end))
        if _not_a_phone(cleaned, start):
            continue  # an amount or a tax id, not a phone
        e164 = _e164(number)
        found.append(e164)
        window = cleaned[max(0, start - 45) : start] + " " + cleaned[end : end + 20]
        if _WA_WORD.search(window):
            whatsapp.append(e164)
    unverified = [] if region else _local_numbers(cleaned, spans)
    return _unique(found), _unique(whatsapp), _unique(unverified)


def _matches(cleaned: str, region: str | None):
    """(start, end, number) of each valid number with 8+ digits in ``cleaned``.

    ``phonenumbers`` parses every digit group it meets, so it is run only on the
    stretches without letters that hold 8+ digits, each with one character of
    context on both sides (its checks for a letter right before or after).
    """
    for run in _NO_LETTERS.finditer(cleaned):
        if sum(map(str.isdigit, run.group())) < 8:
            continue
        lo = max(0, run.start() - 1)
        for m in phonenumbers.PhoneNumberMatcher(cleaned[lo : run.end() + 1], region, leniency=phonenumbers.Leniency.VALID):
            if sum(c.isdigit() for c in m.raw_string) >= 8:
                yield lo + m.start, lo + m.end, m.number


def _not_a_phone(cleaned: str, start: int) -> bool:
    before = cleaned[max(0, start - 12) : start]
    return bool(_AMOUNT_BEFORE.search(before) or _ID_CONTEXT.search(before))


def _local_numbers(cleaned: str, taken: list[tuple[int, int]]) -> list[str]:
    """Digits of local-looking numbers outside ``taken`` spans (no region to normalise them)."""
    out = []
    for m in _LOCAL.finditer(cleaned):
        raw = m.group(0).strip()
        digits = "".join(c for c in raw if c.isdigit())
        if not 8 <= len(digits) <= 15 or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if _DATE.fullmatch(raw) or _NOT_LOCAL.fullmatch(raw) or _not_a_phone(cleaned, m.start()):
            continue
        out.append(digits)
    return out


def _unique(items) -> list:
    seen: dict = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
