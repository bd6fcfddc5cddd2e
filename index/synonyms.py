"""Search synonyms investigators can edit: a Solr-format file, applied when a query is built.

The default file is ``index/synonyms.txt`` (Spanish, Portuguese and English
recruitment terms); ``ANZUELO_SEARCH_SYNONYMS_FILE`` points to another one.
Lines, as in Solr's synonym filter::

    # a comment
    exterior, extranjero, abroad, overseas      # all equivalent
    pasaporte, passaporte, passport
    fuera del pais => exterior, extranjero       # left side becomes the right side

Expansion happens in the query builder, not in the index analyzer: an edited
file takes effect at the next search (the file is re-read when it changes),
with no reindex and no new index version, and the stored ads are untouched.
Each expanded word becomes an OR group, ``trabajo exterior`` ->
``(trabajo | empleo | job ...) (exterior | extranjero | abroad ...)``, so the
all-words search still needs every *idea*, in any of its words. A bad line
stops the search with the file and line number (exit 2 / HTTP 400).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from anzuelo import settings
from anzuelo.errors import InputError

DEFAULT_FILE = Path(__file__).with_name("synonyms.txt")
#: Longest synonym, in words (longer entries would rarely match a typed query).
MAX_WORDS = 4
_TERM = re.compile(r"^[\w'’]+(?: [\w'’]+)*$")
_CACHE: dict[str, tuple[float, "Synonyms"]] = {}


def fold(text: str) -> str:
    """Lower case without accents and with single spaces: how query words are looked up."""
    text = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


@dataclass
class Synonyms:
    """Folded term -> the terms a query word expands to (itself first when it is one of them)."""

    table: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""

    def get(self, term: str) -> list[str]:
        """What ``term`` (one or more words) expands to; ``[]`` when it has no synonyms.

        A plural typed ("modelos", "vagas", "pasaportes") finds the singular the file lists;
        the engine's stemmers then match both forms in the ads.
        """
        key = fold(term)
        candidates = [key]
        if " " not in key and key.endswith("s"):
            candidates += [key[:-1], key[:-2] if key.endswith("es") else ""]
        return next((self.table[c] for c in candidates if c in self.table), [])

    @property
    def longest(self) -> int:
        return max((k.count(" ") + 1 for k in self.table), default=0)


def parse(text: str, source: str = "synonyms") -> Synonyms:
    """A ``Synonyms`` table from Solr-format ``text``; InputError naming ``source:line`` on a bad line."""
    table: dict[str, list[str]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}:{number}"
        if line.count("=>") > 1:
            raise InputError(f"{where}: more than one '=>' in {raw.strip()!r}",
                             "write 'a, b => c, d' (left side becomes the right side)")
        if "=>" in line:
            left, right = (_terms(side, where, raw) for side in line.split("=>"))
            for term in left:
                _merge(table, term, right)
        else:
            terms = _terms(line, where, raw)
            if len(terms) < 2:
                raise InputError(f"{where}: {raw.strip()!r} names one term only",
                                 "list two or more equivalent terms separated by commas")
            for term in terms:
                _merge(table, term, terms)
    return Synonyms(table, source)


def load(path: Path) -> Synonyms:
    """The synonyms of ``path``, re-read only when the file changed."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise InputError(f"synonyms file {path} not found",
                         "set ANZUELO_SEARCH_SYNONYMS_FILE to an existing file, or unset it") from None
    cached = _CACHE.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read synonyms file {path}: {exc}", "save it as UTF-8 text") from None
    table = parse(text, str(path))
    _CACHE[str(path)] = (mtime, table)
    return table


def synonyms_file() -> Path:
    """The synonyms file in use: SEARCH_SYNONYMS_FILE, else the bundled ``index/synonyms.txt``."""
    configured = str(settings.SEARCH_SYNONYMS_FILE or "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_FILE


def current() -> Synonyms:
    """The synonyms searches use now."""
    return load(synonyms_file())


def _terms(side: str, where: str, raw: str) -> list[str]:
    terms = [" ".join(t.split()) for t in side.split(",")]
    if any(not t for t in terms):
        raise InputError(f"{where}: empty term in {raw.strip()!r}", "remove the extra comma, or write the missing term")
    for term in terms:
        if not _TERM.match(term):
            raise InputError(f"{where}: {term!r} is not a plain word or phrase",
                             "use letters and digits only (no quotes, | + - * ~ or brackets)")
        if term.count(" ") + 1 > MAX_WORDS:
            raise InputError(f"{where}: {term!r} has more than {MAX_WORDS} words", "shorten it")
    return terms


def _merge(table: dict[str, list[str]], term: str, alternatives: list[str]) -> None:
    out = table.setdefault(fold(term), [])
    for alt in alternatives:
        if fold(alt) not in {fold(a) for a in out}:
            out.append(alt)
