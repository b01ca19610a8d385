"""Build the catalogue's data files from the DfE's published files: facts only (codes,
names, polarity, units, year types, links), never the DfE's prose.

    python -m comparators.catalogue.build --dfe ../shared/dfe

Reads LAIT's data dictionary and bulk file, its council code list and the two statistical
neighbour models, and writes indicators.csv, places.csv and neighbours.csv beside this
file. Where the DfE's open-data files carry an indicator, its `columns` say which column
(current name first, then the names older releases used) and which rows (`where`); each
mapping below was checked against LAIT's bulk file (the same figures for every council and
year both publish) before it was written here.
"""

import argparse
import csv
import gzip
import json
import re
import sys
from pathlib import Path

from comparators.rules import region_key

HERE = Path(__file__).resolve().parent
POLARITY = {"High": "higher", "Low": "lower"}
ENGLAND = "970"
LONDON, INNER_LONDON, OUTER_LONDON = "986", "987", "988"

C1 = "c1_children_in_need_referrals_and_rereferrals"
CLA = "cla_number_and_rate_per_10k_children"
CSWW = "csww_indicators"
D5 = "d5_cpps_at31march_by_duration"
B1 = "b1_children_in_need"
CARE_LEAVERS = "la_care_leavers_accommodation_suitability"
SUITABLE = {"breakdown": "Accommodation considered suitable"}


def _col(*names, where=None, file=None):
    entry = {"column": list(names)}
    if where:
        entry["where"] = where
    if file:
        entry["file"] = file
    return [entry]


def _cla(population):
    return {"population_type": f"Children {population} each year"}


# LAIT code -> where the open-data files carry it (checked against the bulk file: every
# council, region-free year both publish agrees; LAIT shows 0 where the open data's
# agency rate says "low").
OPEN_DATA = {
    "ReReferral": _col("rereferral_percent", file=C1),
    "CPP_Total_NumRef": _col("referral_count", file=C1),
    "CIN_Refferals_NFA": _col("no_further_action_percent", file=C1),
    "Referrals_AssessedNotNeed": _col("not_in_need_percent", file=C1),
    "LAC": _col("rate_per_10000", where=_cla("looked after on 31 March"), file=CLA),
    "LAC_Start_Rate": _col("rate_per_10000", where=_cla("starting to be looked after"), file=CLA),
    "LAC_Cease_Rate": _col("rate_per_10000", where=_cla("ceasing to be looked after"), file=CLA),
    "CPP_Num": _col("CPP_At31", file=D5),
    "CPPlans2yrsActive": _col("2_years_or_more_percent", file=D5),
    "Work_Force_TO_Rate": _col("turnover_rate_fte", file=CSWW),
    "Work_Force_Agecy_Rate": _col("agency_rate_fte", file=CSWW),
    "Work_Force_Vac_Rate": _col("vacancy_rate_fte", file=CSWW),
    "Work_Force_AvgNumCase_SW": _col("caseload_fte", file=CSWW),
    "Work_Force_NoSW": _col("inpost_fte", file=CSWW),
    "Work_Force_Num_CaseHeld": _col("cases", file=CSWW),
    "Social_Work_Starters": _col("starters_fte", file=CSWW),
    "Social_Work_Leavers": _col("leavers_fte", file=CSWW),
    "Work_Force_AgencyCover": _col("agency_cover_rate_fte", file=CSWW),
    "Vacancies_cover": _col("vacancy_agency_cover_rate_fte", file=CSWW),
    "CareLeaverAcc": _col(
        "care_leaver_percent",
        where={"care_leaver_age": "19 to 21 years", **SUITABLE},
        file=CARE_LEAVERS,
    ),
}

# Open-data figures LAIT has no indicator for (its CIN and CPP rates are per 10,000 and
# the open data gives counts only; its care leavers' accommodation is the 19 to 21s).
EXTRA = [
    {
        "code": "OD_CIN_At31",
        "name": "Children in need at 31 March (episodes)",
        "topic": "Children in Need",
        "polarity": "neither",
        "unit": "Number of episodes",
        "decimal_places": 0,
        "year_type": "Annual",
        "columns": _col("At31_episodes", file=B1),
    },
    {
        "code": "OD_CIN_Started",
        "name": "Children in need episodes starting in the year",
        "topic": "Children in Need",
        "polarity": "neither",
        "unit": "Number of episodes",
        "decimal_places": 0,
        "year_type": "Financial Year",
        "columns": _col("Started_episodes", file=B1),
    },
    {
        "code": "OD_CareLeaverAcc_17_18",
        "name": "Care leavers aged 17 to 18 in suitable accommodation (%)",
        "topic": "Children Looked After",
        "polarity": "higher",
        "unit": "% of leavers",
        "decimal_places": 0,
        "year_type": "Financial Year",
        "columns": _col(
            "care_leaver_percent",
            where={"care_leaver_age": "17 to 18 years", **SUITABLE},
            file=CARE_LEAVERS,
        ),
    },
]

INDICATOR_FIELDS = [
    "code",
    "lait_number",
    "name",
    "topic",
    "polarity",
    "unit",
    "decimal_places",
    "year_type",
    "source_url",
    "quartiles",
    "columns",
]


def _na(text):
    text = (text or "").strip()
    return "" if text in ("NA", "-") else text


def _first_url(text):
    match = re.search(r"https?://[^\s,;\"']+", text or "")
    return match.group(0).rstrip(".)") if match else ""


def _read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        yield from csv.reader(handle)


def _read_dicts(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def build_indicators(dfe, say):
    rows = _read_dicts(dfe / "lait" / "lait_data_dictionary.csv")
    indicators, seen = [], set()
    for row in rows:
        code = row["Measure_short"].strip()
        if code in seen:
            say(f"  {code} appears twice in LAIT's catalogue: kept the first")
            continue
        seen.add(code)
        number = _na(row["Measure_code"])
        indicators.append(
            {
                "code": code,
                "lait_number": int(number) if number.isdigit() else "",
                "name": row["Measure"].strip(),
                "topic": row["Topic"].strip(),
                "polarity": POLARITY.get(row["Polarity"].strip(), "neither"),
                "unit": _na(row["y_axis_name"]),
                "decimal_places": _na(row["dps"]),
                "year_type": _na(row["Year_Type"]),
                "source_url": _first_url(row["Hyperlink(s)"]),
                "quartiles": row["No_Quartile"].strip() != "N",
                "columns": OPEN_DATA.get(code, []),
            }
        )
    missing = set(OPEN_DATA) - seen
    if missing:
        raise SystemExit(f"Open-data mappings for codes LAIT does not have: {sorted(missing)}")
    for extra in EXTRA:
        indicators.append({"lait_number": "", "source_url": "", "quartiles": True, **extra})
    return indicators


def build_places(dfe):
    """{code: {name, level, region name}} from every source, the first source to name a
    place winning (the council code list, then the bulk file, then the two models)."""
    import openpyxl

    places = {}

    def add(code, name, region=""):
        code = str(code).strip()
        if not code.isdigit() or len(code) != 3:
            return
        place = places.setdefault(code, {"name": name.strip(), "region": ""})
        if not place["region"] and _na(region):
            place["region"] = region.strip()

    book = openpyxl.load_workbook(dfe / "lait" / "la_code_list.xlsx", read_only=True)
    for number, name, region, _kind in list(book.worksheets[0].iter_rows(values_only=True))[1:]:
        add(number, str(name), str(region or ""))
    book.close()
    with gzip.open(dfe / "lait" / "lait_bulk_long.csv.gz", "rt", encoding="utf-8-sig") as bulk:
        for row in csv.DictReader(bulk):
            add(row["LA Number"], row["LA and Regions"], row["Region"])
    for row in _read_dicts(dfe / "sn_model_2025_wide.csv"):
        add(row["old_la_code"], row["la_name"], row["region_name"])
    for row in list(_read_csv(dfe / "New_Statistical_Neighbour_Groupings_April_2021.csv"))[1:]:
        add(row[0], row[1], row[4])
    add(ENGLAND, "England")

    regions = {region_key(p["name"]): code for code, p in places.items() if "980" <= code <= "990"}
    out = []
    for code, place in sorted(places.items()):
        if code == ENGLAND:
            level, region = "england", ""
        elif "980" <= code <= "990":
            level, region = "region", LONDON if code in (INNER_LONDON, OUTER_LONDON) else ""
        else:
            level = "council"
            region = regions.get(region_key(place["region"]), "")
            if not region:
                raise SystemExit(f"{code} {place['name']}: no region ({place['region']!r})")
        out.append({"code": code, "name": place["name"], "level": level, "region": region})
    return out


def build_neighbours(dfe):
    out = []
    for row in _read_dicts(dfe / "sn_model_2025_wide.csv"):
        for n in range(1, 11):
            out.append(
                {
                    "model": "2025-05",
                    "council": row["old_la_code"].strip(),
                    "position": n,
                    "neighbour": row[f"SN_{n}"].strip(),
                    "closeness": row[f"SN_{n}P"].strip(),
                }
            )
    # The April 2021 file repeats "SNP" in its header: read its columns by position.
    for row in list(_read_csv(dfe / "New_Statistical_Neighbour_Groupings_April_2021.csv"))[1:]:
        if not row or not row[0].strip():
            continue
        for n in range(1, 11):
            neighbour, closeness = row[3 + 2 * n], row[4 + 2 * n]
            out.append(
                {
                    "model": "2021-04",
                    "council": row[0].strip(),
                    "position": n,
                    "neighbour": neighbour.strip(),
                    "closeness": closeness.strip(),
                }
            )
    return out


def _write(path, fields, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def main(argv=None):
    default = next(
        (p for p in (Path("/work/shared/dfe"), Path("../shared/dfe")) if p.is_dir()),
        Path("../shared/dfe"),
    )
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dfe", type=Path, default=default, help="the DfE files' folder")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    say = print
    say(f"Reading {args.dfe}")
    indicators = build_indicators(args.dfe, say)
    for row in indicators:
        row["columns"] = json.dumps(row["columns"]) if row["columns"] else "[]"
    places = build_places(args.dfe)
    neighbours = build_neighbours(args.dfe)
    codes = {p["code"] for p in places}
    unknown = {n["neighbour"] for n in neighbours} - codes
    if unknown:
        raise SystemExit(f"Neighbours not among the places: {sorted(unknown)}")
    _write(args.out / "indicators.csv", INDICATOR_FIELDS, indicators)
    _write(args.out / "places.csv", ["code", "name", "level", "region"], places)
    _write(
        args.out / "neighbours.csv",
        ["model", "council", "position", "neighbour", "closeness"],
        neighbours,
    )
    mapped = sum(1 for row in indicators if row["columns"] != "[]")
    say(
        f"Wrote {len(indicators)} indicators ({mapped} found in the open data), "
        f"{len(places)} places, {len(neighbours)} neighbours to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
