"""The page benchmark's verdicts: the table against the targets, and the results as JSON."""

from bench.common import fmt, markdown_table
from bench.pages_kinds import BASELINE, SIGNED_IN_BASELINE

REGIONAL_RATIO_TARGET = 1.2

HEADER = [
    "page",
    "status",
    "county median ms",
    "county p95 ms",
    "queries",
    "regional median ms",
    "regional p95 ms",
    "queries",
    "regional/county",
    "signed-in baseline in turn ms",
    "x signed-in baseline",
    "x baseline",
    "target ms",
    "targets",
]
REGIONAL_COLUMNS = range(5, 9)  # regional median ms to regional/county


def ratio(numerator, denominator):
    return numerator / denominator if numerator is not None and denominator else None


def misses(page, county, regional):
    """What the page misses of its targets, errors included; empty when it meets them all."""
    flags = []
    for scale, result in (("", county), ("regional ", regional)):
        if result is None:
            continue
        if result.error and (not scale or result.error != county.error):
            flags.append(f"{scale}ERROR {result.error}")
        if result.status and result.status >= 400:
            flags.append(f"{scale}HTTP {result.status}")
    if page.is_baseline or not county.timings:
        return flags
    if county.median_ms >= page.target_ms:
        flags.append(f"median >= {page.target_ms:.0f} ms")
    if regional and regional.timings:
        if regional.median_ms > REGIONAL_RATIO_TARGET * county.median_ms:
            flags.append(f"regional > {REGIONAL_RATIO_TARGET}x county")
        if regional.queries != county.queries:
            flags.append(f"queries {county.queries} -> {regional.queries} with scale")
    return flags


def notes(county, regional):
    """Facts beside the verdict: a page given fewer requests than asked for."""
    found = []
    for scale, result in (("county", county), ("regional", regional)):
        if result and result.timings and len(result.timings) < result.wanted:
            found.append(f"({scale}: {len(result.timings)} requests, over the time budget)")
    return found


def row(page, county, regional):
    flags = misses(page, county, regional)
    return [
        page.label,
        str(county.status or "-"),
        fmt(county.median_ms),
        fmt(county.p95_ms),
        fmt(county.queries, "{}"),
        fmt(regional.median_ms if regional else None),
        fmt(regional.p95_ms if regional else None),
        fmt(regional.queries if regional else None, "{}"),
        fmt(ratio(regional.median_ms if regional else None, county.median_ms), "{:.2f}"),
        fmt(county.in_turn_ms(SIGNED_IN_BASELINE)),
        fmt(ratio(county.median_ms, county.in_turn_ms(SIGNED_IN_BASELINE))),
        fmt(ratio(county.median_ms, county.in_turn_ms(BASELINE))),
        "-" if page.is_baseline else f"{page.target_ms:.0f}",
        "; ".join(flags + notes(county, regional)) or ("(baseline)" if page.is_baseline else "ok"),
    ], bool(flags)


def report(pages, county, regional):
    """(the Markdown table, pages measured, pages missing a target); baselines not counted."""
    rows, measured, failures = [], 0, 0
    for page, _url in pages:
        other = regional.get(page.label) if regional else None
        cells, missed = row(page, county[page.label], other)
        rows.append(cells)
        if not page.is_baseline:
            measured += 1
            failures += missed
    keep = range(len(HEADER))
    if regional is None:  # county only: leave out the regional columns
        keep = [i for i in keep if i not in REGIONAL_COLUMNS]
    header = [HEADER[i] for i in keep]
    rows = [[cells[i] for i in keep] for cells in rows]
    table = markdown_table(header, rows, left=(0, len(header) - 1))
    return table, measured, failures


def json_records(pages, results):
    """One object per page and scale: page, scale, median_ms, p95_ms, queries, then
    requests, status, the baselines timed in turn with it, its county target, any error."""

    def ms(value):
        return None if value is None else round(value, 2)

    records = []
    for page, _url in pages:
        for scale, by_label in results.items():
            result = by_label[page.label]
            records.append(
                {
                    "page": page.label,
                    "scale": scale,
                    "median_ms": ms(result.median_ms),
                    "p95_ms": ms(result.p95_ms),
                    "queries": result.queries,
                    "requests": len(result.timings),
                    "status": result.status,
                    "baseline_in_turn_ms": ms(result.in_turn_ms(BASELINE)),
                    "signed_in_baseline_in_turn_ms": ms(result.in_turn_ms(SIGNED_IN_BASELINE)),
                    "target_ms": None if page.is_baseline else page.target_ms,
                    "error": result.error or None,
                }
            )
    return records
