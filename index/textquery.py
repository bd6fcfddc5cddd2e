"""Free text of a search -> engine clauses: synonyms expanded, all words or any of them.

The user's text keeps ``simple_query_string`` syntax ("quoted phrases",
``-word``, ``+word``, ``a | b``, ``modelo*``, ``word~1``); only plain words are
expanded (``index.synonyms``), longest synonym first, so "en el exterior" is
one idea, not three words. ``all_words`` is the usual search (every idea must
be in the ad); ``any_words`` is the relaxed one the search falls back to when
all words find little: each idea is an optional clause named after the words
typed, so a hit says which of them it has (``matched_queries``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anzuelo import settings
from index.synonyms import Synonyms

#: A phrase (with an optional ~slop), or a run of non-space, non-quote characters.
_UNIT = re.compile(r'[+-]?"[^"]*"(?:~\d+)?|[^\s"]+|"')
_PLAIN = re.compile(r"^\w+$")
_SYNTAX = re.compile(r"[|()]")
#: Words that alone say nothing: never an idea of their own in an any-words search
#: ("trabajar en la playa" must not return every ad containing "en").
STOPWORDS = frozenset(
    "a al an and as at com con da das de del do dos e el em en for in la las los no o of on os para por "
    "the to un una uma um y".split())


@dataclass
class Idea:
    """One unit of the query: what was typed, its expanded engine text, and how it counts."""

    typed: str
    text: str
    kind: str  # "word" (optional in any-words), "required" (+x), "excluded" (-x)


def ideas(text: str, synonyms: Synonyms) -> list[Idea]:
    """The query's units with synonyms expanded, within the engine's clause budget."""
    units = _UNIT.findall(text)
    # Each expanded term is matched in every query field; twice the typed-word limit keeps
    # the body well under the engine's 1024 clauses (SEARCH_MAX_QUERY_TERMS counts typed words).
    budget = 2 * int(settings.SEARCH_MAX_QUERY_TERMS) - sum(len(re.findall(r"\w+", u)) for u in units)
    out: list[Idea] = []
    i = 0
    while i < len(units):
        for n in range(min(synonyms.longest, len(units) - i), 0, -1):
            chunk = units[i:i + n]
            alts = synonyms.get(" ".join(chunk)) if all(_PLAIN.match(u) for u in chunk) else []
            extra = sum(len(a.split()) for a in alts) - n
            if alts and extra <= budget:
                budget -= extra
                typed = " ".join(chunk)
                terms = [typed, *(a for a in alts if a.casefold() != typed.casefold())]
                out.append(Idea(typed, "(" + " | ".join(_quoted(t) for t in terms) + ")", "word"))
                i += n
                break
        else:
            unit = units[i]
            kind = "excluded" if unit.startswith("-") and len(unit) > 1 else \
                   "required" if unit.startswith("+") and len(unit) > 1 else "word"
            text = unit
            if kind != "word" and _PLAIN.match(unit[1:]):
                # -word excludes every way of saying it; +word requires one of them
                alts = synonyms.get(unit[1:])
                extra = sum(len(a.split()) for a in alts) - 1
                if alts and extra <= budget:
                    budget -= extra
                    terms = [unit[1:], *(a for a in alts if a.casefold() != unit[1:].casefold())]
                    text = unit[0] + "(" + " | ".join(_quoted(t) for t in terms) + ")"
            out.append(Idea(unit, text, kind))
            i += 1
    return out


def all_words(text: str, synonyms: Synonyms) -> str:
    """The query text with synonym groups: every idea must match (default operator AND)."""
    return " ".join(idea.text for idea in ideas(text, synonyms))


def relaxable(text: str, synonyms: Synonyms) -> bool:
    """True when an any-words search means something else: two or more optional ideas, no own OR/brackets."""
    units = ideas(text, synonyms)
    return not any(_SYNTAX.search(u.typed) for u in units) and len(_optional(units)) >= 2


def any_words(text: str, synonyms: Synonyms, fields: list[str]) -> dict:
    """Bool clause of the relaxed search: at least one idea, +ideas required, -ideas excluded.

    Each optional idea is its own named clause (``_name`` = the words typed), so the engine
    ranks ads with more of them first and says which ones each ad has.
    """
    def sqs(query: str, name: str | None = None) -> dict:
        body = {"query": query, "fields": fields, "default_operator": "and", "lenient": True}
        return {"simple_query_string": {**body, **({"_name": name} if name else {})}}

    units = ideas(text, synonyms)
    clause: dict = {"should": [sqs(u.text, u.typed) for u in _optional(units)], "minimum_should_match": 1}
    required = [sqs(u.text[1:]) for u in units if u.kind == "required"]
    excluded = [sqs(u.text[1:]) for u in units if u.kind == "excluded"]
    if required:
        clause["must"] = required
    if excluded:
        clause["must_not"] = excluded
    return {"bool": clause}


def _optional(units: list[Idea]) -> list[Idea]:
    return [u for u in units if u.kind == "word" and u.typed.casefold() not in STOPWORDS]


def _quoted(term: str) -> str:
    return f'"{term}"' if " " in term else term
