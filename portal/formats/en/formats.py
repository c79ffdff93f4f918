# Where the portal's English differs from Django's: "2:43 PM" (Django: "2:43 p.m."), as
# browsers write it, so the event's times and the viewer's own (static/js/app.js) read alike.
TIME_FORMAT = "g:i A"
DAY_HEADING_FORMAT = "l, F j"
# Intl.DateTimeFormat's `hour` option giving the same hours as TIME_FORMAT.
JS_HOUR_STYLE = "numeric"
