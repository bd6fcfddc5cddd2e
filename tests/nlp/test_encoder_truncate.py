"""Head+tail truncation keeps both ends of a long ad; head truncation is transformers' own."""

import pytest

from nlp.model.truncate import HEAD_SHARE, head_tail


def test_head_tail_keeps_both_ends_and_the_markers():
    ids = [101] + list(range(1000, 1500)) + [102]
    out = head_tail(ids, 192, "head+tail")
    assert len(out) == 192
    assert out[0] == 101 and out[-1] == 102
    head = round(192 * HEAD_SHARE)
    assert out[:head] == ids[:head]  # the start of the ad
    assert out[head:] == ids[-(192 - head):]  # its end: the contact, the fee
    assert 1499 in out and 1000 in out and 1250 not in out


def test_head_is_transformers_truncation():
    ids = [101] + list(range(1000, 1500)) + [102]
    assert head_tail(ids, 10, "head") == [101, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 102]


@pytest.mark.parametrize("mode", ["head", "head+tail"])
@pytest.mark.parametrize("limit", [None, 0, 50])
def test_short_texts_and_no_limit_are_untouched(mode, limit):
    ids = [1, 5, 6, 7, 2]
    assert head_tail(ids, limit, mode) == ids


def test_unknown_mode_says_which_exist():
    with pytest.raises(ValueError, match="head, head\\+tail"):
        head_tail([1, 2, 3], 2, "middle")


@pytest.mark.slow
def test_onnx_minilm_head_tail_sees_the_end_of_a_long_ad(onnx_minilm_cache):
    from nlp.model.onnx_encoder import OnnxEncoder
    from tests.nlp._encoder_texts import long_text

    enc = OnnxEncoder(max_length=64, truncation="head+tail", cache_dir=onnx_minilm_cache)
    ids = enc.tokenize([long_text()])["input_ids"][0].tolist()
    words = enc.tokenizer.decode(ids)
    assert len(ids) == 64 and "inicio" in words and "whatsapp" in words
    head_only = enc.tokenizer.decode(OnnxEncoder.tokenize(_head(enc), [long_text()])["input_ids"][0].tolist())
    assert "inicio" in head_only and "whatsapp" not in head_only


def _head(enc):
    enc.truncation = "head"
    return enc
