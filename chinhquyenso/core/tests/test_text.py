"""Vietnamese folding: composed and decomposed input, case, every tone and vowel mark, đ, spaces."""

import unicodedata

import pytest

from chinhquyenso.core.text import fold

# Every vowel with every tone (none, huyền, sắc, hỏi, ngã, nặng), as Vietnamese writes them.
VOWELS = {
    "a": "aàáảãạ",
    "ă": "ăằắẳẵặ",
    "â": "âầấẩẫậ",
    "e": "eèéẻẽẹ",
    "ê": "êềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọ",
    "ô": "ôồốổỗộ",
    "ơ": "ơờớởỡợ",
    "u": "uùúủũụ",
    "ư": "ưừứửữự",
    "y": "yỳýỷỹỵ",
}


@pytest.mark.parametrize(("base", "forms"), VOWELS.items())
def test_every_tone_and_vowel_mark_folds_to_the_plain_letter(base, forms):
    plain = unicodedata.normalize("NFD", base)[0]
    for ch in forms:
        assert fold(ch) == plain, ch
        assert fold(ch.upper()) == plain, ch.upper()
        assert fold(unicodedata.normalize("NFD", ch)) == plain, ch


def test_composed_and_decomposed_input_fold_alike():
    nfc = unicodedata.normalize("NFC", "Quảng Ngãi")
    nfd = unicodedata.normalize("NFD", "Quảng Ngãi")
    assert nfc != nfd
    assert fold(nfc) == fold(nfd) == "quang ngai"


def test_mixed_composition_within_one_word():
    # "ệ" written as ê + combining dot below, as some old input methods did.
    assert fold("Vi\u00ea\u0323t Nam") == "viet nam"
    assert fold("Vie\u0323\u0302t Nam") == "viet nam"


@pytest.mark.parametrize("text", ["Quảng Ngãi", "QUẢNG NGÃI", "quảng ngãi", "QuẢnG nGãI"])
def test_case_is_ignored(text):
    assert fold(text) == "quang ngai"


def test_d_with_stroke():
    assert fold("đ") == "d"
    assert fold("Đ") == "d"
    assert fold("Đặc khu Lý Sơn") == "dac khu ly son"
    assert fold("ĐỒNG ĐỨC") == "dong duc"


def test_whitespace_is_collapsed_and_trimmed():
    assert fold("  Ủy   ban\tnhân\ndân \u00a0 tỉnh  ") == "uy ban nhan dan tinh"


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t"])
def test_empty_input(value):
    assert fold(value) == ""


def test_punctuation_and_digits_are_kept():
    assert fold("Số 12/QĐ-UBND, ngày 05/01/2026") == "so 12/qd-ubnd, ngay 05/01/2026"


def test_full_sentence():
    text = "Trường Sa, Hoàng Sa là của Việt Nam; người dân được phục vụ tận tình."
    assert fold(text) == "truong sa, hoang sa la cua viet nam; nguoi dan duoc phuc vu tan tinh."


def test_idempotent():
    once = fold("Ủy ban nhân dân xã Bình Sơn")
    assert fold(once) == once
