"""PostgreSQL COPY for the province's load (bench.province): a drop-in for ``bulk_create`` that
streams model instances as CSV, ``CHUNK`` rows per COPY statement, and gives each instance its
primary key as bulk_create does (so ``Score(scorecard=card)`` works after the cards went in).

Table and column names come from ``Model._meta`` (``db_table``; ``get_fields()``, each field's
``column``); the COPY goes through psycopg2's documented ``cursor.copy_expert``, reached through
Django's cursor wrapper.
Fields filled on save (``auto_now``, ``auto_now_add``) are filled by ``field.pre_save`` as
bulk_create fills them."""

from __future__ import annotations

import csv
import io
import itertools
import json
import time
from collections import defaultdict

from django.db import connection

#: Rows per COPY statement: a chunk's CSV and instances sit in memory, never the whole table.
CHUNK = 100_000
#: Rows per bulk_create batch.
BATCH = 10_000
NULL = "\\N"
#: Per table, the rows copied and the seconds spent on them (making the rows included).
TOTALS: dict[str, list] = defaultdict(lambda: [0, 0.0])


def _columns(model):
    """The fields COPY writes (the model's columns, by the documented ``_meta.get_fields()``:
    concrete, not many-to-many), its primary key left to the table's sequence, and those of
    them filled on save; and the primary key's column."""
    concrete = [f for f in model._meta.get_fields() if f.concrete and not f.many_to_many]
    fields = [f for f in concrete if not f.primary_key]
    (pk,) = [f.column for f in concrete if f.primary_key]
    on_save = {
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    return fields, on_save, pk


def _value(value):
    if value is None:
        return NULL
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def copy_in(model, objects) -> int:
    """Insert ``objects`` (instances of ``model``, any iterable) with COPY, setting their
    primary keys; returns how many went in."""
    fields, on_save, pk = _columns(model)
    quote = connection.ops.quote_name
    table = model._meta.db_table
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(table)} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
    done = 0
    iterator = iter(objects)
    start = time.perf_counter()
    while chunk := list(itertools.islice(iterator, CHUNK)):
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerows(
            [
                _value(f.pre_save(obj, True) if f.attname in on_save else getattr(obj, f.attname))
                for f in fields
            ]
            for obj in chunk
        )
        stream.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(sql, stream)
            # One session loads the throw-away database alone: the rows of one COPY took
            # consecutive values of the table's sequence, the last of them its currval.
            cursor.execute("SELECT currval(pg_get_serial_sequence(%s, %s))", [table, pk])
            last = cursor.fetchone()[0]
        for offset, obj in enumerate(chunk):
            obj.pk = last - len(chunk) + 1 + offset
        done += len(chunk)
    TOTALS[table][0] += done
    TOTALS[table][1] += time.perf_counter() - start
    return done


def bulk(model, objects) -> None:
    """The default inserter of bench.generate and bench.campaigns: bulk_create in batches."""
    model.objects.bulk_create(objects, batch_size=BATCH)


def inserter():
    """COPY on PostgreSQL; bulk_create elsewhere (the SQLite variant of the benchmark)."""
    return copy_in if connection.vendor == "postgresql" else bulk
