"""Folding for matching keeps a correct map back to the original text."""

from nlp.normalize import fold


def test_fold_lowercases_strips_accents_emoji_and_stretching():
    f = fold("🔥URGENTEEEE!!  Señoritas💰de 18 a 25 años")
    assert f.text == "urgente!! senoritas de 18 a 25 anos"


def test_fold_offsets_map_back():
    original = "Hola 😀 CHICAAAS de Bogotá"
    f = fold(original)
    start = f.text.index("chicas")
    s, e = f.span(start, start + len("chicas"))
    assert original[s:e] == "CHICAAAS"
    start = f.text.index("bogota")
    s, e = f.span(start, start + 6)
    assert original[s:e] == "Bogotá"


def test_fold_keeps_www_and_digits():
    assert fold("www.empresa.com 1000 ").text == "www.empresa.com 1000"
