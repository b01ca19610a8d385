"""Sign-in throttling: five wrong passwords for one username from one address lock that pair
out for an hour, with a page that says how long to wait and whom to ask."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

RIGHT = factories.PASSWORD
WRONG = "not-the-password"


def sign_in(client, username, password, address="127.0.0.1", url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def fail(client, username, times, address="127.0.0.1"):
    return [sign_in(client, username, WRONG, address) for _ in range(times)]


def test_four_wrong_passwords_show_the_usual_error(client, manager_user):
    responses = fail(client, "manager1", 4)

    assert [r.status_code for r in responses] == [200] * 4
    assert b"Please enter a correct username and password" in responses[-1].content
    assert b"Too many attempts" not in responses[-1].content


def test_after_five_wrong_passwords_the_right_one_is_refused_with_the_lockout_page(
    client, manager_user
):
    fifth = fail(client, "manager1", 5)[-1]
    assert fifth.status_code == 429

    response = sign_in(client, "manager1", RIGHT)

    assert response.status_code == 429
    assert signed_in_as(client) is None
    page = response.content.decode()
    assert "Too many attempts to sign in" in page
    assert "The password was wrong 5 times for <strong>manager1</strong>" in page
    assert "Wait 1 hour before you try again." in page
    assert "contact your council's performance team" in page
    assert 'class="govuk-heading-xl"' in page  # the GOV.UK page, not axes' plain text
    # Still locked on a later visit to the pages behind the sign-in.
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_the_lockout_page_says_minutes_for_a_short_cool_off(client, manager_user):
    with override_settings(AXES_COOLOFF_TIME=datetime.timedelta(minutes=30)):
        response = fail(client, "manager1", 5)[-1]

    assert response.status_code == 429
    assert "Wait 30 minutes before you try again." in response.content.decode()


def test_other_users_and_the_same_user_elsewhere_can_still_sign_in(
    client, manager_user, board_user
):
    fail(client, "manager1", 5)

    other_user = sign_in(client, "board1", RIGHT)
    assert other_user.status_code == 302
    assert signed_in_as(client) == str(board_user.pk)
    client.logout()

    same_user_other_address = sign_in(client, "manager1", RIGHT, address="10.1.2.3")
    assert same_user_other_address.status_code == 302
    assert signed_in_as(client) == str(manager_user.pk)


def test_signing_in_successfully_resets_the_count(client, manager_user):
    fail(client, "manager1", 4)
    assert sign_in(client, "manager1", RIGHT).status_code == 302
    client.logout()

    after_reset = fail(client, "manager1", 4)
    assert [r.status_code for r in after_reset] == [200] * 4  # would be 429 without the reset
    assert sign_in(client, "manager1", RIGHT).status_code == 302
    assert signed_in_as(client) == str(manager_user.pk)


def test_the_lock_lifts_after_the_cool_off_time(client, manager_user):
    from axes.models import AccessAttempt

    fail(client, "manager1", 5)
    assert sign_in(client, "manager1", RIGHT).status_code == 429

    an_hour_ago = timezone.now() - datetime.timedelta(hours=1, minutes=1)
    AccessAttempt.objects.filter(username="manager1").update(attempt_time=an_hour_ago)

    assert sign_in(client, "manager1", RIGHT).status_code == 302
    assert signed_in_as(client) == str(manager_user.pk)


def test_trying_again_during_the_lock_starts_the_wait_again(client, manager_user):
    from axes.models import AccessAttempt

    fail(client, "manager1", 5)
    nearly_an_hour_ago = timezone.now() - datetime.timedelta(minutes=59)
    AccessAttempt.objects.filter(username="manager1").update(attempt_time=nearly_an_hour_ago)

    assert sign_in(client, "manager1", RIGHT).status_code == 429

    attempt = AccessAttempt.objects.get(username="manager1")
    assert attempt.attempt_time > timezone.now() - datetime.timedelta(minutes=1)


def test_the_django_admin_sign_in_is_throttled_too(client, admin_user):
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    url = reverse("admin:login")
    for _ in range(5):
        response = sign_in(client, "admin1", WRONG, url=url)
    assert response.status_code == 429

    response = sign_in(client, "admin1", RIGHT, url=url)

    assert response.status_code == 429
    assert signed_in_as(client) is None
    assert "Too many attempts to sign in" in response.content.decode()


def test_the_wrong_passwords_are_not_stored(client, manager_user):
    from axes.models import AccessAttempt

    fail(client, "manager1", 2)

    attempt = AccessAttempt.objects.get(username="manager1")
    assert attempt.failures_since_start == 2
    assert WRONG not in attempt.post_data


def test_behind_the_proxy_the_lock_follows_the_clients_address(client, manager_user):
    """With BEHIND_HTTPS_PROXY every request comes from the proxy: the address that counts is
    the one the proxy appended to X-Forwarded-For, which a client cannot forge."""
    from config.settings import client_ip_behind_proxy

    def via_proxy(password, forwarded):
        return client.post(
            reverse("login"),
            {"username": "manager1", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    with override_settings(AXES_CLIENT_IP_CALLABLE=client_ip_behind_proxy):
        # The attacker writes a new address of their own each time; the proxy adds the real one.
        attempts = [via_proxy(WRONG, f"10.0.0.{n}, 203.0.113.5") for n in range(5)]
        locked = via_proxy(RIGHT, "203.0.113.5")
        colleague = via_proxy(RIGHT, "198.51.100.7")

    assert attempts[-1].status_code == 429
    assert locked.status_code == 429
    assert colleague.status_code == 302
    assert signed_in_as(client) == str(manager_user.pk)
