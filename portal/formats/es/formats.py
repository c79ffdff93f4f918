# Django's TIME_FORMAT for this language ("H:i") stays; see portal/formats/en/formats.py.
DAY_HEADING_FORMAT = r"l j \d\e F"
JS_HOUR_STYLE = "2-digit"
