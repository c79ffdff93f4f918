# Django's TIME_FORMAT for this language ("H:i") stays; see portal/formats/en/formats.py.
DAY_HEADING_FORMAT = "l, j. F"
JS_HOUR_STYLE = "2-digit"
