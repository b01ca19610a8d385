"""The action tracker's table: django-tables2 sorts and pages it; its rows are the one action
rows every table of actions shows (templates/jinja2/rows/actions.html)."""

import django_tables2 as tables


class TrackerTable(tables.Table):
    """Every action of the plan; rows are improvement.action_rows.ActionRow, sorted in Python."""

    reference = tables.Column(
        verbose_name="Ref",
        accessor="action__reference",
        attrs={"th": {"class": "govuk-table__header app-pin", "scope": "col"}},
    )
    area = tables.Column(
        verbose_name="Area",
        accessor="area__name",
        order_by=("area__order", "area__name"),
    )
    text = tables.Column(verbose_name="Action", accessor="action__text")
    rag = tables.Column(verbose_name="BRAG", order_by=("rag_order",))
    target_date = tables.Column(
        verbose_name="Target date", accessor="action__target_date", order_by=("target_sort",)
    )
    lead = tables.Column(verbose_name="Lead", accessor="action__lead")
    status = tables.Column(verbose_name="Status", accessor="action__status")
    recommendations = tables.Column(verbose_name="Recommendations", orderable=False)

    region_label = "Actions"  # names the table's sideways-scrolling region

    class Meta:
        attrs = {
            "class": "govuk-table app-table",
            "thead": {"class": "govuk-table__head"},
            "tbody": {"class": "govuk-table__body"},
            "th": {"class": "govuk-table__header", "scope": "col"},
        }
        template_name = "dashboard/tracker_table.html"

    @property
    def page_rows(self):
        """The ActionRows on the page shown, in the order chosen."""
        return [bound.record for bound in self.paginated_rows]
