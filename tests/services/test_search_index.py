"""The candidate index: keys fit their column and stay findable."""

from __future__ import annotations

from sqlalchemy import delete, update

from app.extensions import db
from app.matching import keys, keys_fingerprint
from app.models import SearchIndexState
from app.services import search_index
from app.services.search_index import KEY_WIDTH, keys_for_name, storage_key
from tests.builders import sdn_row, write_ofac_set


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


def _import_one(app, tmp_path):
    sdn = [sdn_row("1", "KUZNETSOV, Artem", "individual", "MAGNIT")]
    folder = write_ofac_set(tmp_path / "ofac", sdn)
    result = app.test_cli_runner().invoke(args=["import", "ofac-csv", str(folder)])
    assert result.exit_code == 0, result.output


def test_an_index_built_now_is_current(app, tmp_path):
    _import_one(app, tmp_path)
    assert not search_index.is_stale(db.session)


def test_an_index_built_with_other_keys_is_stale_until_reindexed(app, tmp_path):
    _import_one(app, tmp_path)
    db.session.execute(update(SearchIndexState).values(keys_fingerprint="older-keys"))
    db.session.commit()
    assert search_index.is_stale(db.session)

    result = app.test_cli_runner().invoke(args=["reindex", "--if-stale"])

    assert "Indexed" in result.output
    assert not search_index.is_stale(db.session)


def test_an_index_from_before_fingerprints_is_stale(app, tmp_path):
    _import_one(app, tmp_path)
    db.session.execute(delete(SearchIndexState))
    db.session.commit()
    assert search_index.is_stale(db.session)


def test_reindex_if_stale_leaves_a_current_index_alone(app, tmp_path):
    _import_one(app, tmp_path)
    result = app.test_cli_runner().invoke(args=["reindex", "--if-stale"])
    assert result.output.strip() == "The search index is current."


def test_the_fingerprint_follows_the_keys(monkeypatch):
    before = keys_fingerprint()
    monkeypatch.setattr(keys, "RUSSIAN_KEYS_PER_TOKEN", 1)
    assert keys_fingerprint() != before


def test_keys_computed_in_processes_are_the_keys_computed_on_the_spot():
    names = [("KUZNETSOV, Artem", "individual"), ("ROSOBORONEXPORT OAO", "entity")]
    precomputed = search_index.KeyPrecomputation(names, workers=1, min_names=1)
    try:
        assert [set(precomputed.keys(*pair)) for pair in names] == [
            keys_for_name(*pair) for pair in names
        ]
        # A name it was not given is keyed on the spot.
        assert set(precomputed.keys("IVANOV, Ivan", "individual")) == keys_for_name(
            "IVANOV, Ivan", "individual"
        )
    finally:
        precomputed.close()


def test_an_import_with_key_processes_indexes_as_one_without(app, tmp_path):
    from sqlalchemy import select

    from app.models import NameKey

    sdn = [sdn_row(str(i), f"KUZNETSOV, Artem {i}", "individual", "MAGNIT") for i in range(1, 4)]
    folder = write_ofac_set(tmp_path / "ofac", sdn)
    with app.app_context():
        from app.runners import run_import

        app.config.update(IMPORT_KEY_WORKERS=1, IMPORT_KEY_WORKERS_MIN_NAMES=1)
        run_import("ofac-csv", folder)
        stored = set(db.session.execute(select(NameKey.name_id, NameKey.key)).all())
        db.session.execute(delete(NameKey))
        search_index.rebuild(db.session)
        rebuilt = set(db.session.execute(select(NameKey.name_id, NameKey.key)).all())
    assert stored and stored == rebuilt
