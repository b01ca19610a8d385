"""Free text people type, with a limit checked everywhere the text is checked.

Django only checks a TextField's max_length in forms; `limited_text` adds the check to the
model too, so imports (which run full_clean) refuse over-long text like the forms do.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

REASON = 1_000  # a reason, a short answer
TEXT = 2_000  # commentary, an action, a recommendation
NARRATIVE = 5_000  # progress, impact, analysis: a report's long paragraphs
NOTES = 10_000  # notes an import writes: every cell it could not read


def too_long_message(limit: int, label: str = "") -> str:
    """The error for text over its limit (GOV.UK's character count wording)."""
    return f"{label or 'This'} must be {limit:,} characters or less"


def limited_text(max_length: int, *args, **kwargs) -> models.TextField:
    """A TextField that holds at most max_length characters (forms, admin and imports)."""
    validator = MaxLengthValidator(
        max_length, message=too_long_message(max_length) + " (it has %(show_value)s)"
    )
    return models.TextField(*args, max_length=max_length, validators=[validator], **kwargs)
