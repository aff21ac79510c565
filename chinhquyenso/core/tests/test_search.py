"""Full-text search on folded Vietnamese: matching, prefix, ranking and hostile input."""

import pytest
from django.db import connection

from chinhquyenso.core.models import SearchEntry
from chinhquyenso.core.services.search import index_object, remove_object, search

pytestmark = pytest.mark.django_db

PLACES = {
    "1": "Tỉnh Quảng Ngãi",
    "2": "Xã Bình Sơn, tỉnh Quảng Ngãi",
    "3": "Đặc khu Lý Sơn",
    "4": "Phường Cẩm Thành, thành phố Quảng Ngãi cũ",
    "5": "Thành phố Kon Tum cũ",
}


@pytest.fixture
def places():
    for object_id, text in PLACES.items():
        index_object("unit", object_id, text)
    index_object("agency", "99", "Ủy ban nhân dân tỉnh Quảng Ngãi")


def test_content_is_stored_folded():
    index_object("unit", 7, "  ĐẶC KHU   Lý Sơn! ")
    assert SearchEntry.objects.get(object_type="unit", object_id="7").content == "dac khu ly son"


@pytest.mark.parametrize(
    "query", ["Quảng Ngãi", "quang ngai", "QUẢNG NGÃI", "quang ng", "Quảng", "ngai"]
)
def test_accents_case_and_prefix(places, query):
    assert set(search("unit", query)) == {"1", "2", "4"}


def test_every_word_must_match(places):
    assert search("unit", "bình sơn") == ["2"]
    assert search("unit", "son") == ["3", "2"]  # both contain Sơn; the shorter text ranks first
    assert search("unit", "ly s") == ["3"]
    assert search("unit", "kon tum quang") == []


def test_only_the_last_word_is_a_prefix(places):
    assert search("unit", "qua ngai") == []
    assert set(search("unit", "dac")) == {"3"}
    assert search("unit", "dac k") == ["3"]


def test_results_are_scoped_to_the_object_type(places):
    assert search("agency", "quang ngai") == ["99"]
    assert search("unknown", "quang ngai") == []


def test_shorter_and_denser_matches_rank_first(places):
    index_object("doc", "long", "báo cáo tình hình kinh tế xã hội của tỉnh năm nay và kế hoạch")
    index_object("doc", "short", "báo cáo kinh tế")
    index_object("doc", "dense", "kinh tế kinh tế kinh tế")
    assert search("doc", "kinh te")[0] == "dense"
    assert search("doc", "kinh te")[-1] == "long"
    assert search("doc", "bao cao kinh") == ["short", "long"]


def test_limit(places):
    assert len(search("unit", "quang", limit=2)) == 2
    assert search("unit", "quang", limit=0) == []


def test_reindex_replaces_and_remove_deletes(places):
    index_object("unit", "5", "Thành phố Quảng Ngãi")
    assert "5" in search("unit", "quang ngai")
    assert search("unit", "kon tum") == []
    remove_object("unit", "5")
    assert "5" not in search("unit", "quang ngai")
    assert not SearchEntry.objects.filter(object_id="5").exists()


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"quảng ngãi',
        "quảng) (ngãi",
        "ngai*",
        "*",
        "quang AND ngai",
        "quang OR",
        "NOT quang",
        "-quang ngai",
        "quang -ngai",
        "quang & ngai | !son",
        "quang:* <-> ngai",
        "NEAR(quang ngai)",
        "unit:quang",
        "^quang",
        "'; DROP TABLE core_searchentry; --",
        "",
        None,
        "   ",
        "%_",
    ],
)
def test_query_syntax_characters_never_raise(places, query):
    result = search("unit", query)
    assert isinstance(result, list)
    assert SearchEntry.objects.count() == len(PLACES) + 1


def test_operator_words_are_plain_words(places):
    index_object("doc", "and", "hợp tác AND phát triển")
    assert search("doc", "AND") == ["and"]
    assert set(search("unit", "quang AND ngai")) == set()  # "and" is a word no unit contains
    assert set(search("unit", "quang) (ngai")) == {"1", "2", "4"}
    assert set(search("unit", '"quang -ngai*')) == {"1", "2", "4"}


def test_numbers_and_codes(places):
    index_object("doc", "a", "Quyết định số 12/QĐ-UBND ngày 05/01/2026")
    assert search("doc", "12/QĐ-UBND") == ["a"]
    assert search("doc", "qd ubnd 2026") == ["a"]


def test_fulltext_index_exists_for_this_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'core_searchentry_fts'")
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = 'core_searchentry_vector'"
            )
        assert cursor.fetchone() is not None
