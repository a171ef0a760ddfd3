"""Aggregates the ORM lacks, written for both databases the portal runs on."""

from django.db.models import Aggregate, JSONField


class JSONRows(Aggregate):
    """The grouped rows' values as one JSON array of arrays (``[[a, b], …]``), decoded on
    reading: a row's related rows read in its own query (a correlated subquery), not in one
    more. Dates come as ISO strings."""

    function = "JSONB_AGG"
    template = "%(function)s(JSONB_BUILD_ARRAY(%(expressions)s))"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="JSON_GROUP_ARRAY",
            template="%(function)s(JSON_ARRAY(%(expressions)s))",
            **extra_context,
        )
