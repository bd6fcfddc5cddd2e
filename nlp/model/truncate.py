"""Token truncation shared by the encoders: the head of a long ad, or its head and its tail.

A long ad opens with the job, the pay and the place, and often ends with how to
apply: the WhatsApp number, "send photos", the fee. Head-only truncation drops that
end; ``head+tail`` keeps ``HEAD_SHARE`` of the budget from the start and the rest
from the end (the split Sun et al. 2019 found best for long-text classification
with BERT-sized models). Token lists carry their special tokens: the first
(``[CLS]``, ``<s>``) and the last (``[SEP]``, ``</s>``) stay in place either way.
"""

from __future__ import annotations

from collections.abc import Sequence

MODES = ("head", "head+tail")
#: Share of the token budget taken from the start of a long text in ``head+tail`` mode.
HEAD_SHARE = 2 / 3


def head_tail(ids: Sequence[int], max_length: int | None, mode: str = "head") -> list[int]:
    """``ids`` cut to ``max_length`` tokens (None or 0: no limit), keeping the last token (end marker).

    ``head``: the first ``max_length - 1`` tokens and the end marker, as transformers' tokenizers
    truncate. ``head+tail``: the first ``HEAD_SHARE`` of the budget and the last tokens.
    """
    if mode not in MODES:
        raise ValueError(f"unknown truncation {mode!r}: use one of {', '.join(MODES)}")
    ids = list(ids)
    if not max_length or len(ids) <= max_length:
        return ids
    if max_length < 3:
        return ids[:max_length - 1] + ids[-1:] if max_length == 2 else ids[:max_length]
    if mode == "head":
        return ids[:max_length - 1] + ids[-1:]
    head = max(1, int(round(max_length * HEAD_SHARE)))
    return ids[:head] + ids[len(ids) - (max_length - head):]
