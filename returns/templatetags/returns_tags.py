"""Small template filters for the monthly returns pages."""

from django import template

register = template.Library()


@register.filter
def person(user, fallback="someone"):
    """A user's full name, else their username; `fallback` when there is no user."""
    if not user:
        return fallback
    return user.get_full_name() or user.username
