"""Tests for measures.spc, the XmR chart (plain pytest, no database).

Series marked "reference" come from the NHSRplotthedots R package's tests
(github.com/nhs-r-community/NHSRplotthedots, tests/testthat/, commit 050b07d), with the
expected values of its snapshots; the rest are made up here, their readings worked by hand.
"""

from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from measures.spc import (
    MIN_POINTS,
    Segment,
    _part_of,
    _run_flags,
    _trend_flags,
    _two_of_three,
    assurance_of,
    latest,
    mean_moving_range,
    special_of,
    xmr,
)

# R: set.seed(123); rnorm(20) -- the series of test-ptd_spc_standard.R and test-ptd_spc.R.
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def rules(values, **kwargs):
    return [p.rule for p in xmr(values, better=kwargs.pop("better", "higher"), **kwargs).points]


def limits(chart, index=0):
    point = chart.points[index]
    return point.mean, point.lower, point.upper


# --- the reference's series ----------------------------------------------------


def test_reference_mean_and_limits():
    """Reference: test-ptd_spc_standard.R "it returns expected values" (r1) and summary."""
    chart = xmr(RNORM_123, better="higher")
    assert limits(chart) == pytest.approx((0.1416238, -3.01138, 3.294627), abs=1e-6)
    assert all(p.rule is None for p in chart.points)  # summary: common_cause 20
    assert chart.variation == "common_cause"
    assert chart.segment_size == 20


def test_reference_screening_leaves_out_a_huge_moving_range():
    """Reference: the same series with y[15] <- 10 (r2, screen_outliers = TRUE)."""
    values = list(RNORM_123)
    values[14] = 10
    chart = xmr(values, better="higher")
    assert limits(chart) == pytest.approx((0.6694159, -2.383666, 3.722497), abs=1e-6)
    # Unscreened, the reference's limits would be -4.596625 and 5.935457 (r3).
    assert chart.points[14].rule == "above_upper"
    assert [i for i, r in enumerate(rules(values)) if r] == [14]


def test_reference_rebase_gives_each_segment_its_own_limits():
    """Reference: test-ptd_spc.R summary with facet = rep(c(0, 1), each = 10)."""
    chart = xmr(RNORM_123, better="higher", rebase_at=[10])
    first, second = chart.segments
    assert (first.mean, first.lower, first.upper) == pytest.approx((0.0746, -2.60, 2.75), abs=6e-3)
    assert (second.mean, second.lower, second.upper) == pytest.approx(
        (0.209, -3.28, 3.70), abs=6e-3
    )
    assert limits(chart, 9) == (first.mean, first.lower, first.upper)
    assert limits(chart, 10) == (second.mean, second.lower, second.upper)
    assert (first.size, second.size, chart.segment_size) == (10, 10, 10)


def test_reference_close_points_on_opposite_sides_are_common_cause():
    """Reference: test-ptd_spc_standard.R, two of three only on one side of the mean."""
    values = [1, -1] * 8
    values[14], values[15] = 5.5, -5.5
    chart = xmr(values, better="higher")
    assert chart.points[14].lower < -5.5 < 5.5 < chart.points[14].upper
    assert rules(values) == [None] * 16


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # reference: test-ptd_calculate_point_type.R, ptd_seven_point_trend
        ([1, 2, 3, 4, 5, 6], [0] * 6),
        ([1, 2, 3, 3, 4, 5, 6], [0] * 7),
        ([1, 2, 3, 4, 5, 6, 7], [0] * 6 + [1]),
        ([2, 1, 2, 3, 4, 5, 6, 7, 3], [0] * 7 + [1, 0]),
        ([7, 6, 5, 4, 3, 2, 1], [0] * 6 + [-1]),
        ([2, 7, 6, 5, 4, 3, 2, 1, 3], [0] * 7 + [-1, 0]),
    ],
)
def test_reference_trend_flags(values, expected):
    assert _trend_flags(values) == expected


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        # reference: test-ptd_calculate_point_type.R, ptd_seven_point_one_side_mean
        ([], []),
        ([1] * 6, [0] * 6),
        ([1] * 6 + [-1], [0] * 7),
        ([1] * 8 + [-1], [0] * 6 + [1, 1, 0]),
        ([-1] * 8 + [1], [0] * 6 + [1, 1, 0]),
    ],
)
def test_reference_run_flags(sides, expected):
    assert _run_flags(sides) == expected


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        # reference: test-ptd_calculate_point_type.R, ptd_part_of_seven_trend
        ([0] * 6, [0] * 6),
        ([0] * 6 + [1, 0], [1] * 7 + [0]),
        ([0] * 7 + [1, 0], [0] + [1] * 7 + [0]),
        ([0] * 6 + [-1, 0], [1] * 7 + [0]),
    ],
)
def test_reference_part_of_seven(flags, expected):
    assert _part_of(flags) == [bool(e) for e in expected]


@pytest.mark.parametrize(
    ("close", "sides", "expected"),
    [
        # reference: test-ptd_calculate_point_type.R, ptd_part_of_two_in_three
        ([1, 0, 1], [1, 1, 1], [1, 0, 1]),
        ([0, 1, 1], [1, 1, 1], [0, 1, 1]),
        ([1, 1, 0], [1, 1, 1], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 0, 1, 0, 0]),
        ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1]),
        ([1, 0, 1], [1, -1, 1], [0, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
    ],
)
def test_reference_two_of_three(close, sides, expected):
    assert _two_of_three([bool(c) for c in close], sides) == [bool(e) for e in expected]


# --- every rule, and their precedence -------------------------------------------

N = None
UP, DOWN = "trend_up", "trend_down"
RUN_A, RUN_B = "run_above", "run_below"
SERIES = {
    # mean 11, limits 1.81 and 20.19: only the two spikes are outside
    "outside": (
        [10, 12, 10, 12, 10, 12, 30, 10, 12, 10, 12, 10, 12, -8],
        [N] * 6 + ["above_upper"] + [N] * 6 + ["below_lower"],
    ),
    # seven points each higher than the last, inside the limits
    "trend": ([4, 6, 4, 6, 3, 3.5, 4, 4.5, 5, 5.5, 6, 4, 6, 4, 6], [N] * 4 + [UP] * 7 + [N] * 4),
    # a trend at a peak: the peak itself is outside, the first and last points too
    "peak": (
        [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1],
        ["below_lower"] + [UP] * 5 + ["above_upper"] + [DOWN] * 5 + ["below_lower"],
    ),
    # two adjacent points close to the upper limit (mean 10.94, close above 13.02)
    "two_of_three": (
        [10, 11, 10, 11, 10, 11, 10, 11, 14, 14, 10, 11, 10, 11, 10, 11],
        [N] * 8 + ["two_of_three_above"] * 2 + [N] * 6,
    ),
    # two close points with one above the mean between: only the close ones are marked;
    # the 8 points before are below the mean (11.03), a run
    "two_of_three_gap": (
        [10, 11, 10, 11, 10, 11, 10, 11, 14, 11.5, 14, 10, 11, 10, 11],
        [RUN_B] * 8 + ["two_of_three_above", N, "two_of_three_above"] + [N] * 4,
    ),
    # seven points above the mean (2.08), none close to the limit (4.04)
    "run": (
        [1, 2, 1, 2, 1, 2, 3, 3.2, 3, 3.2, 3, 3.2, 3, 2, 1, 2, 1, 2, 1],
        [N] * 6 + [RUN_A] * 7 + [N] * 6,
    ),
    # a point on the mean (2, exactly) is on neither side: it breaks the run of 8
    "run_broken_on_mean": ([1, 3, 1, 3, 1, 1, 3, 3, 3, 2, 3, 3, 3, 3, 1, 1, 1, 1, 1], [N] * 19),
    "run_not_broken": (
        [1, 3, 1, 3, 1, 1, 3, 3, 3, 2.5, 3, 3, 3, 3, 1, 1, 1, 1, 1],
        [N] * 6 + [RUN_A] * 8 + [N] * 5,
    ),
    # precedence: outside before a run (the 9 is one of 7 above the mean)
    "outside_in_run": (
        [1, 2, 1, 2, 1, 2, 4, 4.5, 4, 9, 4, 4.5, 4, 2, 1, 2, 1, 2, 1],
        [N] * 6 + [RUN_A] * 3 + ["above_upper"] + [RUN_A] * 3 + [N] * 6,
    ),
    # precedence: outside before a trend (the 14 ends a trend of 7)
    "outside_ends_trend": (
        [4, 6, 4, 6, 4, 6, 4, 6, 1, 2, 3, 4, 5, 6, 14],
        [N] * 8 + [UP] * 6 + ["above_upper"],
    ),
    # precedence: two of three before a run (the 4.5s are close to the upper limit, 5.01)
    "two_of_three_in_run": (
        [1, 2, 1, 2, 1, 2, 4, 4.5, 4, 4.5, 4, 4.5, 4, 2, 1, 2, 1, 2, 1],
        [N] * 6 + [RUN_A, "two_of_three_above"] * 3 + [RUN_A] + [N] * 6,
    ),
    # precedence: a trend before a run (the trend's last 7 points are also above the mean)
    "trend_in_run": (
        [1, 2, 1, 2, 1, 2, 1, 2, 3, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 2, 1, 2, 1, 2, 1, 2, 1],
        [RUN_B] * 6 + [UP] * 9 + [RUN_B] * 8,
    ),
}


@pytest.mark.parametrize(("values", "expected"), SERIES.values(), ids=SERIES.keys())
def test_special_cause_rules(values, expected):
    assert rules(values) == expected


MIRROR = str.maketrans({"a": "b", "b": "a"})
SWAP = {
    "above_upper": "below_lower",
    "below_lower": "above_upper",
    UP: DOWN,
    DOWN: UP,
    "two_of_three_above": "two_of_three_below",
    "two_of_three_below": "two_of_three_above",
    RUN_A: RUN_B,
    RUN_B: RUN_A,
    None: None,
}


@pytest.mark.parametrize(("values", "expected"), SERIES.values(), ids=SERIES.keys())
def test_a_mirrored_series_gives_the_mirrored_rules(values, expected):
    assert rules([-v for v in values]) == [SWAP[r] for r in expected]


def test_trends_meeting_at_an_equal_value_read_down_as_in_the_reference():
    """Two up-trends meet at 7, 7: the reference reads the first 7 by its step to the next
    value (0), which it labels decreasing. Kept so the product matches the reference."""
    values = [1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13]
    assert rules(values)[4:10] == [UP, UP, DOWN, UP, UP, UP]


def test_rules_are_worked_per_segment():
    """A shift reads as special cause over the whole series, but not once rebased."""
    values = [1, 2, 1, 2, 1, 2, 1, 5, 6, 5, 6, 5, 6, 5]
    # mean 3.43, close below 1.25 and above 5.61: the 1s and 6s are close
    below, above = ["two_of_three_below", RUN_B], [RUN_A, "two_of_three_above"]
    assert rules(values) == below * 3 + below[:1] + above * 3 + above[:1]
    assert rules(values, rebase_at=[7]) == [None] * 14


# --- improvement, concern, neutral; variation -----------------------------------


@pytest.mark.parametrize(
    ("rule", "better", "special"),
    [
        ("above_upper", "higher", "improvement"),
        ("above_upper", "lower", "concern"),
        ("above_upper", "neither", "neutral"),
        ("below_lower", "higher", "concern"),
        ("below_lower", "lower", "improvement"),
        ("trend_up", "higher", "improvement"),
        ("trend_down", "higher", "concern"),
        ("trend_down", "lower", "improvement"),
        ("two_of_three_above", "lower", "concern"),
        ("two_of_three_below", "lower", "improvement"),
        ("run_above", "higher", "improvement"),
        ("run_below", "higher", "concern"),
        ("run_below", "neither", "neutral"),
        (None, "higher", None),
        (None, "neither", None),
    ],
)
def test_special_of(rule, better, special):
    assert special_of(rule, better) == special


@pytest.mark.parametrize(
    ("values", "better", "variation"),
    [
        (SERIES["outside"][0], "higher", "concern"),  # ends below the lower limit
        (SERIES["outside"][0], "lower", "improvement"),
        (SERIES["outside"][0], "neither", "neutral"),
        (SERIES["outside_ends_trend"][0], "higher", "improvement"),
        (SERIES["outside_ends_trend"][0], "lower", "concern"),
        (SERIES["run"][0], "higher", "common_cause"),  # ends in common cause
        (SERIES["run"][0][:13], "higher", "improvement"),  # ends in the run above
        (SERIES["run"][0][:13], "neither", "neutral"),
        (RNORM_123, "lower", "common_cause"),
    ],
)
def test_variation_is_the_last_points_reading(values, better, variation):
    chart = xmr(values, better=better)
    assert chart.variation == variation
    assert chart.points[-1].special == (None if variation == "common_cause" else variation)


def test_variation_is_the_last_segments():
    values = SERIES["outside"][0]
    chart = xmr(values + [11, 10, 12], better="higher", rebase_at=[14])
    assert [s.variation for s in chart.segments] == ["concern", "common_cause"]
    assert chart.variation == "common_cause"


# --- assurance --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "better", "assurance"),
    [
        (25, "higher", "fail"),  # limits 1.81 .. 20.19
        (25, "lower", "pass"),
        (0, "higher", "pass"),
        (0, "lower", "fail"),
        (11, "higher", "hit_and_miss"),
        (11, "lower", "hit_and_miss"),
        (25, "neither", None),
        (None, "higher", None),
        (None, "neither", None),
    ],
)
def test_assurance(target, better, assurance):
    chart = xmr(SERIES["outside"][0], better=better, target=target)
    assert chart.assurance == assurance


@pytest.mark.parametrize(
    ("target", "better", "assurance"),
    [
        (3, "higher", "hit_and_miss"),  # on the upper limit: not beyond it
        (1, "lower", "hit_and_miss"),  # on the lower limit
        (3.001, "higher", "fail"),
        (0.999, "higher", "pass"),
        (2, "higher", "hit_and_miss"),
    ],
)
def test_assurance_when_the_target_is_on_a_limit(target, better, assurance):
    assert assurance_of(target, better, 1.0, 3.0) == assurance


def test_assurance_is_from_the_last_segment():
    values = [10, 12] * 6 + [50, 52] * 6
    assert xmr(values, better="higher", target=30).assurance == "hit_and_miss"
    assert xmr(values, better="higher", target=30, rebase_at=[12]).assurance == "pass"
    assert xmr(values[:12], better="higher", target=30).assurance == "fail"


# --- screening -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 3, 1, 3], 2.0),
        ([1, 3, 1, 3, 1, 3, 1, 3, 1, 30], 2.0),  # 29 >= 3.267 x 5 is left out
        ([1, 3, 1, 3, 1, 10], 3.4),  # 9 < 3.267 x 3.4: kept
        ([4, 6], 2.0),
        ([5, 5, 5], None),  # every range 0, and 0 >= 3.267 x 0: all left out
        ([5, 5, 5, 5, 5, 6], 0.0),  # 1 >= 3.267 x 0.2 is left out, the 0s kept
        ([5], None),
        ([], None),
    ],
)
def test_mean_moving_range_screens_huge_ranges(values, expected):
    assert mean_moving_range(values) == expected


# --- edge cases --------------------------------------------------------------------


def test_a_flat_series_has_no_limits_and_no_special_cause():
    """As in the reference: all moving ranges are screened out, so the limits are NaN there
    (None here); no point is outside, close, in a trend, or on a side of the mean."""
    chart = xmr([80] * 14, better="higher", target=95)
    assert {limits(chart, i) for i in range(14)} == {(80.0, None, None)}
    assert rules([80] * 14) == [None] * 14
    assert chart.variation == "common_cause"
    assert chart.assurance == "hit_and_miss"  # the reference's reading of NaN limits


def test_nearly_flat_series_with_limits_on_the_mean():
    # the one moving range of 4 is screened out: mean moving range 0, limits = mean
    chart = xmr([5] * 8 + [9], better="higher")
    assert limits(chart) == (pytest.approx(49 / 9),) * 3
    assert rules([5] * 8 + [9]) == ["below_lower"] * 8 + ["above_upper"]


def test_two_points():
    chart = xmr([4, 6], better="higher", target=20)
    assert limits(chart) == (5.0, 5 - 2.66 * 2, 5 + 2.66 * 2)
    assert [p.rule for p in chart.points] == [None, None]
    assert (chart.variation, chart.assurance, chart.segment_size) == ("common_cause", "fail", 2)


def test_one_point_and_a_segment_of_one():
    chart = xmr([7], better="lower", target=5)
    assert limits(chart) == (7.0, None, None)
    # no limits: the reference reads the target as hit and miss
    assert (chart.variation, chart.assurance, chart.segment_size) == (
        "common_cause",
        "hit_and_miss",
        1,
    )
    chart = xmr([4, 6, 4, 6, 20], better="higher", rebase_at=[4])
    assert limits(chart, 4) == (20.0, None, None)
    assert limits(chart, 0) == (5.0, 5 - 2.66 * 2, 5 + 2.66 * 2)
    assert chart.segment_size == 1


def test_no_values():
    chart = xmr([], better="higher", target=5)
    assert chart.points == () and chart.segments == ()
    assert (chart.variation, chart.assurance, chart.segment_size) == (None, None, 0)


def test_months_without_a_figure_are_left_out():
    with_gaps = [10, None, 12, 10, 12, None, None, 10, 12, 10, 12, 10, 12, 30]
    figures = [v for v in with_gaps if v is not None]
    chart = xmr(with_gaps, better="higher")
    read = [p for p in chart.points if p.value is not None]
    assert [(p.mean, p.lower, p.upper, p.rule) for p in read] == [
        (p.mean, p.lower, p.upper, p.rule) for p in xmr(figures, better="higher").points
    ]
    assert chart.left_out == (1, 5, 6)
    assert chart.points[1] == chart.points[1].__class__(1, None, None, None, None, None, None)
    assert [p.index for p in chart.points] == list(range(14))
    assert chart.segment_size == 11


def test_a_last_month_without_a_figure_keeps_the_last_figures_reading():
    chart = xmr([*SERIES["outside"][0], None], better="higher", target=25)
    assert (chart.variation, chart.assurance) == ("concern", "fail")


def test_only_months_without_figures():
    chart = xmr([None, None], better="higher", target=5)
    assert (chart.variation, chart.assurance, chart.segment_size) == (None, None, 0)
    assert chart.left_out == (0, 1)


def test_rebasing():
    values = [4, 6, 4, 6, None, 20, 22, 20]
    chart = xmr(values, better="higher", rebase_at=[4, 0, 99])  # 0 and 99: no new segment
    assert [(s.start, s.stop, s.size) for s in chart.segments] == [(0, 4, 4), (4, 8, 3)]
    assert chart.points[4].mean is None
    assert limits(chart, 5) == pytest.approx((62 / 3, 62 / 3 - 2.66 * 2, 62 / 3 + 2.66 * 2))


def test_enough_points():
    assert MIN_POINTS == 12
    assert not xmr(RNORM_123[:11], better="higher").enough_points
    assert xmr(RNORM_123[:12], better="higher").enough_points
    assert not xmr(RNORM_123, better="higher", rebase_at=[10]).enough_points


def test_better_must_be_known():
    with pytest.raises(ValueError, match="better"):
        xmr([1, 2], better="up")


# --- the same as the reference's window functions, on any series ------------------


def reference_trend(y):
    """ptd_seven_point_trend, line by line (R's 1-based indexes made 0-based)."""
    if len(y) < 7:
        return [0] * len(y)
    out = [0] * 6
    for i in range(6, len(y)):
        d = [(y[i - k] > y[i - k - 1]) - (y[i - k] < y[i - k - 1]) for k in range(6)]
        out.append(1 if all(x == 1 for x in d) else -1 if all(x == -1 for x in d) else 0)
    return out


def reference_one_side(v):
    """ptd_seven_point_one_side_mean: pad with 6 zeros at the start."""
    vp = [0] * 6 + list(v)
    return [
        int(vp[i] != 0 and all(vp[i] == vp[i - k] for k in range(1, 7))) for i in range(6, len(vp))
    ]


def reference_part_of_seven(v):
    """ptd_part_of_seven_trend: pad with 6 zeros at the end."""
    vp = list(v) + [0] * 6
    return [any(abs(x) == 1 for x in vp[i : i + 7]) for i in range(len(v))]


def reference_two_in_three(v, rtm):
    """ptd_two_in_three then ptd_part_of_two_in_three: pad with two zeros either side."""
    vp, rp = [0, 0, *v, 0, 0], [0, 0, *rtm, 0, 0]
    flagged = [
        any(
            sum(vp[i + k : i + k + 3]) >= 2 and abs(sum(rp[i + k : i + k + 3])) == 3
            for k in range(3)
        )
        for i in range(len(v))
    ]
    return [f and c == 1 for f, c in zip(flagged, v, strict=True)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=-1, max_value=1), max_size=30))
def test_window_rules_match_the_reference(steps):
    """A walk of steps of -1, 0 or +1 gives trends, runs and ties often."""
    values = list(accumulate(steps))
    sides = [(v > 0) - (v < 0) for v in values]
    close = [abs(v) >= 3 for v in values]
    assert _trend_flags(values) == reference_trend(values)
    assert _run_flags(sides) == reference_one_side(sides)
    for flags in (reference_trend(values), reference_one_side(sides)):
        assert _part_of(flags) == reference_part_of_seven(flags)
    assert _two_of_three(close, sides) == reference_two_in_three([int(c) for c in close], sides)


# --- latest: the last figure's reading, the same as xmr's ----------------------------


def assert_latest_is_xmrs(values, better, target, rebase_at):
    chart = xmr(values, better=better, target=target, rebase_at=rebase_at)
    read = latest(values, better=better, target=target, rebase_at=rebase_at)
    no_values = Segment(0, 0, 0, None, None, None, None)
    assert read.segment == (chart.segments[-1] if chart.segments else no_values)
    figures = [p for p in chart.points[read.segment.start :] if p.value is not None]
    assert read.figures == tuple(p.value for p in figures)
    assert read.rule == (figures[-1].rule if figures else None)
    assert (read.variation, read.assurance) == (chart.variation, chart.assurance)
    assert (read.segment_size, read.enough_points) == (chart.segment_size, chart.enough_points)


@pytest.mark.parametrize(("values", "expected"), SERIES.values(), ids=SERIES.keys())
@pytest.mark.parametrize("better", ["higher", "lower", "neither"])
def test_latest_reads_every_rule_as_xmr_does(values, expected, better):
    for end in range(len(values) + 1):  # every rule in turn is the last figure's
        assert_latest_is_xmrs(values[:end], better, 11, ())
    assert_latest_is_xmrs([-v for v in values], better, -11, (3,))


@pytest.mark.parametrize(
    "values",
    [
        [],
        [None],
        [80] * 14,
        [5] * 8 + [9],
        [7],
        [4, 6],
        [4, 6, None, 4, None],
        RNORM_123,
        [10, 11] * 4 + [14, 14, 11.5],  # the last is above the mean but not close: common
    ],
)
def test_latest_edge_cases_as_xmr(values):
    for rebase_at in [(), (1,), (len(values) - 1,), (0, 99)]:
        assert_latest_is_xmrs(values, "higher", 5, rebase_at)


figure = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=6),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.one_of(st.integers(min_value=0, max_value=6), figure), max_size=40),
    st.sampled_from(["higher", "lower", "neither"]),
    st.one_of(st.none(), st.integers(min_value=-1, max_value=7)),
    st.lists(st.integers(min_value=-2, max_value=42), max_size=3),
)
def test_latest_is_the_last_figure_of_xmr(values, better, target, rebase_at):
    """On any series, with gaps, rebases and targets: small whole numbers give runs, trends,
    ties and points on the mean often."""
    assert_latest_is_xmrs(values, better, target, rebase_at)


def test_latest_of_a_walk_is_xmrs():
    """Walks of steps of -1, 0, +1 around a level: long trends and runs."""
    for steps in ([1] * 8, [1] * 6 + [0] + [1] * 7, [0, 1, -1] * 5 + [1] * 7, [-1] * 20):
        values = list(accumulate(steps, initial=10))
        for end in range(len(values) + 1):
            assert_latest_is_xmrs(values[:end], "higher", 12, ())


def test_latest_needs_a_known_better():
    with pytest.raises(ValueError, match="better"):
        latest([1, 2], better="up")
