"""Progress over time (a cohort's, a person's JP) as SVG charts for inline use: no script,
no stylesheet or font from elsewhere, and a name for screen readers (the page puts the
numbers next to it)."""
import math
from datetime import date, timedelta
from functools import lru_cache

import pygal
from flask_babel import format_date, format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from app.charts import STYLE, accessible


def week_labels(first, last):
    """Every week's day from `first` to `last`, every few weeks when that is more than eight."""
    step = 7 * max(1, math.ceil((last - first).days / 56))
    return [first + timedelta(days=day) for day in range(0, (last - first).days + 1, step)]


def progress_chart(cohort, series):
    """The share of required activities done per day against the expected pace, as inline SVG
    markup; None when there is nothing to draw yet."""
    if not series:
        return None
    points = tuple((point.day, round(point.percent, 1)) for point in series)
    return _render(str(get_locale()), cohort.name, cohort.starts_on, cohort.ends_on, points)


@lru_cache(maxsize=256)
def _render(locale, name, starts_on, ends_on, points):
    """The chart is a pure function of its arguments (the locale names its language), and
    organisers reload a dashboard far more often than its round progresses: pygal's ~10 ms
    are spent once per change."""
    title = _("Progress of %(cohort)s over time", cohort=name)
    first = min(points[0][0], starts_on)
    last = max(points[-1][0], ends_on)
    chart = pygal.DateLine(
        js=[], disable_xml_declaration=True, style=STYLE, title=title, width=800, height=360,
        range=(0, 100), include_x_axis=True, legend_at_bottom=True, truncate_legend=-1,
        x_labels=week_labels(first, last), x_label_rotation=0, dots_size=2,
        x_value_formatter=lambda day: format_date(day, "d MMM"),
        value_formatter=lambda value: format_percent(value / 100))
    chart.add_xml_filter(accessible(title))
    chart.add(_("Required activities done"), list(points))
    chart.add(_("Expected pace"), [(starts_on, 0), (ends_on, 100)],
              stroke_style={"dasharray": "6, 4"}, show_dots=False)
    return Markup(chart.render(is_unicode=True))


def jp_chart(person_jp, target, through_month=12):
    """The person's JP added up month by month through the year against the annual target, as
    inline SVG markup; the line stops at `through_month` (this month, in the current year)."""
    return _render_jp(str(get_locale()), person_jp.year, person_jp.by_month[:through_month],
                      target)


@lru_cache(maxsize=256)
def _render_jp(locale, year, cumulative, target):
    """A pure function of its arguments, like `_render`: a person looks at the page far more
    often than their JP changes."""
    title = _("Your JP in %(year)s, added up month by month", year=year)
    chart = pygal.Line(
        js=[], disable_xml_declaration=True, style=STYLE, title=title, width=800, height=360,
        # Headroom above the target, so its line stands clear of the plot's top edge.
        range=(0, float(max(target, *cumulative)) * 1.25), include_x_axis=True,
        legend_at_bottom=True, truncate_legend=-1, x_label_rotation=0, dots_size=3,
        show_y_guides=False,  # the only dashed line across is the target's
        x_labels=[format_date(date(year, month, 1), "LLL") for month in range(1, 13)],
        value_formatter=lambda value: format_decimal(value))
    chart.add_xml_filter(accessible(title))
    chart.add(_("JP earned"), [float(value) for value in cumulative])
    chart.add(_("Annual target (%(target)s JP)", target=format_decimal(target)),
              [float(target)] * 12, stroke_style={"dasharray": "6, 4"}, show_dots=False)
    return Markup(chart.render(is_unicode=True))
