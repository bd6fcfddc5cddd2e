"""USE's fast (Rust) tokenizer gives the package's own ids and vectors; the token budget cuts long ads."""

import numpy as np
import pytest

from tests.nlp._encoder_texts import TEXTS, long_text


@pytest.fixture(scope="module")
def encoders():
    from nlp.model.use_encoder import UseEncoder

    return UseEncoder(batch_size=8, fast=False), UseEncoder(batch_size=8)


EDGE = ["", "   ", "a", "  espacios   de   más  ", "ＦＵＬＬＷＩＤＴＨ １２３", "emoji solos 🤑🤑🤑", "𝓕𝓪𝓷𝓬𝔂 letras",
        "tab\tand\nnewline", "ﬁn de la oferta", "日本での仕事", "Ñandú ação über"]


def test_fast_tokenizer_ids_equal_the_packages(encoders):
    pure, fast = encoders
    texts = TEXTS + EDGE + [long_text()]
    assert fast.tokenize(texts) == pure.tokenize(texts)


def test_fast_encode_equals_the_packages_encode(encoders):
    pure, fast = encoders
    texts = TEXTS + EDGE[3:]
    a = np.asarray(pure.use.encode(texts), dtype=np.float32)
    assert np.abs(fast.encode(texts) - a).max() < 1e-5


def test_token_budget_keeps_head_and_tail(encoders):
    from nlp.model.use_encoder import UseEncoder

    _, fast = encoders
    full = fast.tokenize([long_text()])[0]
    cut = UseEncoder(batch_size=8, max_tokens=96, truncation="head+tail").tokenize([long_text()])[0]
    assert len(full) > 96 and len(cut) == 96
    assert cut[:64] == full[:64] and cut[64:] == full[-32:]
