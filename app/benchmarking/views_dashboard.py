"""The SPBE benchmark dashboard: a region's index, ranks, gaps and lagging domains, and a
province's regions on one chart. Public government data, shown to the people who plan training
with it."""
from functools import lru_cache

from babel.numbers import format_decimal
from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import managed_organisation_ids, role_required
from app.auth.models import Role
from app.benchmarking import charts, dashboard
from app.benchmarking.services import may_enter_score
from app.regions.queries import find_region
from app.rounds.access import get_managed_program
from app.rounds.queries import participants_by_region

bp = Blueprint("benchmark", __name__, url_prefix="/benchmark")

VIEWERS = (Role.ADMIN, Role.ORGANISER, Role.COACH, Role.MENTOR)


@bp.app_template_filter("index_number")
def index_number(value):
    """An index, average or gap with two places in the reader's locale, as `number('0.00')`
    writes it; a page shows dozens of the same few values, so each is formatted once."""
    return _two_places(str(get_locale()), value)


@lru_cache(maxsize=4096)
def _two_places(locale, value):
    return format_decimal(value, "0.00", locale=locale)


def get_region(code, province=False):
    """The region with this code, or 404; a province only when `province` is asked for."""
    region = find_region(code)
    if region is None or region.is_province != province:
        abort(404)
    return region


@bp.route("/regions/<code>")
@role_required(*VIEWERS)
def region(code):
    """Show a region's index over the years, its ranks, its gap to the target and its lags."""
    region = get_region(code)
    framework, year = dashboard.framework_and_year(request.args.get("framework"),
                                                   request.args.get("year", type=int), code)
    program_id = request.args.get("program", type=int)
    target = dashboard.target_index(
        region.province_code, request.args.get("target"),
        program=get_managed_program(program_id) if program_id else None)
    board = dashboard.region_board(region, framework, year, target)
    return render_template(
        "benchmarking/region.html", region=region, province=find_region(region.province_code),
        board=board, trend_chart=charts.trend_chart(region, board.trend, target),
        domain_chart=charts.element_bars(region, board.domains, _("Domains against the "
                                                                  "province average")),
        aspect_chart=charts.element_bars(region, board.aspects, _("Aspects against the "
                                                                  "province average")),
        radar=charts.domain_radar(region, board.domains),
        may_enter_score=not board.standing and may_enter_score(current_user, region))


@bp.route("/provinces/<code>")
@role_required(*VIEWERS)
def province(code):
    """Show every region of a province on one chart, marking those a program has reached."""
    province = get_region(code, province=True)
    framework, year = dashboard.framework_and_year(request.args.get("framework"),
                                                   request.args.get("year", type=int))
    program_id = request.args.get("program", type=int)
    program = get_managed_program(program_id) if program_id else None
    reached = participants_by_region(program.id) if program else None
    standings = (dashboard.province_standings(framework.id, year, province.code)
                 if year else [])
    return render_template(
        "benchmarking/province.html", province=province, framework=framework, year=year,
        standings=standings, program=program, reached=reached,
        programs=dashboard.viewer_programs(managed_organisation_ids(current_user)),
        chart=charts.province_chart(province, standings, reached),
        may_enter_score=not standings and may_enter_score(current_user, province))
