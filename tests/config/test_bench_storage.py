"""The object store's bench rows (bench/storage.py) without SeaweedFS: a clear line, no rows."""

from bench import seaweed, storage


def test_the_object_store_rows_are_skipped_with_a_line_saying_why_without_the_weed_binary(
    monkeypatch, capsys
):
    monkeypatch.setattr(seaweed, "weed_binary", lambda: None)

    assert storage.rows(world=None) == []
    assert "skipped, no `weed` binary" in capsys.readouterr().out
