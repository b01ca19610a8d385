"""No lost update from an import: the versions it starts from, checked as it writes.

A preview reads the plan's figures and actions as they are and shows what the import would
change; the batch keeps the version of every versioned record the preview found
(`VersionCheck.read`). Confirming runs the import again and writes a record it updates
only if the record's version, read under a row lock as it is written, is still the
preview's: an action through `Versioned.save()`, monthly figures with `stale_versions`
before their bulk update. A record saved since (or created since, where the preview would
have created it) is refused with an error naming it, its place in the workbook, who saved
it and when, and the whole import is rolled back. Run with no preview kept (the commands,
or a confirmation without a preview), an import starts from the versions it read itself.
"""

from __future__ import annotations

from django.utils import timezone

from improvement.versioning import last_change


def version_key(record) -> str:
    """How a record's model is named in the versions kept: "measures.actual"."""
    return record._meta.label_lower


class VersionCheck:
    def __init__(self, report, expected: dict | None = None):
        self.report = report
        self.previewed = expected is not None
        # {model label: {pk: version}}: what the preview found (None: no preview kept)
        self.expected = None
        if expected is not None:
            self.expected = {
                label: {int(pk): int(version) for pk, version in rows.items()}
                for label, rows in expected.items()
            }
        self.read: dict[str, dict[int, int]] = {}  # what this run found, for a preview to keep
        self._own: set[tuple[str, int]] = set()  # created or already written by this run
        self._refused: set[tuple[str, int]] = set()

    def found(self, record) -> None:
        """Note the version of an existing record the import matched (before it changes it)."""
        label = version_key(record)
        if (label, record.pk) not in self._own:
            self.read.setdefault(label, {}).setdefault(record.pk, record.version)

    def start_from(self, record) -> int:
        """The version the record must still have when this import first writes it: the
        preview's (0, which no saved record has, when the preview did not find it), else
        the version this run read."""
        label = version_key(record)
        if (label, record.pk) in self._own or self.expected is None:
            return record.version
        return self.expected.get(label, {}).get(record.pk, 0)

    def wrote(self, record) -> None:
        """The record was created, or its version checked and moved on, by this run."""
        self._own.add((version_key(record), record.pk))

    def refuse(self, name: str, where, saved) -> None:
        """Report a record saved by someone else since the import read it (once)."""
        key = (version_key(saved), saved.pk)
        if key in self._refused:
            return
        self._refused.add(key)
        self.report.stale = True
        user, when = last_change(saved)
        who = (user.get_full_name() or user.get_username()) if user else ""
        by = f"by {who}" if who else "by an import or a command (no one signed in)"
        if when is not None:
            when = timezone.localtime(when)
            by += f" on {when.day} {when:%B %Y at %H:%M}"
        if self.previewed:
            since = "after this import was previewed"
            advice = "Check their change, then preview the import again."
        else:
            since = "while this import was running"
            advice = "Run the import again: it will start from their change."
        self.report.error(
            f"{name} was saved {by}, {since}, so nothing was imported. {advice}",
            where,
            "version",
        )

    def kept(self) -> dict:
        """The versions read, as a batch keeps them (JSON: keys are text)."""
        return {
            label: {str(pk): version for pk, version in rows.items()}
            for label, rows in self.read.items()
        }
