from urllib.parse import urlencode

from django import template

from ..upstream.sanitize import clean_html

register = template.Library()


@register.filter
def sanitized(value: str):
    """Upstream HTML with only safe tags left. Sanitised again at render time so a template can
    never print raw upstream HTML, even for a value that skipped the domain parser."""
    return clean_html(value)


@register.simple_tag
def query_string(query, **changes) -> str:
    params = query.as_params(**changes)
    return f"?{urlencode(params)}" if params else "?"


@register.filter
def lookup(mapping, key):
    """`mapping|lookup:key`: a dict's value for a variable key (empty when absent)."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def minutes_from(moment, now):
    """Whole minutes from `now` until `moment`, rounded up (0 once it has come)."""
    seconds = (moment - now).total_seconds()
    return max(0, -int(-seconds // 60))
