"""Dates and times of chat export lines: dd/mm vs mm/dd, 12 h and 24 h clocks.

WhatsApp writes each line's date in the phone's locale: "12/03/2024, 14:05"
(es/pt, 24 h), "12/3/24 2:05 p. m." (es, 12 h), "3/12/24, 2:05 PM" (en-US),
"2024-03-12 14:05" (some locales). The export does not say which order it
used, so ``detect_order`` reads every date of the file: a first number above
12 means day first, a second number above 12 means month first. When no date
decides it, English AM/PM (the US clock) means month first, else day first;
``--date-order`` overrides this.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

ORDERS = ("auto", "dmy", "mdy", "ymd")
#: Date part: three numbers separated by / . or -.
DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
#: Time part: hours, minutes, optional seconds, optional a. m. / p. m. / AM / PM.
TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[ap]\.?\s?m\.?)?"
_NUMS = re.compile(r"\d+")
_AMPM = re.compile(r"([ap])\.?\s?m\.?$", re.IGNORECASE)
_US_CLOCK = re.compile(r"\d\s?[AP]M$")  # "2:05 PM": English, no dots


class DateError(ValueError):
    """A date or time that cannot be read (the parser adds the line number)."""


@dataclass(frozen=True)
class Stamp:
    """The raw date and time of one line, kept until the file's order is known."""

    date: str
    time: str


def detect_order(stamps: list[Stamp], hint: str = "auto") -> str:
    """``dmy``, ``mdy`` or ``ymd`` for the dates of one file (``hint`` wins unless ``auto``)."""
    if hint != "auto":
        return hint
    day_first = month_first = us_clock = False
    for stamp in stamps:
        a, b, _ = (int(n) for n in _NUMS.findall(stamp.date)[:3])
        if len(_NUMS.findall(stamp.date)[0]) == 4:
            return "ymd"
        day_first |= a > 12
        month_first |= b > 12
        us_clock |= bool(_US_CLOCK.search(stamp.time))
    if day_first and month_first:
        raise DateError("dates with both day-first and month-first numbers: give --date-order dmy or mdy")
    if day_first or month_first:
        return "dmy" if day_first else "mdy"
    return "mdy" if us_clock else "dmy"


def to_iso(stamp: Stamp, order: str) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` (the exporting phone's local time; exports carry no zone)."""
    nums = [int(n) for n in _NUMS.findall(stamp.date)[:3]]
    if order == "ymd":
        year, month, day = nums
    elif order == "mdy":
        month, day, year = nums
    else:
        day, month, year = nums
    if year < 100:
        year += 2000
    clock = stamp.time.strip()
    parts = [int(n) for n in _NUMS.findall(clock)[:3]]
    hour, minute, second = (parts + [0, 0, 0])[:3]
    ampm = _AMPM.search(clock)
    if ampm:
        if not 1 <= hour <= 12:
            raise DateError(f"hour {hour} with {ampm.group(0)!r}")
        hour = hour % 12 + (12 if ampm.group(1).lower() == "p" else 0)
    try:
        return dt.datetime(year, month, day, hour, minute, second).isoformat()
    except ValueError as exc:
        raise DateError(f"{stamp.date} {stamp.time} is not a date ({exc}); try --date-order dmy or mdy") from None


def to_utc(local: str, zone: str) -> str:
    """``local`` (an export's naive time) in zone ``zone`` (IANA, e.g. America/Bogota) as UTC with a Z."""
    from zoneinfo import ZoneInfo

    stamp = dt.datetime.fromisoformat(local)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=ZoneInfo(zone))
    return stamp.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
