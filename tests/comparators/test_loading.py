"""Loading published figures: real DfE files (slices kept in files/), the command and the
upload page."""

import gzip
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from comparators.loading import LoadError, load_files
from comparators.models import FigureChange, Load, PublishedFigure
from tests import factories

pytestmark = pytest.mark.django_db

C1 = "c1_referrals_2024_2025.csv"
CLA = "cla_rates_2025.csv"
BULK = "lait_bulk_slice.csv"


def figure(code, place, year):
    return PublishedFigure.objects.get(indicator__code=code, place__code=place, year=year)


def as_gzip(files, tmp_path, name=BULK):
    path = tmp_path / f"{name}.gz"
    path.write_bytes(gzip.compress((files / name).read_bytes()))
    return path


def rewrite(files, tmp_path, name, change, encoding="utf-8"):
    text = (files / name).read_text(encoding="utf-8-sig")
    path = tmp_path / name
    path.write_text(change(text), encoding=encoding)
    return path


def test_open_data_loads_southamptons_rereferrals(catalogue, files):
    report = load_files([files / C1])
    assert figure("ReReferral", "852", "2025").value == Decimal("20.2")
    first = report.files[0]
    assert first.kind == "open data" and first.rows_read == 331
    assert first.added == PublishedFigure.objects.count() > 0
    load = Load.objects.get()
    assert load.file_name == C1 and len(load.sha256) == 64 and load.added == first.added


def test_regions_and_england_are_loaded_by_name(catalogue, files):
    load_files([files / CLA])
    assert figure("LAC", "970", "2025").value == 67
    assert figure("LAC", "987", "2025").value is not None  # "Inner London"
    assert figure("LAC", "982", "2025").value is not None  # "Yorkshire and The Humber"


def test_symbols_are_never_numbers(catalogue, files):
    load_files([files / C1])
    hackney = figure("ReReferral", "204", "2022")
    assert (hackney.value, hackney.symbol) == (None, "x")
    suppressed = figure("CIN_Refferals_NFA", "392", "2025")  # North Tyneside: "c"
    assert (suppressed.value, suppressed.symbol) == (None, "c")


def test_the_bulk_file_gzipped_loads_the_same_figures(catalogue, files, tmp_path):
    report = load_files([as_gzip(files, tmp_path)])
    assert figure("ReReferral", "852", "2025").value == Decimal("20.2")
    assert figure("LAC", "970", "2025").value == 67
    dash = PublishedFigure.objects.filter(symbol="-").first()
    assert dash.value is None
    assert report.files[0].kind == "LAIT bulk file"
    assert report.files[0].warnings == [
        '170 rows of CINPermExclusion with year label "0" and no figure were left out'
    ]


def test_both_sources_key_the_same_year(catalogue, files, tmp_path):
    load_files([files / C1])
    report = load_files([files / BULK])
    rereferrals = PublishedFigure.objects.filter(indicator__code="ReReferral", year="2025")
    assert rereferrals.filter(place__code="852").count() == 1
    assert report.files[0].unchanged > 0


def test_float_artefacts_store_as_the_published_figure(catalogue, files, tmp_path):
    path = rewrite(
        files, tmp_path, BULK, lambda t: t.replace(",20.2,852,", ",20.200000000000001,852,")
    )
    load_files([path])
    assert str(figure("ReReferral", "852", "2025").value) == "20.200000"


def test_columns_in_another_order_with_or_without_a_bom(catalogue, files, tmp_path):
    def reorder(text):
        lines = [line.split(",") for line in text.splitlines()]
        return "\n".join(",".join(reversed(cells)) for cells in lines) + "\n"

    for encoding in ("utf-8", "utf-8-sig"):
        PublishedFigure.objects.all().delete()
        path = rewrite(files, tmp_path, CLA, reorder, encoding=encoding)
        load_files([path])
        assert figure("LAC", "970", "2025").value == 67


def test_a_renamed_column_listed_in_the_catalogue_loads(catalogue, files, tmp_path):
    from comparators.models import Indicator

    indicator = Indicator.objects.get(code="ReReferral")
    indicator.columns = [{"column": ["rereferral_percent", "rereferrals_pct"]}]
    indicator.save()
    path = rewrite(
        files, tmp_path, C1, lambda t: t.replace("rereferral_percent", "rereferrals_pct")
    )
    load_files([path])
    assert figure("ReReferral", "852", "2025").value == Decimal("20.2")


def test_a_missing_column_is_named(catalogue, files, tmp_path):
    path = rewrite(files, tmp_path, CLA, lambda t: t.replace("population_type", "population"))
    with pytest.raises(LoadError, match="lacks the column 'population_type'"):
        load_files([path])
    path = rewrite(files, tmp_path, BULK, lambda t: t.replace("Values", "Value", 1))
    with pytest.raises(LoadError, match="is not a file of published figures"):
        load_files([path])


def test_a_file_of_another_kind_is_refused(catalogue, files, tmp_path):
    path = tmp_path / "neighbours.csv"
    path.write_text("old_la_code,SN_1\n852,331\n")
    with pytest.raises(LoadError, match="neighbours.csv is not a file of published figures"):
        load_files([path])
    binary = tmp_path / "book.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    with pytest.raises(LoadError, match="book.xlsx"):
        load_files([binary])


def test_loading_twice_changes_nothing(catalogue, files):
    load_files([files / C1, files / CLA])
    count = PublishedFigure.objects.count()
    again = load_files([files / C1, files / CLA])
    assert (again.added, again.replaced) == (0, 0)
    assert again.unchanged == count == PublishedFigure.objects.count()
    assert not FigureChange.objects.exists()


def test_a_newer_release_replaces_a_figure_and_says_so(catalogue, files, tmp_path):
    load_files([files / BULK])
    path = rewrite(files, tmp_path, BULK, lambda t: t.replace(",20.2,852,", ",19.9,852,"))
    report = load_files([path])
    assert (report.added, report.replaced) == (0, 1)
    change = FigureChange.objects.get()
    assert (change.old_value, change.new_value) == (Decimal("20.2"), Decimal("19.9"))
    assert change.load_id == report.files[0].load_id
    assert figure("ReReferral", "852", "2025").value == Decimal("19.9")


def test_a_truncated_gzip_is_named_and_nothing_is_written(catalogue, files, tmp_path):
    whole = as_gzip(files, tmp_path).read_bytes()
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(LoadError, match=r"cut.csv.gz: the compressed file is cut short"):
        load_files([files / C1, cut])
    assert not PublishedFigure.objects.exists() and not Load.objects.exists()


def test_an_unknown_la_code_names_file_row_and_column(catalogue, files, tmp_path):
    path = rewrite(files, tmp_path, BULK, lambda t: t.replace(",852,South East", ",999,South East"))
    with pytest.raises(LoadError) as error:
        load_files([path])
    row = next(
        n for n, line in enumerate((files / BULK).read_text().splitlines(), 1) if ",852," in line
    )
    assert str(error.value).startswith(f"{BULK}, row {row}, column 'LA Number': \"999\"")
    assert not PublishedFigure.objects.exists()


def test_an_unreadable_year_with_a_figure_is_an_error(catalogue, files, tmp_path):
    path = rewrite(
        files, tmp_path, BULK, lambda t: t.replace(",2025,Southampton,", ",next,Southampton,")
    )
    with pytest.raises(LoadError, match="column 'Years': \"next\" is not a year"):
        load_files([path])


def test_a_value_that_is_neither_number_nor_symbol_is_an_error(catalogue, files, tmp_path):
    path = rewrite(files, tmp_path, BULK, lambda t: t.replace(",20.2,852,", ",n/a,852,"))
    with pytest.raises(LoadError, match="column 'Values': 'n/a' is neither a number"):
        load_files([path])


def test_uploaded_files_load_like_paths(catalogue, files):
    upload = SimpleUploadedFile(C1, (files / C1).read_bytes())
    load_files([upload])
    assert figure("ReReferral", "852", "2025").value == Decimal("20.2")


# The command --------------------------------------------------------------------------


def test_the_command_says_what_it_loaded(catalogue, files):
    out = io.StringIO()
    call_command("load_comparators", str(files / C1), stdout=out)
    assert f"{C1} (open data): 331 rows read" in out.getvalue()


def test_the_command_exits_2_on_a_bad_file(catalogue, tmp_path):
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(gzip.compress(b"Short Desc,Years,Values,LA Number\n" * 100)[:30])
    with pytest.raises(CommandError) as error:
        call_command("load_comparators", str(path))
    assert error.value.returncode == 2 and "cut.csv.gz" in str(error.value)


# The upload page ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client, plan, catalogue):
    client.force_login(factories.make_admin("uploader", plans=[plan]))
    return client


def test_an_admin_uploads_and_sees_the_report(admin_client, files):
    response = admin_client.post(
        reverse("comparators:upload"),
        {"files": [SimpleUploadedFile(C1, (files / C1).read_bytes())]},
    )
    assert response.status_code == 200
    assert b"331 rows read" in response.content
    assert figure("ReReferral", "852", "2025").value == Decimal("20.2")
    assert Load.objects.get().loaded_by.username == "uploader"
    assert admin_client.get(reverse("comparators:upload")).status_code == 200


def test_a_bad_upload_shows_the_error_and_writes_nothing(admin_client, files):
    bad = SimpleUploadedFile("cut.csv.gz", gzip.compress((files / C1).read_bytes())[:500])
    response = admin_client.post(reverse("comparators:upload"), {"files": [bad]})
    assert response.status_code == 400
    assert b"cut.csv.gz: the compressed file is cut short" in response.content
    assert not PublishedFigure.objects.exists()


def test_the_load_page_lists_what_it_replaced(admin_client, files, tmp_path):
    load_files([files / BULK])
    path = rewrite(files, tmp_path, BULK, lambda t: t.replace(",20.2,852,", ",19.9,852,"))
    load = Load.objects.get(pk=load_files([path]).files[0].load_id)
    response = admin_client.get(reverse("comparators:load_detail", args=[load.pk]))
    assert b"Southampton" in response.content and b"20.2" in response.content
    assert b"19.9" in response.content


@pytest.mark.parametrize("who", ["board", "manager"])
def test_board_members_and_managers_may_not_upload(client, plan, area, catalogue, who):
    user = (
        factories.make_board_member("b", plans=[plan])
        if who == "board"
        else factories.make_manager("m", areas=[area])
    )
    client.force_login(user)
    assert client.get(reverse("comparators:upload")).status_code == 403
    assert client.post(reverse("comparators:upload")).status_code == 403


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get(reverse("comparators:upload"))
    assert response.status_code == 302 and "login" in response["Location"]
