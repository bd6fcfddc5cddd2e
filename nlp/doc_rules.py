"""Document-level indicator rules that need the ad's entities, not one phrase.

* ``private_contact``: the only ways to reach the recruiter are private
  channels (WhatsApp, Telegram, DMs, mobile phones, free webmail); any
  corporate channel (company e-mail domain, website, landline, walk-in
  address) cancels it.
* ``no_employer_identity``: no employer or recruiting agency is named (by the
  page's ``employer`` field or in the text), no company e-mail domain or
  website, no "About us" section and no company tax id is given, and the ad
  is not a long formal posting (qualifications asked, benefits and contract
  terms stated: ``formal_posting``).
* ``age_targeting``: an age range with an upper limit ("18 a 25", "até 26").
* ``relocation_abroad``: a place in another country than the ad's, unless it
  only says where customers, colleagues, partners or markets are
  (``about_others``).
* ``high_pay_low_skill``: a salary far above the going rate with no
  experience asked for.
"""

from __future__ import annotations

import re
from typing import Any

from nlp.contacts import SOCIAL_DOMAINS, is_mobile
from nlp.context import SELF_DESCRIBED, US_STATE, about_others, formal_posting, list_continues
from nlp.normalize import Folded
from nlp.types import Indicator

_PRIVATE_CUE = re.compile(
    r"(?<!\w)(?:wh?ats?h?app?|whats|wpp|wsp|wasap|zap|zapzap|telegram|t\.me/\S+|wa\.me/\S+|inbox|interno|privado|pv|dm|md|direct|"
    r"instagram|facebook|messenger|signal|@[a-z0-9_]{3,})(?!\w)")
_WALK_IN = re.compile(r"(?<!\w)(?:presentarse|presentate|presentese|acercate|acerquese|acercarse|dirigirse|walk[- ]in|in person|"
                      r"compareca|comparecer|entregar (?:la )?hoja de vida en|apply (?:online|at|on our|via our|through our)|"
                      r"aplica en|postula en|candidate-se (?:em|no site)|inscreva-se (?:em|no site)|nuestra sede|our office|pasar por|pasa a|pasen por|"
                      r"pop in|drop by|drop in|come in|come by|deixar (?:o )?curriculo|pasar a dejar|ven a|visitanos|bring your cv|"
                      r"en persona|entregar(?:la)? en|presentar\w* en|traer (?:la )?hoja de vida|comparecer)(?!\w)")
_ONLY_PRIVATE = re.compile(r"(?<!\w)(?:solo|only|so|somente|apenas|unicamente)(?: \w+){0,2} (?:whatsapp|wpp|wsp|telegram|zap|dm|inbox|interno|privado|direct|mensaje|message|text)")
# Rough USD rates (2025) to compare pay across currencies; order of magnitude is enough.
USD_RATE = {"USD": 1, "COP": 4000, "MXN": 18, "BRL": 5.5, "PEN": 3.7, "ARS": 1000, "EUR": 0.92, "GBP": 0.79, "CAD": 1.37,
            "JPY": 150, "CHF": 0.88, "THB": 35, "AED": 3.67, "VES": 40, "CLP": 930, "UYU": 40, "DOP": 60}
PER_MONTH = {"month": 1, "week": 4.3, "fortnight": 2, "day": 22, "hour": 176, "event": 4, "year": 1 / 12, None: 1}
# Monthly pay (USD) that is "high" for unskilled work where the ad is posted,
# about 2.5 times the local minimum wage.
HIGH_PAY_USD = {"default": 1000, "VE": 500, "PE": 800, "EC": 800, "AR": 800, "CO": 900, "MX": 1000, "BR": 1000,
                "US": 5000, "CA": 4500, "GB": 4500, "ES": 2500, "PT": 2000}
# Pay in a rich country's currency is judged against that country's wages.
CURRENCY_FLOOR_USD = {"GBP": 4500, "EUR": 2500, "CAD": 4500, "CHF": 6000, "JPY": 4000, "AUD": 5000}
_ORIGIN_OR_ADDRESS = re.compile(r"(?:(?<!\w)(?:de|desde|from|da|do|dos|das|av|avenida|calle|rua|street|st|carrera|cra|jr|jiron)\.?\s+)$")
_SKILLED = re.compile(r"(?<!\w)(?:(?:anos|years|anos) de experiencia|years? of (?:\w+ )?experience|experiencia (?:minima|comprobable|certificada)|"
                      r"titulo|licenciatura|degree|ingenier\w*|engineer\w*|certificad[oa] (?:profesional|de)|\d\+? (?:anos|years))(?!\w)")


def _ind(name: str, folded: Folded, fs: int, fe: int, weight: float) -> Indicator:
    s, e = folded.span(fs, fe)
    return Indicator(name, folded.original[s:e], s, e, weight)


def _find_raw(original: str, name: str, raw: str, weight: float) -> Indicator:
    pos = original.find(raw)
    return Indicator(name, raw if pos >= 0 else "", max(pos, 0), max(pos, 0) + len(raw) if pos >= 0 else 0, weight)


def corporate_channel(ents: dict[str, Any], folded: Folded) -> bool:
    """A company e-mail, own website, landline or walk-in address is given."""
    if any(e not in ents["free_email"] for e in ents["emails"]):
        return True
    if any(d not in SOCIAL_DOMAINS for d in ents["domains"]):
        return True
    if any(not is_mobile(p) for p in ents["phones"] if p not in ents["whatsapp"]):
        return True
    return bool(_WALK_IN.search(folded.text))


def apply(indicators: list[Indicator], ents: dict[str, Any], folded: Folded, meta: dict, doc) -> list[Indicator]:
    """Add or remove the document-level indicators of one ad."""
    from nlp.indicators import WEIGHTS

    text = folded.text
    corporate = corporate_channel(ents, folded) if ents else False
    private_cues = [m for m in _PRIVATE_CUE.finditer(text)]
    # A number kept as written (no country to read it by) is most often a personal mobile in
    # these ads; it counts as a private channel, never as a company landline.
    private = bool(ents.get("whatsapp") or ents.get("telegram") or ents.get("free_email")
                   or any(is_mobile(p) for p in ents.get("phones", [])) or ents.get("phones_unverified")
                   or private_cues)
    # A named employer reached by phone is not "private only" unless the ad
    # insists on private channels ("solo por WhatsApp") or uses Telegram.
    if ents.get("employer") and not corporate:
        corporate = not (_ONLY_PRIVATE.search(text) or ents.get("telegram"))
    indicators = [i for i in indicators if i.name != "private_contact"] if corporate else indicators
    if private and not corporate and not any(i.name == "private_contact" for i in indicators):
        if private_cues:
            m = private_cues[0]
            indicators.append(_ind("private_contact", folded, m.start(), m.end(), WEIGHTS["private_contact"]))
        else:
            raw = (ents.get("free_email") or [""])[0]
            pos = folded.original.lower().find(raw) if raw else -1
            if pos < 0:  # a phone: point at its last digits as written
                digits = (ents.get("phones") or ents.get("phones_unverified") or ["0000"])[0][-4:]
                pos = folded.original.find(digits)
                raw = folded.original[pos:pos + 4] if pos >= 0 else ""
            indicators.append(Indicator("private_contact", folded.original[pos:pos + len(raw)] if pos >= 0 else "",
                                        max(pos, 0), max(pos, 0) + (len(raw) if pos >= 0 else 0), WEIGHTS["private_contact"]))

    own_domains = [d for d in ents.get("email_domains", []) + ents.get("domains", [])
                   if d not in SOCIAL_DOMAINS and not any(e.endswith("@" + d) for e in ents.get("free_email", []))]
    if (ents and not ents.get("employer") and not own_domains and not SELF_DESCRIBED.search(text)
            and not formal_posting(text)):
        indicators.append(Indicator("no_employer_identity", "", 0, 0, WEIGHTS["no_employer_identity"]))

    for r in ents.get("age_ranges", []):
        if r["max"] is not None and r["max"] <= 45:
            indicators.append(_find_raw(folded.original, "age_targeting", r["raw"], WEIGHTS["age_targeting"]))
        if r["min"] is not None and r["min"] < 18:  # "de 16 a 22", "16+": minors welcome
            indicators.append(_find_raw(folded.original, "minors_ok", r["raw"], WEIGHTS["minors_ok"]))

    country = (meta.get("country") or "").upper()
    if country and doc is not None:
        skip_end = None  # end of the last place that was not a destination
        for span in doc.ents:
            code = _place_country(span, ents, doc)
            before = text[max(0, span.start_char - 12):span.start_char]
            in_list = skip_end is not None and list_continues(text[skip_end:span.start_char])
            # Where workers come from, a street name ("Av. Brasil 1542"), where customers,
            # colleagues or markets are, and the next places of the same list ("Chile, Perú y México").
            if (in_list or _ORIGIN_OR_ADDRESS.search(before) or re.match(r"\s*\d", text[span.end_char:span.end_char + 3])
                    or about_others(text, span.start_char, span.end_char)):
                skip_end = span.end_char
                continue
            skip_end = None
            if code == "CL" and country == "MX" and span.text == "chile":
                continue  # the pepper, not the country
            if country == "US" and US_STATE.match(text[span.end_char:span.end_char + 5]):
                continue  # "Vancouver, WA": a US town of the same name
            if code and code != country:
                indicators.append(_ind("relocation_abroad", folded, span.start_char, span.end_char, WEIGHTS["relocation_abroad"]))

    no_exp = any(i.name == "no_experience" for i in indicators)
    for sal in ents.get("salaries", []):
        rate = USD_RATE.get(sal["currency"] or "")
        monthly = sal["amount"] / rate * PER_MONTH.get(sal["period"], 1) if rate else 0
        limit = max(HIGH_PAY_USD.get(country, HIGH_PAY_USD["default"]), CURRENCY_FLOOR_USD.get(sal["currency"] or "", 0))
        if sal["period"] is None and monthly > 4 * limit:
            monthly /= 12  # "£15,000" with no period is a yearly figure
        if monthly >= limit and (no_exp or (monthly >= 2 * limit and not _SKILLED.search(text))):
            indicators.append(_find_raw(folded.original, "high_pay_low_skill", sal["raw"], WEIGHTS["high_pay_low_skill"]))
            break
    return indicators


def _place_country(span, ents, doc) -> str | None:
    """ISO code of a gazetteer span (country code or the city's country)."""
    comp = doc.user_data.get("anzuelo", {}).get("places")
    key = span.text.lower()
    return comp.get(key) if comp else None
