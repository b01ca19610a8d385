"""Publishing a board pack for a meeting: kept as it was sent, versions kept, listed for the
board, the same from the command line; a render that fails publishes nothing."""

import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from packs import publishing
from packs.models import PublishedPack
from tests import factories

pytestmark = pytest.mark.django_db

MEETING = "Improvement Board, 14 January 2021"


@pytest.fixture
def small_plan(plan, periods, area, other_area):
    measure = factories.make_measure(area, "Visits on time", target=90)
    for period, value in zip(
        periods, [80, 82, 85, 88, 91, 92, 90, 89, 93, 94, 95, 96], strict=True
    ):
        factories.make_actual(measure, period, value)
    factories.make_action(area, "Audit supervision", reference="1.1")
    factories.make_report(area, periods[-1], status="submitted", current_rag="green")
    return plan


def publish_form(client, plan, period, meeting=MEETING, **extra):
    data = {"period": period.pk, "meeting": meeting, "meeting_date": "2021-01-14", **extra}
    return client.post(reverse("packs:publish", args=[plan.slug]), data)


def test_an_admin_publishes_a_pack_and_the_board_downloads_it_as_sent(
    client, small_plan, periods, admin_user, board_user
):
    client.force_login(admin_user)

    response = publish_form(client, small_plan, periods[-1])

    assert response.status_code == 302
    pack = PublishedPack.objects.get()
    assert (pack.meeting, pack.period, pack.version, pack.published_by) == (
        MEETING,
        periods[-1],
        1,
        admin_user,
    )
    assert bytes(pack.pdf).startswith(b"%PDF") and pack.pdf_size == len(pack.pdf)
    assert zipfile.is_zipfile(io.BytesIO(bytes(pack.xlsx)))
    assert not pack.has_public
    client.force_login(board_user)
    listing = client.get(reverse("packs:list", args=[small_plan.slug])).content.decode()
    assert MEETING in listing and "December 2020" in listing
    assert "Publish the pack" not in listing  # board members read, admins publish
    download = client.get(pack.file_url("pdf"))
    assert download["Content-Type"] == "application/pdf"
    assert "improvement-board-14-january-2021-v1.pdf" in download["Content-Disposition"]
    assert download.content == bytes(pack.pdf)


def test_a_published_pack_does_not_change_when_the_figures_do(
    client, small_plan, periods, admin_user
):
    pack = publishing.publish(small_plan, periods[-1], meeting=MEETING, user=admin_user)
    sent = bytes(pack.pdf), bytes(pack.xlsx)
    measure = small_plan.areas.get(name="Early Help").measures.get()
    measure.actuals.filter(period=periods[-1]).update(value=10)

    client.force_login(admin_user)
    again = client.get(pack.file_url("pdf")).content, client.get(pack.file_url("xlsx")).content

    assert again == sent


def test_publishing_again_for_the_meeting_keeps_the_earlier_version_as_superseded(
    client, small_plan, periods, admin_user, board_user
):
    first = publishing.publish(small_plan, periods[-2], meeting=MEETING, user=admin_user)
    second = publishing.publish(small_plan, periods[-1], meeting=f" {MEETING} ", user=admin_user)

    first.refresh_from_db()
    assert (second.version, first.superseded_by) == (2, second)
    client.force_login(board_user)
    listing = client.get(reverse("packs:list", args=[small_plan.slug])).content.decode()
    assert "Earlier versions (1)" in listing
    assert client.get(first.file_url("pdf")).status_code == 200  # still there, as it was sent


def test_a_render_that_fails_publishes_nothing_and_keeps_the_last_good_pack(
    client, small_plan, periods, admin_user, monkeypatch
):
    good = publishing.publish(small_plan, periods[-2], meeting=MEETING, user=admin_user)

    def broken(*args, **kwargs):
        raise ValueError("no room for the chart")

    monkeypatch.setattr("packs.pdf.render_pdf", broken)
    client.force_login(admin_user)
    response = publish_form(client, small_plan, periods[-1])

    assert response.status_code == 500
    page = response.content.decode()
    assert "The pack could not be made (ValueError: no room for the chart)" in page
    assert "Nothing was published" in page
    assert list(PublishedPack.objects.all()) == [good]
    good.refresh_from_db()
    assert good.superseded_by is None


def test_a_meeting_must_be_named(client, small_plan, periods, admin_user):
    client.force_login(admin_user)

    response = publish_form(client, small_plan, periods[-1], meeting="  ")

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not PublishedPack.objects.exists()


def test_the_command_publishes_the_public_version_too_and_writes_copies(
    small_plan, periods, tmp_path, capsys
):
    call_command(
        "publish_board_pack",
        small_plan.slug,
        "--period",
        "2020-12",
        "--meeting",
        MEETING,
        "--public",
        "--out",
        str(tmp_path),
    )

    pack = PublishedPack.objects.get()
    assert pack.has_public and pack.public_xlsx_size
    printed = capsys.readouterr().out.splitlines()
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(
        [
            "improvement-board-14-january-2021-v1.pdf",
            "improvement-board-14-january-2021-v1.xlsx",
            "improvement-board-14-january-2021-v1-public.pdf",
            "improvement-board-14-january-2021-v1-public.xlsx",
        ]
    )
    assert all(str(tmp_path / name) in printed for name in written)
    assert (tmp_path / written[0]).read_bytes() in (bytes(pack.pdf), bytes(pack.public_pdf))


@pytest.mark.parametrize(
    "meeting, date_text",
    [
        ("Improvement Board, 14 January 2021", ""),  # the name says it: not twice
        ("Improvement Board", "14 January 2021"),
    ],
)
def test_the_list_gives_the_meetings_date_once(
    client, small_plan, periods, admin_user, meeting, date_text
):
    client.force_login(admin_user)
    publish_form(client, small_plan, periods[-1], meeting=meeting)

    listing = client.get(reverse("packs:list", args=[small_plan.slug])).content.decode()

    [heading] = re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>', listing)
    assert heading.count("14 January 2021") == 1
    assert PublishedPack.objects.get().meeting_date_text == date_text


def test_the_command_run_again_with_unless_published_publishes_nothing_more(
    small_plan, periods, capsys
):
    args = ["publish_board_pack", small_plan.slug, "--period", "2020-12", "--meeting", MEETING]
    call_command(*args, "--unless-published")
    first = PublishedPack.objects.get()
    capsys.readouterr()

    call_command(*args, "--unless-published")

    assert list(PublishedPack.objects.all()) == [first]
    assert "has a pack already (version 1, published" in capsys.readouterr().out
    call_command(*args)  # without it: a new version, the first kept as superseded
    first.refresh_from_db()
    assert first.superseded_by == PublishedPack.objects.get(version=2)


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-plan", "--period", "2020-12"], 'There is no plan "no-such-plan".'),
        (["test-plan", "--period", "2019-01"], "has no reporting period for January 2019"),
        (["test-plan", "--period", "Dec 2020"], "is not a month written YYYY-MM"),
    ],
)
def test_the_command_says_what_is_wrong(small_plan, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("publish_board_pack", *args, "--meeting", MEETING)
    assert not PublishedPack.objects.exists()


def test_the_boards_navigation_points_to_the_published_packs(client, small_plan, board_user):
    client.force_login(board_user)

    page = client.get(reverse("dashboard:at_a_glance", args=[small_plan.slug])).content.decode()

    assert f'href="{reverse("packs:list", args=[small_plan.slug])}"' in page
    assert ">Board packs<" in page
