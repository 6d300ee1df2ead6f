import datetime

from django.utils import formats, translation


def test_kazakh_dates_read_day_month_year_with_a_24_hour_clock():
    moment = datetime.datetime(2026, 11, 22, 17, 5)
    with translation.override("kk"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "22.11.2026 17:05"
        assert formats.date_format(moment.date()) == "22.11.2026"
