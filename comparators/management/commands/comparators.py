"""Check any published comparison from the command line, for the performance team.

    python manage.py comparators --la 852 --indicator ReReferral [--year 2025] [--json]
        [--model 2021-04]

Without --year: the latest year with a figure for the council. An unknown council,
indicator or neighbour model, or a year without a figure for the council, is a one-line
error and exit code 2.
"""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from comparators.comparisons import figure_text, plain, rank_words
from comparators.models import DEFAULT_NEIGHBOUR_MODEL, Indicator, NeighbourModel, Place
from comparators.rules import symbol_meaning
from comparators.selectors import compare


def number(value: Decimal | None):
    """A Decimal as a JSON number: an int when whole, else a float; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(plain(value))


def json_object(comparison) -> dict:
    return {
        "la": comparison.la_code,
        "indicator": comparison.indicator_code,
        "year": comparison.year,
        "value": number(comparison.value),
        "sn_mean": number(comparison.sn_mean),
        "sn_count": comparison.sn_count,
        "region": comparison.region_name or None,
        "region_value": number(comparison.region_value),
        "england_value": number(comparison.england_value),
        "rank": comparison.rank,
        "of": comparison.of,
        "quartile": comparison.quartile,
    }


def _shown(value, symbol, decimal_places):
    if value is None and symbol:
        return f"{symbol} ({symbol_meaning(symbol)})"
    return figure_text(value, symbol, decimal_places) or "none published"


def _no_rank(comparison):
    return "none (no better direction)" if comparison.polarity == "neither" else "none"


def as_table(comparison) -> list[str]:
    dps = comparison.decimal_places
    region = _shown(comparison.region_value, "", dps)
    if comparison.region_note and comparison.region_note != comparison.region_name:
        region = f"{region} ({comparison.region_note})"
    sn = "none published"
    if comparison.sn_mean is not None:
        sn = (
            f"{plain(comparison.sn_mean_shown)} mean of "
            f"{comparison.sn_count} of {len(comparison.neighbours)}; median "
            f"{figure_text(comparison.sn_median, '', dps)}"
        )
    rows = [
        ("Indicator", f"{comparison.indicator_name} ({comparison.indicator_code})"),
        ("Year", comparison.year),
        (comparison.la_name, _shown(comparison.value, comparison.symbol, dps)),
        ("Statistical neighbours", sn),
        (comparison.region_name or "Region", region),
        ("England", _shown(comparison.england_value, "", dps)),
        ("Rank", rank_words(comparison.rank, comparison.of) or _no_rank(comparison)),
        ("Quartile", comparison.quartile_words or "none"),
    ]
    if comparison.source:
        rows.append(("Source", comparison.source))
    width = max(len(label) for label, _ in rows)
    lines = [f"{label:<{width}}  {text}" for label, text in rows]
    if comparison.neighbours:
        lines.append("")
        lines.append(f"Statistical neighbours ({NeighbourModel(comparison.model).label} model)")
        name_width = max(len(n.name) for n in comparison.neighbours)
        close_width = max(len(n.closeness) for n in comparison.neighbours)
        for n in comparison.neighbours:
            lines.append(
                f"{n.position:>2}  {n.name:<{name_width}}  {n.closeness:<{close_width}}  "
                f"{_shown(n.value, n.symbol, dps)}"
            )
    return lines


class Command(BaseCommand):
    help = "Show a council's published figure beside its neighbours, region and England."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="The council's code, e.g. 852.")
        parser.add_argument("--indicator", required=True, help="e.g. ReReferral.")
        parser.add_argument("--year", help="The year as published; default the latest.")
        parser.add_argument(
            "--model",
            default=str(DEFAULT_NEIGHBOUR_MODEL),
            help=f"The neighbour model: {', '.join(NeighbourModel.values)}.",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print one JSON object."
        )

    def handle(self, *args, la, indicator, year, model, as_json=False, **options):
        if model not in NeighbourModel.values:
            self._fail(f'No neighbour model "{model}": one of {", ".join(NeighbourModel.values)}.')
        try:
            comparison = compare(la, indicator, year, model=model)
        except Place.DoesNotExist:
            self._fail(f'No council with the code "{la}".')
        except Indicator.DoesNotExist:
            self._fail(f'No indicator "{indicator}".')
        if comparison is None or (comparison.value is None and not comparison.symbol):
            when = f"for {year}" if year else "for any year"
            self._fail(f'No published figure for council {la}, indicator "{indicator}", {when}.')
        if as_json:
            self.stdout.write(json.dumps(json_object(comparison)))
        else:
            self.stdout.write("\n".join(as_table(comparison)))

    def _fail(self, message):
        raise CommandError(message, returncode=2)
