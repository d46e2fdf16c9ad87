"""The candidate index: keys fit their column and stay findable."""

from __future__ import annotations

from app.services.search_index import KEY_WIDTH, keys_for_name, storage_key


def test_long_keys_are_shortened_to_the_column_width():
    keys = keys_for_name(
        "JOINT STOCK COMPANY SCIENTIFIC AND PRODUCTION ASSOCIATION OF PRECISION "
        "INSTRUMENT ENGINEERING NAMED AFTER A P MARYUTIN",
        "entity",
    )
    assert keys
    assert max(len(key) for key in keys) <= KEY_WIDTH


def test_shortened_keys_stay_distinct_and_stable():
    long_a, long_b = "w:" + "a" * 100, "w:" + "a" * 99 + "b"
    assert storage_key(long_a) != storage_key(long_b)
    assert storage_key(long_a) == storage_key(long_a)
    assert storage_key("t:kuznetsov") == "t:kuznetsov"
