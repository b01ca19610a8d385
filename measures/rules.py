"""RAG, trend and value rules for measures.

Plain functions with no Django imports, so they can be tested without a database.
Numbers are handled as Decimal; int, float and str inputs are converted with
Decimal(str(x)). Wherever an enum is accepted its plain string value is accepted too.
RANGE without an upper bound is treated as HIGHER everywhere (target is the lower bound).
The ratings themselves (RAG, Trend) and the action rules are in `improvement/rules.py`.
"""

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from improvement.rules import RAG, Labelled, Trend, as_rag
from improvement.rules import member as _member

DEFAULT_TOLERANCE_PCT = Decimal("5")  # amber tolerance: % of the target


class Direction(Labelled):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    RANGE = "range"  # within [target, target_upper] is best
    MONITOR = "monitor"  # monitor only: no RAG


class Unit(Labelled):
    PERCENT = "percent"  # 0..100
    COUNT = "count"  # whole, not negative
    RATE = "rate"  # e.g. per 10,000 children aged 0-17, not negative
    DAYS = "days"
    RATIO = "ratio"
    SCORE = "score"


class Frequency(Labelled):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


def _dec(value) -> Decimal | None:
    """None stays None; anything else becomes a finite Decimal or raises ValueError."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"Not a number: {value!r}")
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"Not a number: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"Not a finite number: {value!r}")
    return result


def _bounds(target: Decimal, target_upper: Decimal | None) -> tuple[Decimal, Decimal | None]:
    """(lower, upper) of a range, swapped if given the wrong way round."""
    if target_upper is not None and target_upper < target:
        return target_upper, target
    return target, target_upper


def _effective_direction(direction, target, target_upper) -> Direction:
    direction = _member(Direction, direction)
    if direction is Direction.RANGE and target_upper is None:
        return Direction.HIGHER
    return direction


def target_in_force(targets, on: date):
    """The target with the latest effective_from <= on (last one wins a tie), or None.

    Items are objects with effective_from, value, upper attributes, or 3-tuples.
    """
    best, best_from = None, None
    for item in targets:
        effective_from = item.effective_from if hasattr(item, "effective_from") else item[0]
        if effective_from <= on and (best_from is None or effective_from >= best_from):
            best, best_from = item, effective_from
    return best


def next_target(targets, on: date):
    """The first target that comes into force after `on` (earliest effective_from), or None:
    a long-term target ("200 by 2023") before its date, or the next step of a trajectory."""
    best, best_from = None, None
    for item in targets:
        effective_from = item.effective_from if hasattr(item, "effective_from") else item[0]
        if effective_from > on and (best_from is None or effective_from < best_from):
            best, best_from = item, effective_from
    return best


def measure_rag(
    actual,
    *,
    direction: Direction | str,
    target=None,
    target_upper=None,
    tolerance_pct=None,
    strict: bool = False,
) -> RAG:
    """RAG for a measure's actual against its target (see DESIGN.md).

    A strict target ("above 95%", "below 20") is met only by a figure better than it; for a
    range both bounds are then outside it. Otherwise an equal figure meets it ("95% or
    more"). A figure that does not meet the target is Amber within the tolerance, else Red.
    """
    actual, target, target_upper = _dec(actual), _dec(target), _dec(target_upper)
    tolerance = DEFAULT_TOLERANCE_PCT if tolerance_pct is None else _dec(tolerance_pct)
    if tolerance < 0:
        raise ValueError("Tolerance cannot be negative.")
    direction = _member(Direction, direction)
    if actual is None:
        return RAG.NO_DATA
    if direction is Direction.MONITOR or target is None:
        return RAG.NOT_RATED
    direction = _effective_direction(direction, target, target_upper)

    def short_of(bound: Decimal, shortfall: Decimal) -> RAG:
        allowance = abs(bound) * tolerance / 100
        return RAG.AMBER if allowance > 0 and shortfall <= allowance else RAG.RED

    if direction is Direction.HIGHER:
        low, high = target, None
    elif direction is Direction.LOWER:
        low, high = None, target
    else:
        low, high = _bounds(target, target_upper)
    if low is not None and (actual < low or (strict and actual == low)):
        return short_of(low, low - actual)
    if high is not None and (actual > high or (strict and actual == high)):
        return short_of(high, actual - high)
    return RAG.GREEN


def _range_distance(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low - value, value - high, Decimal(0))


def trend(
    current,
    previous,
    *,
    direction: Direction | str,
    target=None,
    target_upper=None,
) -> Trend:
    """Change against the previous period, judged by the measure's direction."""
    current, previous = _dec(current), _dec(previous)
    target, target_upper = _dec(target), _dec(target_upper)
    direction = _member(Direction, direction)
    if current is None or previous is None:
        return Trend.NO_DATA
    if direction is Direction.RANGE and target is None:
        direction = Direction.MONITOR
    direction = _effective_direction(direction, target, target_upper)

    if direction is Direction.RANGE:
        low, high = _bounds(target, target_upper)
        # Improvement is a shrinking distance to the range.
        change = _range_distance(previous, low, high) - _range_distance(current, low, high)
    else:
        change = current - previous
        if direction is Direction.LOWER:
            change = -change
    if change == 0:
        return Trend.NO_CHANGE
    if direction is Direction.MONITOR:
        return Trend.UP if change > 0 else Trend.DOWN
    return Trend.IMPROVING if change > 0 else Trend.WORSENING


def gap_to_target(actual, *, direction, target, target_upper=None) -> Decimal | None:
    """Signed distance from the target (for a range, from the nearest bound; 0 inside)."""
    actual, target, target_upper = _dec(actual), _dec(target), _dec(target_upper)
    direction = _member(Direction, direction)
    if actual is None or target is None or direction is Direction.MONITOR:
        return None
    if _effective_direction(direction, target, target_upper) is Direction.RANGE:
        low, high = _bounds(target, target_upper)
        if actual < low:
            return actual - low
        if actual > high:
            return actual - high
        return Decimal(0)
    return actual - target


def decimal_places_of(value) -> int:
    """How many decimals a figure has once trailing zeros go: 79.50 -> 1, 80.0000 -> 0."""
    exponent = _dec(value).normalize().as_tuple().exponent
    return max(0, -exponent)


def _number(value: Decimal, decimal_places: int | None = None) -> str:
    """A figure with the decimals it has (79.5 -> "79.5", 80.0000 -> "80"), never padded.

    A figure as entered is never rounded: it cannot have more decimals than its measure
    allows (validate_value refuses them; measures migration 0004 raised the places of
    measures whose saved figures had more). Only a value worked out from figures, such as a
    month of a trajectory, can have more; it is rounded half up to `decimal_places`.
    """
    if decimal_places is not None and decimal_places_of(value) > decimal_places:
        value = value.quantize(Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP)
    if value == 0:
        return "0"  # not "-0" or "0E-4"
    return f"{value.normalize():f}"


def usual_decimal_places(unit: Unit | str) -> int:
    """The decimal places a measure of this unit is recorded to when nothing says otherwise:
    whole numbers for a count, one place for the rest (as rates and percentages are
    published)."""
    return 0 if _member(Unit, unit) is Unit.COUNT else 1


def figure_text(value) -> str:
    """A figure alone, as entered and without its unit: Decimal("79.5000") -> "79.5"."""
    return _number(_dec(value))


def describe_gap(
    actual,
    *,
    direction,
    target,
    unit: Unit | str,
    target_upper=None,
    noun: str = "",
    strict: bool = False,
) -> str:
    """Gap as words, e.g. "14.5 percentage points below target". Above/below is about the
    value. The gap is worked out from the exact figures and shown as they are (_number). A
    figure equal to a strict target has not met it: the words say so."""
    gap = gap_to_target(actual, direction=direction, target=target, target_upper=target_upper)
    if gap is None:
        return ""
    is_range = _effective_direction(direction, target, target_upper) is Direction.RANGE
    if gap == 0:
        return _words_at_target(actual, direction, target, target_upper, strict=strict)
    where = ("above" if gap > 0 else "below") + (" target range" if is_range else " target")
    return f"{amount_words(gap, unit, noun)} {where}"


def amount_words(gap, unit: Unit | str, noun: str = "") -> str:
    """A distance as words in the measure's unit, e.g. "14.5 percentage points", "3 days",
    "1 child" (the sign is dropped: the caller says which way)."""
    amount = _number(abs(_dec(gap)))
    unit = _member(Unit, unit)
    if unit is Unit.PERCENT:
        what = "percentage point" if amount == "1" else "percentage points"
    elif unit is Unit.DAYS:
        what = "day" if amount == "1" else "days"
    elif unit is Unit.RATE:
        what = noun.strip() or "per 10,000"
    elif unit is Unit.COUNT:
        what = noun.strip() if amount != "1" else singular(noun.strip())
    else:
        what = ""
    return " ".join(part for part in (amount, what) if part)


def comparator_year(year) -> str:
    """A comparator's year as pages show it: the source's, or "year not stated" (never one
    made up)."""
    return "year not stated" if year is None else str(year)


_IRREGULAR_SINGULARS = {"children": "child", "people": "person", "men": "man", "women": "woman"}
_QUALIFIERS = {"per", "a", "an", "in", "of", "on", "at", "with", "aged", "under", "over", "for"}


def singular(noun: str) -> str:
    """A count's noun for one of them: "adoptions per month" -> "adoption per month",
    "foster carers" -> "foster carer", "children per social worker" -> "child per social
    worker". The noun's last word before any qualifier ("per", "in", "aged") is the one
    made singular."""
    words = noun.split()
    head = next((i for i, w in enumerate(words) if w.lower() in _QUALIFIERS), len(words)) - 1
    if head < 0:
        return noun
    word = words[head]
    lower = word.lower()
    if lower in _IRREGULAR_SINGULARS:
        one = _IRREGULAR_SINGULARS[lower]
        word = one.capitalize() if word[0].isupper() else one
    elif lower.endswith("ies") and len(lower) > 4:
        word = word[:-3] + "y"
    elif lower.endswith("s") and not lower.endswith("ss"):
        word = word[:-1]
    return " ".join([*words[:head], word, *words[head + 1 :]])


def _words_at_target(actual, direction, target, target_upper, *, strict) -> str:
    """describe_gap's words for a figure with no gap: inside a range, on its edge or on the
    target itself (met unless the target is strict)."""
    direction = _effective_direction(direction, target, target_upper)
    if direction is Direction.RANGE:
        low, high = _bounds(_dec(target), _dec(target_upper))
        if strict and _dec(actual) in (low, high):
            return "At the edge of the target range; needs to be inside it"
        return "Within target range"
    if not strict:
        return "On target"
    if direction is Direction.LOWER:
        return "At target; needs to be below it"
    return "At target; needs to be above it"


_NEGATIVE_MESSAGES = {
    Unit.RATE: "A rate cannot be negative.",
    Unit.DAYS: "A number of days cannot be negative.",
    Unit.RATIO: "A ratio cannot be negative.",
}


def _places_words(places: int) -> str:
    return f"{places} decimal place" if places == 1 else f"{places} decimal places"


def validate_value(value, unit: Unit | str, decimal_places: int | None = None) -> list[str]:
    """Messages for a value that breaks its unit's rules, or has more decimals than its
    measure is recorded to (`decimal_places`, when given) ([] when fine or None)."""
    value, unit = _dec(value), _member(Unit, unit)
    if value is None:
        return []
    messages = []
    places = decimal_places_of(value)
    if decimal_places is not None and places > decimal_places and unit is not Unit.COUNT:
        recorded = "whole numbers" if decimal_places == 0 else _places_words(decimal_places)
        messages.append(
            f"{_number(value)} has {_places_words(places)}: this measure is recorded to {recorded}."
        )
    if unit is Unit.PERCENT and not 0 <= value <= 100:
        messages.append("A percentage must be between 0 and 100.")
    if unit is Unit.COUNT:
        if value != value.to_integral_value():
            messages.append("A count must be a whole number.")
        if value < 0:
            messages.append("A count cannot be negative.")
    if unit in _NEGATIVE_MESSAGES and value < 0:
        messages.append(_NEGATIVE_MESSAGES[unit])
    return messages


def format_value(value, unit: Unit | str, decimal_places: int | None = None) -> str:
    """Display text for a figure as entered, e.g. "93%", "79.5%", "512", "14 days"; None ->
    "No data". Never padded or rounded (see _number; `decimal_places` is the measure's)."""
    value, unit = _dec(value), _member(Unit, unit)
    if value is None:
        return "No data"
    if decimal_places is None or type(decimal_places) is int:
        return _format_number(value, unit, decimal_places)
    return _format_number.__wrapped__(value, unit, decimal_places)


@lru_cache(maxsize=4096)  # a board pack formats the same few thousand numbers many times
def _format_number(value: Decimal, unit: Unit, decimal_places: int | None) -> str:
    """format_value for a Decimal; equal Decimals (26.8, 26.8000) give the same text."""
    text = _number(value, decimal_places)
    if unit is Unit.PERCENT:
        return f"{text}%"
    if unit is Unit.DAYS:
        return f"{text} day" if text == "1" else f"{text} days"
    return text


# Targets in words ----------------------------------------------------------------------

_FEWER_UNITS = (Unit.COUNT, Unit.DAYS)  # "20 or fewer" children; "20% or less"


def target_words(
    value,
    *,
    direction: Direction | str,
    unit: Unit | str,
    upper=None,
    strict: bool = False,
    decimal_places: int = 1,
) -> str:
    """A target as the board reads it, saying whether an equal figure meets it: "above 95%"
    (strict) or "95% or more"; "below 20" or "20 or fewer"; "above 10 and below 20" (strict)
    or "10 to 20". "No target" when there is none."""
    value, upper = _dec(value), _dec(upper)
    if value is None:
        return "No target"
    unit = _member(Unit, unit)
    direction = _effective_direction(direction, value, upper)

    def text(number):
        return format_value(number, unit, decimal_places)

    if direction is Direction.RANGE:
        low, high = _bounds(value, upper)
        if strict:
            return f"above {text(low)} and below {text(high)}"
        return f"{text(low)} to {text(high)}"
    if direction is Direction.HIGHER:
        return f"above {text(value)}" if strict else f"{text(value)} or more"
    if direction is Direction.LOWER:
        if strict:
            return f"below {text(value)}"
        return f"{text(value)} or {'fewer' if unit in _FEWER_UNITS else 'less'}"
    return text(value)  # monitor only: a figure to watch, not a test


_EQUAL_MEETS = re.compile(
    r"\bor (more|above|higher|greater|over|less|below|lower|fewer|under)\b|\bat (least|most)\b"
    r"|\bno (more|less|fewer) than\b|\bminimum\b|\bmaximum\b|[≥≤]|>=|<=",
    re.IGNORECASE,
)
_BETTER_ONLY = re.compile(
    r"\b(above|over|exceed\w*|more than|greater than|higher than|below|under|less than"
    r"|fewer than|lower than)\b|[<>]",
    re.IGNORECASE,
)


def strict_from_words(text: str) -> bool | None:
    """Whether a target as written is strict: "above 95%", "more than 90", "below 20" are;
    "95% or more", "at least 90", "20 or fewer" are not; None when the words do not say
    (a bare "95%")."""
    text = text or ""
    if _EQUAL_MEETS.search(text):
        return False
    if _BETTER_ONLY.search(text):
        return True
    return None


def later_target_words(words: str, effective_from: date) -> str:
    """A target not yet in force, e.g. "Target of 200 or more from April 2023"."""
    return f"Target of {words} from {effective_from:%B %Y}"


# What the board reads as a change ---------------------------------------------------------

RATED = (RAG.RED, RAG.AMBER, RAG.GREEN)  # the ratings a figure against a target gets


def rag_moved(before, now) -> bool:
    """A measure's RAG changed: both periods rated (Red, Amber or Green) and different. A
    figure not in yet is not a change ("Green -> No data" is a figure awaited)."""
    before, now = as_rag(before), as_rag(now)
    return before in RATED and now in RATED and before is not now


# What a monthly return must hold ----------------------------------------------------------


def is_due(frequency: Frequency | str) -> bool:
    """Whether a measure needs a figure (or a reason for none) every month: monthly ones do;
    quarterly and annual ones are entered when available."""
    return _member(Frequency, frequency) is Frequency.MONTHLY


def figure_is_missing(value, missing_reason: str) -> bool:
    """A figure with no value and no reason given for its absence."""
    return value is None and not (missing_reason or "").strip()


def commentary_required(rag: RAG | str) -> bool:
    """A Red figure entered by hand needs commentary saying why and what is being done."""
    return _member(RAG, rag) is RAG.RED


def awaiting_figure(value, missing_reason: str, frequency: Frequency | str) -> bool:
    """A figure the period is still waiting for: a monthly measure with no value and no
    reason given for its absence."""
    return is_due(frequency) and figure_is_missing(value, missing_reason)
