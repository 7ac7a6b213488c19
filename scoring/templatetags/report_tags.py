from django import template

register = template.Library()


@register.filter
def humanize_slug(value: object) -> str:
    """'single_point_of_failure' -> 'Single point of failure'."""
    text = str(value or "").replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]
