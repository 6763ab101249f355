"""The benchmark dashboard's charts as inline SVG: no script, nothing fetched from elsewhere,
and a name for screen readers; each page puts a table of the same numbers next to them.

Each chart is a pure function of the numbers and names it draws and of the reader's locale, and
pygal takes milliseconds per chart: the SVG is kept (lru_cache) keyed by exactly those, so a
page is drawn again only when what it shows changes."""
from functools import lru_cache

import pygal
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from pygal.style import Style

from app.charts import STYLE, accessible

TWO_COLOURS = Style(**{**STYLE.to_dict(), "colors": ("#0b5d4b", "#6c757d")})
REACH_COLOURS = Style(**{**STYLE.to_dict(), "colors": ("#0b5d4b", "#adb5bd")})


def two_decimals(value):
    return "" if value is None else format_decimal(value, "0.00")


def _chart(kind, title, height=360, style=TWO_COLOURS, **options):
    chart = kind(js=[], disable_xml_declaration=True, style=style, title=title, width=800,
                 height=height, legend_at_bottom=True, truncate_legend=-1, truncate_label=-1,
                 value_formatter=two_decimals, **options)
    chart.add_xml_filter(accessible(title))
    return chart


def _svg(chart):
    return Markup(chart.render(is_unicode=True))


def _number(value):
    return None if value is None else float(value)


def trend_chart(region, trend, target):
    """The region's index over the years against the target, or None with no scores."""
    if not trend:
        return None
    return _trend_chart(str(get_locale()), region.name,
                        tuple((p.year, _number(p.index)) for p in trend), target)


@lru_cache(maxsize=512)
def _trend_chart(locale, region_name, points, target):
    title = _("SPBE index of %(region)s over the years", region=region_name)
    chart = _chart(pygal.Line, title, range=(1, 5), x_labels=[str(year) for year, _i in points],
                   dots_size=4)
    chart.add(_("Index"), [index for _year, index in points])
    chart.add(_("Target %(target)s", target=two_decimals(target)),
              [_number(target)] * len(points), stroke_style={"dasharray": "6, 4"},
              show_dots=False)
    return _svg(chart)


def _bars(gaps):
    """(name, score, province average) of each gap, hashable for the caches."""
    return tuple((g.element.name, _number(g.score), _number(g.province_average)) for g in gaps)


def element_bars(region, gaps, title):
    """Bars of the region's domain or aspect scores against the province's average."""
    if not any(g.score is not None for g in gaps):
        return None
    return _element_bars(str(get_locale()), region.name, _bars(gaps), str(title))


@lru_cache(maxsize=512)
def _element_bars(locale, region_name, bars, title):
    chart = _chart(pygal.HorizontalBar, title, height=140 + 48 * len(bars), range=(0, 5),
                   x_labels=[name for name, _s, _a in bars])
    chart.add(region_name, [score for _n, score, _a in bars])
    chart.add(_("Province average"), [average for _n, _s, average in bars])
    return _svg(chart)


def domain_radar(region, domains):
    """A radar of the region's domain scores and the province's averages."""
    if not any(g.score is not None for g in domains):
        return None
    return _domain_radar(str(get_locale()), region.name, _bars(domains))


@lru_cache(maxsize=512)
def _domain_radar(locale, region_name, bars):
    title = _("Domains of %(region)s against the province average", region=region_name)
    chart = _chart(pygal.Radar, title, height=480, range=(0, 5),
                   x_labels=[name for name, _s, _a in bars])
    chart.add(region_name, [score for _n, score, _a in bars])
    chart.add(_("Province average"), [average for _n, _s, average in bars])
    return _svg(chart)


def province_chart(province, standings, reached=None):
    """Every region's index, best first; with `reached` (region codes), the regions a program
    has trained people of apart from the others."""
    if not standings:
        return None
    title = _("SPBE index of the regions of %(province)s", province=province.name)
    chart = _chart(pygal.HorizontalBar, title, height=140 + 26 * len(standings), range=(0, 5),
                   style=REACH_COLOURS, x_labels=[row.name for row in reversed(standings)])
    rows = list(reversed(standings))  # pygal draws the first label at the bottom
    if reached is None:
        chart.add(_("Index"), [_number(row.index) for row in rows])
    else:
        chart.add(_("Reached by the program"),
                  [_number(row.index) if row.region_code in reached else None for row in rows])
        chart.add(_("Not reached yet"),
                  [None if row.region_code in reached else _number(row.index) for row in rows])
    return _svg(chart)
