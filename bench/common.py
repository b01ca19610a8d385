"""What the benchmark scripts share: throwaway databases, percentiles and Markdown tables.

Every script makes its own database and removes it at the end: a SQLite file in a
temporary folder, or a PostgreSQL database named in a URL, created (dropped first if it
exists: name a throwaway one) and dropped. None touches db.sqlite3 or a real database.
"""

import math
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESERVED_DATABASES = {"postgres", "template0", "template1"}


# Throwaway databases --------------------------------------------------------------------


def create_database(url=None, prefix="tracker_bench_"):
    """Create a throwaway database; return (its URL, a function that removes it).

    No URL: a SQLite file in a new temporary folder. A postgres:// URL: that database,
    dropped if it exists, then created empty."""
    if not url:
        folder = tempfile.mkdtemp(prefix=prefix)
        path = Path(folder) / "bench.sqlite3"
        return f"sqlite:///{path}", lambda: shutil.rmtree(folder, ignore_errors=True)
    name, admin_url = postgres_names(url)
    drop_postgres_database(admin_url, name)
    postgres_execute(admin_url, f"CREATE DATABASE {quote_name(name)}")
    return url, lambda: drop_postgres_database(admin_url, name)


def copy_postgres_database(url, source, copy):
    """Create database `copy` from `source` (on the server of `url`); return its remover."""
    _name, admin_url = postgres_names(url)
    drop_postgres_database(admin_url, copy)
    postgres_execute(admin_url, f"CREATE DATABASE {quote_name(copy)} TEMPLATE {quote_name(source)}")
    return lambda: drop_postgres_database(admin_url, copy)


def postgres_names(url):
    """(database name, URL of the server's maintenance database) for a postgres:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--database-url must be a postgres:// URL")
    name = parts.path.lstrip("/")
    if not name or name in RESERVED_DATABASES:
        raise SystemExit("name a throwaway database in --database-url, e.g. /tracker_bench")
    return name, parts._replace(path="/postgres").geturl()


def is_loopback(url):
    return urlsplit(url).hostname in {"127.0.0.1", "localhost", "::1"}


def quote_name(name):
    return '"' + name.replace('"', '""') + '"'


def drop_postgres_database(admin_url, name):
    postgres_execute(admin_url, f"DROP DATABASE IF EXISTS {quote_name(name)} WITH (FORCE)")


def postgres_execute(admin_url, statement):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


# Figures --------------------------------------------------------------------------------


def percentile(values, pct):
    """The nearest-rank percentile (95: the value 95% of the values are at or under)."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def median(values):
    """The median, or None for no values."""
    return statistics.median(values) if values else None


def fmt(value, spec="{:.1f}"):
    """A figure for a table cell: '-' when there is none."""
    return "-" if value is None else spec.format(value)


def markdown_table(header, rows, left=(0,)):
    """A Markdown table, padded to line up; columns in `left` align left, others right."""
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |",
        "|"
        + "|".join("-" * (w + 1) + ("-" if i in left else ":") for i, w in enumerate(widths))
        + "|",
    ]
    for row in rows:
        cells = [
            cell.ljust(w) if i in left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_file(path, text):
    """Write text to path, making its folder (bench/out/ is ignored by git)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
