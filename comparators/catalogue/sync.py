"""Load the catalogue's data files (indicators, places, neighbours) into the database:
an idempotent upsert in a few bulk queries, safe with a migration's historical app
registry (`apps`) and with the live one."""

import csv
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rows(name):
    with open(HERE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _indicator(row):
    return {
        "lait_number": int(row["lait_number"]) if row["lait_number"] else None,
        "name": row["name"],
        "topic": row["topic"],
        "polarity": row["polarity"],
        "unit": row["unit"],
        "decimal_places": int(row["decimal_places"]) if row["decimal_places"] else None,
        "year_type": row["year_type"],
        "source_url": row["source_url"],
        "quartiles": row["quartiles"] == "True",
        "columns": json.loads(row["columns"] or "[]"),
    }


def _upsert(Model, key, wanted):
    """Create the missing rows and update those that differ: {key value: {field: value}}."""
    existing = {getattr(obj, key): obj for obj in Model.objects.all()}
    new, changed, fields = [], [], set()
    for code, values in wanted.items():
        obj = existing.get(code)
        if obj is None:
            new.append(Model(**{key: code}, **values))
            continue
        differs = [f for f, v in values.items() if getattr(obj, f) != v]
        if differs:
            for field in differs:
                setattr(obj, field, values[field])
            fields.update(differs)
            changed.append(obj)
    Model.objects.bulk_create(new, batch_size=1000)
    if changed:
        Model.objects.bulk_update(changed, sorted(fields), batch_size=1000)
    return len(new), len(changed)


def sync_catalogue(apps=None):
    """Make the database's catalogue match the data files; returns what it changed."""
    if apps is None:
        from django.apps import apps
    Indicator = apps.get_model("comparators", "Indicator")
    Place = apps.get_model("comparators", "Place")
    Neighbour = apps.get_model("comparators", "Neighbour")

    report = {}
    report["indicators"] = _upsert(
        Indicator, "code", {row["code"]: _indicator(row) for row in _rows("indicators.csv")}
    )
    places = _rows("places.csv")
    # Places first without their region (a region may come after its members), then regions.
    added, _ = _upsert(
        Place,
        "code",
        {row["code"]: {"name": row["name"], "level": row["level"]} for row in places},
    )
    ids = dict(Place.objects.values_list("code", "id"))
    _, changed = _upsert(
        Place,
        "code",
        {
            row["code"]: {
                "name": row["name"],
                "level": row["level"],
                "region_id": ids[row["region"]] if row["region"] else None,
            }
            for row in places
        },
    )
    report["places"] = (added, changed)

    wanted = {
        (row["model"], ids[row["council"]], int(row["position"])): (
            ids[row["neighbour"]],
            row["closeness"],
        )
        for row in _rows("neighbours.csv")
    }
    existing = {(n.model, n.council_id, n.position): n for n in Neighbour.objects.all()}
    new, changed = [], []
    for key, (neighbour_id, closeness) in wanted.items():
        obj = existing.get(key)
        if obj is None:
            model, council_id, position = key
            new.append(
                Neighbour(
                    model=model,
                    council_id=council_id,
                    position=position,
                    neighbour_id=neighbour_id,
                    closeness=closeness,
                )
            )
        elif (obj.neighbour_id, obj.closeness) != (neighbour_id, closeness):
            obj.neighbour_id, obj.closeness = neighbour_id, closeness
            changed.append(obj)
    Neighbour.objects.bulk_create(new, batch_size=1000)
    Neighbour.objects.bulk_update(changed, ["neighbour", "closeness"], batch_size=1000)
    report["neighbours"] = (len(new), len(changed))
    return report
