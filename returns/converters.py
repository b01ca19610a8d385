"""The reporting month in addresses: /returns/2020-03/ means the March 2020 period."""

import datetime


class MonthConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        year, month = value.split("-")
        return datetime.date(int(year), int(month), 1)  # ValueError (month 13) means no match

    def to_url(self, value):
        if not isinstance(value, datetime.date | str):
            value = value.month  # a ReportingPeriod
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return str(value)  # "YYYY-MM"
