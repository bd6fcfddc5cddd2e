"""Names that become paths: one validated type, one coercion, one containment check.

A source name given with ``--source`` becomes a job folder, a lock file, a
dead-letter file and a folder of evidence WARCs; a chat name read from an
export becomes part of a source name. ``..`` as a source once made the job
folder the state folder itself, which a finished crawl then deleted with every
capture in it. So:

* ``validate_name`` / ``SafeName`` (pydantic): what a *user* types is refused
  unless it is a plain name (rule in ``NAME_RULE``); the CLI turns the refusal
  into exit 2.
* ``path_name``: what a *page or file* supplies (a chat title) is never refused
  (the ad must not be lost) but coerced into a name that passes ``validate_name``.
* ``safe_label``: a page-supplied label kept for display (``whatsapp:<chat>``)
  with separators, control and format characters replaced, so it can never
  name a path either.
* ``inside(base, path)``: every write and delete checks its resolved target
  is strictly below its folder first; symlinks are resolved, so a link
  planted in the folder cannot lead out of it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator

from anzuelo.errors import InputError

#: Longest name accepted: file systems allow 255 bytes, and a name gets suffixes (``.lock``, ``.jsonl``).
NAME_MAX = 120
#: Characters besides letters and digits; ``:`` because sources are named ``kind:name`` (``telegram:chan``).
NAME_EXTRA = "-_.:"
NAME_RULE = (f"letters, digits, '-', '_', '.' or ':' only, at most {NAME_MAX} characters, "
             "not starting with '.' (so never '.' or '..'), no '/', '\\', spaces or control characters")


class UnsafeName(ValueError):
    """A name that could escape its folder (``..``, ``a/b``, NUL) or is not a plain name."""


class UnsafePath(InputError):
    """A resolved path outside the folder it must stay in."""


def name_problem(value: object) -> str | None:
    """Why ``value`` is not a safe name, or None when it is one."""
    if not isinstance(value, str):
        return f"a name must be text, not {type(value).__name__}"
    if not value:
        return "the name is empty"
    if len(value) > NAME_MAX:
        return f"the name has {len(value)} characters (at most {NAME_MAX})"
    if value.startswith("."):
        return "the name starts with '.' ('.', '..' and hidden names are refused)"
    for ch in value:
        if not (ch.isalnum() or ch in NAME_EXTRA):
            return f"the name contains {ch!r}"
    if unicodedata.normalize("NFC", value) != value:
        return "the name is not in Unicode NFC form (two spellings of one name would be two folders)"
    return None


def validate_name(value: object, what: str = "name") -> str:
    """``value`` when it is a safe name; ``UnsafeName`` naming the rule otherwise."""
    problem = name_problem(value)
    if problem:
        raise UnsafeName(f"invalid {what} {value!r}: {problem}; use {NAME_RULE}")
    return value  # type: ignore[return-value]


def check_name(value: str, what: str, option: str) -> str:
    """``validate_name`` for a CLI value: an ``InputError`` (exit 2) naming the option and the rule."""
    try:
        return validate_name(value, what)
    except UnsafeName as exc:
        raise InputError(f"{option}: {exc}", f"pick a name such as 'my-source' ({option} is used in folder names)") from None


#: A pydantic field type: ``name: SafeName`` refuses what ``validate_name`` refuses.
SafeName = Annotated[str, AfterValidator(validate_name)]


def safe_label(text: str, limit: int = 200) -> str:
    """``text`` with path separators, control and format characters (RTL overrides, NUL) as ``_``; bounded."""
    out = "".join("_" if ch in "/\\" or (unicodedata.category(ch)[0] in "CZ" and ch != " ") else ch for ch in text)
    return out[:limit].strip() or "_"


def path_name(label: str) -> str:
    """A safe name for any ``label``: unsafe runs become ``_``; long ones keep a hash of the whole."""
    chars = [c if (c.isalnum() or c in "-_.") else "_" for c in unicodedata.normalize("NFC", label or "")]
    name = "".join(chars)
    if name.startswith("."):  # '.', '..', '.hidden' -> '_', '_.', '_hidden'
        name = "_" + name[1:]
    if len(name) > NAME_MAX:  # two long labels differing only at the end must not share a folder
        name = name[: NAME_MAX - 17] + "-" + hashlib.sha256(label.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return name or "_"


def inside(base: Path | str, path: Path | str) -> Path:
    """``path`` resolved, when it lies strictly below ``base`` (resolved); ``UnsafePath`` otherwise."""
    root = Path(base).resolve()
    target = Path(path).resolve()
    if target == root or root not in target.parents:
        raise UnsafePath(f"refused: {path} resolves to {target}, outside {root}",
                         "a name or a symbolic link points out of its folder; nothing was written or deleted")
    return target
