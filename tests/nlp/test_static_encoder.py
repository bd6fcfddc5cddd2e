"""Static MiniLM (model2vec): real distillation, deterministic hash-checked table, similarities close to MiniLM's."""

import json

import numpy as np
import pytest

from tests.nlp._encoder_texts import TEXTS, long_text

pytestmark = pytest.mark.slow


def test_static_encoder_shape_norms_and_order(static_minilm_cache):
    from nlp.model.static_encoder import PCA_DIMS, StaticEncoder

    enc = StaticEncoder(cache_dir=static_minilm_cache)
    texts = TEXTS + [long_text(), ""]
    out = enc.encode(texts)
    assert out.shape == (len(texts), PCA_DIMS) and out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out[:-1], axis=1), 1.0, atol=1e-5)
    assert not out[-1].any()  # an empty text: a zero vector, not NaN
    # A look-up table: the same text gives the same vector alone, in a batch, in any order.
    again = enc.encode(texts[::-1])[::-1]
    assert np.array_equal(out, again)
    assert np.array_equal(enc.encode(texts[:1])[0], out[0])
    assert enc.encode([]).shape == (0, PCA_DIMS)


def test_static_similarities_follow_minilm(static_minilm_cache):
    """Pairwise cosine similarities of our ads under the static table track the transformer's.

    The static vectors live in a PCA-rotated, SIF-weighted space of their own, so a cosine between a
    static and a MiniLM vector of the same text means nothing; the similarity *structure* must agree.
    Measured: Pearson 0.82 over the 136 pairs of these 17 texts (BENCHMARKS.md); 0.70 is the floor.
    """
    from nlp.model.encoder import Encoder
    from nlp.model.static_encoder import StaticEncoder

    texts = TEXTS + [long_text()]
    a = Encoder(max_length=192, batch_size=8).encode(texts)
    b = StaticEncoder(cache_dir=static_minilm_cache).encode(texts)
    iu = np.triu_indices(len(texts), 1)
    r = np.corrcoef((a @ a.T)[iu], (b @ b.T)[iu])[0, 1]
    assert r >= 0.70, r


def test_tampered_table_is_refused_then_rebuilt_to_the_same_bytes(tmp_path, static_minilm_cache):
    from anzuelo.errors import AnzueloError
    from anzuelo.hashing import sha256_file
    from nlp.model.static_encoder import ensure_model, load_table

    good = ensure_model(static_minilm_cache)
    for f in (good, good.with_suffix(".json")):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    copy = tmp_path / good.name
    data = bytearray(copy.read_bytes())
    data[-4096] ^= 0xFF  # one flipped byte inside the vectors: the file still parses
    copy.write_bytes(bytes(data))
    with pytest.raises(AnzueloError, match="sha256"):
        load_table(copy)
    path = ensure_model(tmp_path)  # rebuilt from the MiniLM weights, never read as is
    assert path == copy
    assert sha256_file(path) == json.loads(path.with_suffix(".json").read_text())["sha256"]
    assert sha256_file(path) == sha256_file(good)  # a rebuild gives the same bytes: deterministic
    vectors, tokenizer = load_table(path)
    assert vectors.shape[0] == tokenizer.get_vocab_size()


def test_runtime_static_key_loads_the_table_under_its_own_cache_id(tmp_path, monkeypatch, static_minilm_cache):
    from anzuelo import settings
    from nlp.model import runtime
    from nlp.model.embed_cache import CachedEncoder
    from nlp.model.static_encoder import RECIPE, StaticEncoder

    # ANZUELO_ENCODER_CACHE names the folder; the table was distilled once per session into it.
    monkeypatch.setattr(settings, "ENCODER_CACHE", str(static_minilm_cache))
    bare = runtime.minilm({"encoder_runtime": "static"}, cache_path="off")
    assert isinstance(bare, StaticEncoder) and bare.path.parent == static_minilm_cache
    cached = runtime.minilm({"encoder_runtime": "static", "truncation": "head+tail"}, cache_path=str(tmp_path / "e.db"))
    assert isinstance(cached, CachedEncoder) and cached.encoder_id.startswith(f"minilm/{RECIPE}-")
    first = cached.encode(TEXTS[:3])
    assert np.array_equal(cached.encode(TEXTS[:3]), first) and cached.hits == 3
    assert np.array_equal(first, bare.encode(TEXTS[:3]))
    with pytest.raises(ValueError, match="static"):
        runtime.minilm({"encoder_runtime": "statik"}, cache_path="off")
