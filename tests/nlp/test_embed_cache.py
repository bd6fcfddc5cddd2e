"""The embedding cache: a hit returns the stored vector and never calls the encoder; bounded; per recipe."""

import numpy as np
import pytest

from nlp.model.embed_cache import CachedEncoder, EmbedCache, content_key
from tests.nlp._encoder_texts import TEXTS


class CountingUse:
    """The real USE encoder, counting the texts it is asked to embed."""

    def __init__(self):
        from nlp.model.use_encoder import UseEncoder

        self.enc, self.calls, self.texts = UseEncoder(batch_size=8), 0, 0
        self.dim = self.enc.dim

    def encode(self, texts, progress=False):
        self.calls += 1
        self.texts += len(texts)
        return self.enc.encode(texts)


@pytest.fixture(scope="module")
def use():
    return CountingUse()


def test_cache_hit_returns_identical_vectors_and_skips_the_encoder(tmp_path, use):
    cached = CachedEncoder(use, "use/test", EmbedCache(tmp_path / "e.sqlite"))
    first = cached.encode(TEXTS[:6])
    calls, texts = use.calls, use.texts
    again = cached.encode(TEXTS[:6])
    assert use.calls == calls and use.texts == texts  # not one text re-embedded
    assert np.array_equal(first, again)
    assert np.allclose(first, use.enc.encode(TEXTS[:6]), atol=1e-6)
    assert (cached.hits, cached.misses) == (6, 6)


def test_only_misses_and_each_text_once_reach_the_encoder(tmp_path, use):
    cached = CachedEncoder(use, "use/test", EmbedCache(tmp_path / "e.sqlite"))
    cached.encode(TEXTS[:4])
    texts = use.texts
    batch = TEXTS[2:8] + [TEXTS[7], "  " + TEXTS[6] + "\n"]  # 4 new texts, one twice, one with outer blanks
    out = cached.encode(batch)
    assert use.texts - texts == 4
    assert np.array_equal(out[-2], out[5]) and np.array_equal(out[-1], out[4])


def test_cache_survives_reopening_and_separates_recipes(tmp_path, use):
    CachedEncoder(use, "use/a", EmbedCache(tmp_path / "e.sqlite")).encode(TEXTS[:3])
    texts = use.texts
    CachedEncoder(use, "use/a", EmbedCache(tmp_path / "e.sqlite")).encode(TEXTS[:3])
    assert use.texts == texts
    CachedEncoder(use, "use/b", EmbedCache(tmp_path / "e.sqlite")).encode(TEXTS[:3])
    assert use.texts == texts + 3  # another recipe id: other vectors


def test_cache_is_bounded_oldest_rows_first(tmp_path):
    cache = EmbedCache(tmp_path / "e.sqlite", max_rows=5)
    keys = [content_key("x", f"texto {i}") for i in range(8)]
    for i, k in enumerate(keys):
        cache.put_many({k: np.full(4, i, dtype=np.float32)})
    assert len(cache) == 5
    got = cache.get_many(keys)
    assert set(got) == set(keys[3:])
    assert got[keys[7]].tolist() == [7.0] * 4
