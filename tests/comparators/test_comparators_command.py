"""`manage.py comparators`: the performance team checks any published comparison."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import BaseCommand

from comparators.management.commands.comparators import Command

from .compare_data import load_real_figures, neighbour_codes


@pytest.fixture
def real(db):
    return load_real_figures((("ReReferral", "2024"), ("ReReferral", "2025"), ("LAC", "2025")))


def run(*args):
    out = StringIO()
    call_command("comparators", *args, stdout=out)
    return out.getvalue()


def test_json_gives_the_comparison_as_numbers(real):
    data = json.loads(run("--la", "852", "--indicator", "ReReferral", "--json"))

    assert data == {
        "la": "852",
        "indicator": "ReReferral",
        "year": "2025",
        "value": 20.2,
        "sn_mean": 20.99,
        "sn_count": 10,
        "region": "South East",
        "region_value": 28.4,
        "england_value": 22.6,
        "rank": 79,
        "of": 153,
        "quartile": "C",
    }


def test_json_for_an_earlier_year(real):
    data = json.loads(run("--la", "852", "--indicator", "ReReferral", "--year", "2024", "--json"))

    assert (data["year"], data["value"]) == ("2024", 24.8)


def test_json_without_a_polarity_has_null_rank_and_quartile(real):
    data = json.loads(run("--la", "852", "--indicator", "LAC", "--json"))

    assert data["england_value"] == 67
    assert isinstance(data["england_value"], int)
    assert (data["rank"], data["quartile"]) == (None, None)


def test_the_table_shows_the_figures_and_each_neighbour(real):
    text = run("--la", "852", "--indicator", "ReReferral")

    assert "Southampton" in text
    assert "20.2" in text
    assert "21 mean of 10 of 10; median 20.7" in text  # as the pages round it: one place
    assert "79 of 153" in text
    assert "C: second worst quarter of 153 councils" in text
    assert "22.6" in text
    names = {place.code: place.name for place in real["places"].values()}
    neighbour_lines = text.split("Statistical neighbours (May 2025 model)")[1].strip().splitlines()
    assert len(neighbour_lines) == 10
    for line, (code, closeness) in zip(neighbour_lines, neighbour_codes("852"), strict=True):
        assert names[code] in line
        assert closeness in line


def test_the_table_without_a_polarity_says_so(real):
    text = run("--la", "852", "--indicator", "LAC")

    assert "72.8 mean of 10 of 10; median 80" in text
    assert "none (no better direction)" in text


def test_the_table_explains_a_neighbours_symbol(real):
    cumbria = real["places"]["909"]
    real["places"]["852"].neighbours.filter(position=10).update(neighbour=cumbria)

    text = run("--la", "852", "--indicator", "ReReferral")

    assert "Cumbria" in text
    assert "- (not published)" in text
    assert "mean of 9 of 10" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("--la", "999", "--indicator", "ReReferral"),
            'No council with the code "999".',
            id="unknown-council",
        ),
        pytest.param(
            ("--la", "852", "--indicator", "Nope"), 'No indicator "Nope".', id="unknown-indicator"
        ),
        pytest.param(
            ("--la", "852", "--indicator", "ReReferral", "--year", "2031"),
            'No published figure for council 852, indicator "ReReferral", for 2031.',
            id="year-without-figures",
        ),
        pytest.param(
            ("--la", "852", "--indicator", "ReReferral", "--model", "1999-01"),
            'No neighbour model "1999-01": one of 2025-05, 2021-04.',
            id="unknown-model",
        ),
    ],
)
def test_an_unknown_council_indicator_or_year_is_one_line_and_exit_code_2(real, args, message):
    with pytest.raises(CommandError) as raised:
        run(*args)

    assert str(raised.value) == message
    assert "\n" not in str(raised.value)
    assert raised.value.returncode == 2


def test_from_the_command_line_an_error_exits_with_code_2(capsys):
    # No database needed: the model is checked first.
    command = Command()
    assert isinstance(command, BaseCommand)

    with pytest.raises(SystemExit) as raised:
        command.run_from_argv(
            ["manage.py", "comparators", "--la", "852", "--indicator", "X", "--model", "x"]
        )

    assert raised.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err == 'CommandError: No neighbour model "x": one of 2025-05, 2021-04.'
