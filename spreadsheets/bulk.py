"""Records an import creates, written together in bulk with their history.

Saving 2,000 actions one by one costs a dozen statements each (the row, its history row,
its links and their history), so an import gathers the records it creates and writes each
kind in a few statements: the rows (``bulk_create``), their many-to-many links through the
through model, one history row each with the importing user and reason (simple_history's
``bulk_history_create``) and, for historied links, the links' history rows.

A gathered record gets its primary key as it is gathered, reserved from the table's own
sequence (PostgreSQL's sequence, SQLite's ``sqlite_sequence``), so the loader finds it,
indexes it and refers to it exactly as it does a saved record. Foreign keys are checked at
commit on both databases, so the order of writing within the import does not matter, but
records are written parents first. Records are validated as they are gathered (the loader
does that); an import with an error is rolled back, so nothing gathered is written then.
On another database every record is saved at once, as before.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from operator import attrgetter, itemgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from simple_history.models import HistoricalRecords

from improvement.models import Action, ActionUpdate, Outcome, Recommendation
from measures.models import Benchmark, Measure, Target

# Written in this order (parents first); anything else is saved as it comes.
BULK_MODELS = (Recommendation, Outcome, Action, ActionUpdate, Measure, Target, Benchmark)
BATCH = 500
FLUSH_EVERY = 2000  # records gathered before they are written (memory stays flat)
LARGEST_RESERVATION = 2048


def supported() -> bool:
    """Whether this database can reserve primary keys (and returns bulk-created keys)."""
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 35)


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys for new rows of `model`, which no other row will take."""
    table = model._meta.db_table
    column = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        # SQLite (AUTOINCREMENT): move the table's sequence on past the keys taken, in one
        # statement, which also takes the database's write lock until the import ends.
        highest = f"(SELECT coalesce(max({quote(column)}), 0) FROM {quote(table)})"  # noqa: S608
        cursor.execute(
            f"UPDATE sqlite_sequence SET seq = max(seq, {highest}) + %s "  # noqa: S608
            "WHERE name = %s RETURNING seq",
            [count, table],
        )
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                f"INSERT INTO sqlite_sequence (name, seq) VALUES (%s, {highest} + %s) "  # noqa: S608
                "RETURNING seq",
                [table, count],
            )
            row = cursor.fetchone()
        last = row[0]
        return list(range(last - count + 1, last + 1))


class PendingWrites:
    def __init__(self, *, user=None, reason: str = ""):
        self.enabled = supported()
        self.user = user
        self.reason = reason or None
        self.records: dict[type, list] = {}
        self.links: dict[tuple, tuple] = {}  # (model, pk, relation) -> (record, targets)
        self.added: dict[tuple, list] = {}  # (model, relation) -> [(record pk, target pk)]
        self._ids: dict[type, list[int]] = {}
        self._reserved: dict[type, int] = {}
        self.count = 0

    def accepts(self, record) -> bool:
        return self.enabled and type(record) in BULK_MODELS

    def add(self, record) -> None:
        """Gather a new (validated) record: it gets its key now, its row later."""
        model = type(record)
        record.pk = self._next_id(model)
        self.records.setdefault(model, []).append(record)
        self.count += 1

    def link(self, record, relation: str, targets) -> None:
        """The many-to-many links a gathered record is written with (replacing any given)."""
        self.links[(type(record), record.pk, relation)] = (record, list(targets))

    def add_links(self, record, relation: str, targets) -> None:
        """Links added to a record (never removed), written with the next flush."""
        added = self.added.setdefault((type(record), relation), [])
        added.extend((record.pk, target.pk) for target in targets)
        self.count += len(targets)

    def _next_id(self, model) -> int:
        ids = self._ids.setdefault(model, [])
        if not ids:
            # Reserve more each time (32, 128, 512, 2048): few gaps for a small import, few
            # queries for a large one.
            size = min(LARGEST_RESERVATION, 4 * self._reserved.get(model, 8))
            self._reserved[model] = size
            ids.extend(reversed(reserve_ids(model, size)))
        return ids.pop()

    def full(self) -> bool:
        return self.count >= FLUSH_EVERY

    def discard(self) -> None:
        """Forget what was gathered: nothing of this import will be written."""
        self.records, self.links, self.added, self.count = {}, {}, {}, 0

    def flush(self) -> None:
        """Write every gathered record, its links and its history."""
        links = self.links
        self.links = {}
        for model in BULK_MODELS:
            records = self.records.pop(model, [])
            if not records:
                continue
            rows = insert(model, records)
            through_rows = self._write_links(model, links)
            history = insert_history(
                model, records, rows, user=self.user, reason=self.reason, keys=bool(through_rows)
            )
            self._write_link_history(model, history, through_rows)
        added, self.added = self.added, {}
        for (model, relation), pairs in added.items():
            field = model._meta.get_field(relation)
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            rows = [through(**{source: pk, target: other}) for pk, other in pairs]
            through._default_manager.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        self.count = 0

    @staticmethod
    def _write_links(model, links) -> dict:
        """Insert the gathered records' links: {relation: {record pk: [through rows]}}."""
        written = {}
        by_relation: dict[str, list] = {}
        for (link_model, pk, relation), (_record, targets) in links.items():
            if link_model is model and targets:
                by_relation.setdefault(relation, []).append((pk, targets))
        for relation, items in by_relation.items():
            field = model._meta.get_field(relation)
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            rows = [
                through(**{source: pk, target: item.pk})
                for pk, targets in items
                for item in targets
            ]
            for row, key in zip(rows, reserve_ids(through, len(rows)), strict=True):
                row.pk = key
            insert(through, rows)
            per_record = written.setdefault(relation, {})
            for row in rows:
                per_record.setdefault(getattr(row, source), []).append(row)
        return written

    @staticmethod
    def _write_link_history(model, history, through_rows) -> None:
        """Each history row records its record's links, as simple_history does on save."""
        for field in getattr(model.history.model, "_history_m2m_fields", []):
            rows = through_rows.get(field.name)
            if not rows:
                continue
            m2m_history = HistoricalRecords.m2m_models[field]
            names = [f.attname for f in field.remote_field.through._meta.concrete_fields]
            values = [
                {"history_id": history_id, **{name: getattr(row, name) for name in names}}
                for pk, history_id in history
                for row in rows.get(pk, ())
            ]
            insert_values(m2m_history, values)


def insert(model, records) -> list[tuple]:
    """INSERT records whose primary keys are set, as bulk_create would (same values, no
    signals), in one executemany."""
    fields = model._meta.concrete_fields
    for field in fields:  # a parent given as a record gathered before its key was
        if not field.is_relation:
            continue
        for record in records:
            if getattr(record, field.attname) is None and field.is_cached(record):
                parent = field.get_cached_value(record)
                if parent is not None:
                    setattr(record, field.attname, parent.pk)
    rows = list(zip(*(_column(field, records) for field in fields), strict=True))
    _executemany(model, [field.column for field in fields], rows)
    alias = connections[DEFAULT_DB_ALIAS].alias
    for record in records:
        record._state.adding = False
        record._state.db = alias
    return rows


def _column(field, records) -> list:
    """The field's database value in each record, a column at a time. A field that sets its
    own value as it saves (auto_now) is stamped as Django's pre_save stamps it, once for
    the records written together (as their history rows are); else the value."""
    if records and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
        stamp = field.pre_save(records[0], True)
        for record in records[1:]:
            setattr(record, field.attname, stamp)
        return [_preparer(field)(stamp)] * len(records)
    return _prepared(field, list(map(attrgetter(field.attname), records)))


def insert_values(model, values: list[dict]) -> None:
    """INSERT rows given as {attname: value}; fields not given take their defaults (an
    auto primary key left out: the database numbers the rows)."""
    if not values:
        return
    given = set(values[0])
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.attname in given or not (field.primary_key and field.db_returning)
    ]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in given}
    columns = [(field.attname, _preparer(field)) for field in fields]
    rows = [
        tuple(convert(row.get(name, defaults.get(name))) for name, convert in columns)
        for row in values
    ]
    _executemany(model, [field.column for field in fields], rows)


# Fields whose database value is the Python value itself when it is None or of the type
# given (Django's get_db_prep_save changes none of these).
PLAIN = {
    "AutoField": int,
    "BigAutoField": int,
    "BigIntegerField": int,
    "BooleanField": bool,
    "CharField": str,
    "ForeignKey": int,
    "IntegerField": int,
    "PositiveBigIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int,
    "SmallIntegerField": int,
    "TextField": str,
}


def _preparer(field):
    """The function turning a field's value into the database's, as Django does on save."""
    db = connections[DEFAULT_DB_ALIAS]
    prepare = field.get_db_prep_save
    plain = PLAIN.get(field.get_internal_type())
    if plain is not None:

        def convert(value):
            if value is None or type(value) is plain:
                return value
            return prepare(value, db)

        return convert
    return lambda value: None if value is None else prepare(value, db)


def _prepared(field, values: list) -> list:
    """The values of a column as the database takes them (`_preparer`'s, for each): the
    values themselves when every one is None or of the field's plain type, or for a
    DecimalField a finite Decimal (which Django writes as it is on SQLite and PostgreSQL)."""
    kinds = set(map(type, values)) - {type(None)}
    internal = field.get_internal_type()
    if kinds <= {PLAIN.get(internal)}:
        return values
    # filter(None) leaves out None and zeros (finite); NaN and infinities are kept, and seen.
    finite = kinds == {Decimal} and all(map(Decimal.is_finite, filter(None, values)))
    if finite and internal == "DecimalField":
        return values
    return list(map(_preparer(field), values))


def insert_history(model, records, rows, *, user, reason, history_type="+", keys=False):
    """One history row per record, as simple_history's bulk_history_create writes it (the
    record's stamped user and reason, else those given), from the rows `insert` wrote. With
    `keys`, the history rows get reserved keys: [(record pk, history id)] is returned, for
    their links' history."""
    history = model.history.model
    tracked = [history._meta.get_field(field.attname) for field in history.tracked_fields]
    written = [field.attname for field in model._meta.concrete_fields]
    positions = [written.index(field.attname) for field in tracked]
    date, change_reason, kind, user_field = (
        history._meta.get_field(name)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    columns = [f.column for f in (*tracked, date, change_reason, kind, user_field)]
    now = date.get_db_prep_save(timezone.now(), connections[DEFAULT_DB_ALIAS])
    user_id = getattr(user, "pk", None)
    made = []
    ids = reserve_ids(history, len(records)) if keys else None
    values = []
    pick = itemgetter(*positions) if len(positions) > 1 else lambda row: (row[positions[0]],)
    for index, (record, row) in enumerate(zip(records, rows, strict=True)):
        stamped = getattr(record, "_history_user", None)
        when = getattr(record, "_history_date", None)
        if when is not None:
            when = date.get_db_prep_save(when, connections[DEFAULT_DB_ALIAS])
        extra = (
            when or now,
            getattr(record, "_change_reason", None) or reason,
            history_type,
            stamped.pk if stamped is not None else user_id,
        )
        if ids:
            extra += (ids[index],)
            made.append((record.pk, ids[index]))
        values.append(pick(row) + extra)
    if ids:
        columns.append(history._meta.pk.column)
    _executemany(history, columns, values)
    return made


def _executemany(model, columns, rows) -> None:
    """INSERT the rows: SQLite's executemany (a loop in C); PostgreSQL's COPY (one stream,
    no statement to parse per row)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        for start in range(0, len(rows), BATCH * 4):
            cursor.executemany(sql, rows[start : start + BATCH * 4])
