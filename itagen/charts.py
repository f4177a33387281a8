"""SVG charts drawn at build time (placeholder: filled in by the sections work)."""
from markupsafe import Markup


def complaint_chart(periods) -> Markup:
    """Bar chart of complaints received / done / in progress per period."""
    return Markup("")


def score_chart(indicators) -> Markup:
    """Bar chart of ITA indicator scores, this year beside the previous year."""
    return Markup("")
