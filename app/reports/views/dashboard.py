"""The organiser's cohort dashboard: everyone's progress at a glance, and as a spreadsheet."""
from dataclasses import dataclass

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext
from markupsafe import Markup, escape

from app import clock
from app.auth.access import role_required
from app.auth.models import Role
from app.learning.pace import BEHIND_BY, PARTICIPANT_STATUSES
from app.reports import exports
from app.reports.charts import progress_chart
from app.reports.dashboard import DEFAULT_SORT, SORTS, ParticipantRow, dashboard
from app.rounds.access import get_managed_cohort
from app.rounds.statuses import COHORT_STATUSES
from app.spreadsheets import SPREADSHEET_FORMATS
from app.formatting import format_number

bp = Blueprint("dashboard", __name__, url_prefix="/manage")


@bp.route("/cohorts/<int:cohort_id>/dashboard")
@role_required(Role.ORGANISER, Role.ADMIN)
def show(cohort_id):
    """Show a page of the round's participant × module progress matrix and its progress chart."""
    cohort = get_managed_cohort(cohort_id)
    sort = request.args.get("sort")
    if sort not in SORTS:
        sort = DEFAULT_SORT
    board = dashboard(cohort, sort=sort, page=request.args.get("page", 1, type=int),
                      now=clock.now())
    return render_template(
        "reports/dashboard.html", cohort=cohort, statuses=COHORT_STATUSES, board=board, sort=sort,
        table=table_rows(board), behind_by=BEHIND_BY,
        chart=progress_chart(cohort, board.series), export_formats=SPREADSHEET_FORMATS)


@dataclass
class TableRow:
    """A participant row of the dashboard table with its texts ready to show: every cell's
    percentage and screen-reader text, as the template would write them."""
    row: ParticipantRow
    progress: Markup
    progress_label: Markup
    # (class, percentage, screen-reader text), escaped already: the template writes them as is
    cells: list[tuple[str, str, str]]
    attendance: Markup | None  # None before any session was held
    attendance_label: Markup
    status_badge: str
    status_label: Markup


def table_rows(board):
    """The page's rows, their texts made here rather than in the template: a page shows
    hundreds of cells, and translating the same few strings and formatting the same small
    numbers once per page rather than once per cell saves most of its rendering time.

    The output is what the template's `_()` would write: the translation marked safe, its
    numbers escaped into it."""
    texts = PageTexts()
    return [texts.row(row, board.columns) for row in board.rows]


class PageTexts:
    """The texts a page of the dashboard repeats, each translated or formatted once."""

    def __init__(self):
        self.numbers = {}
        self.cells = {}  # (done, total) -> the cell's (class, percentage, screen-reader text)
        self.required_done = str(gettext("%(done)s of %(total)s required activities done"))
        self.module_done = str(gettext("%(done)s of %(total)s done"))
        self.sessions = str(gettext("%(attended)s of %(held)s sessions"))
        self.statuses = {key: (status.badge, escape(status.label))
                         for key, status in PARTICIPANT_STATUSES.items()}

    def number(self, value):
        text = self.numbers.get(value)
        if text is None:
            text = self.numbers[value] = str(escape(format_number(value)))
        return text

    def percent(self, value):  # the template's `value|round|int|number ~ '%'`
        return self.number(int(round(value, 0))) + "%"

    def cell(self, cell):
        key = (cell.done, cell.total)
        text = self.cells.get(key)
        if text is None:
            css = ("table-success" if cell.done == cell.total
                   else ("table-light" if cell.done == 0 else ""))
            text = self.cells[key] = (css, self.percent(cell.percent), self.module_done % {
                "done": self.number(cell.done), "total": self.number(cell.total)})
        return text

    def row(self, row, columns):
        attendance = row.attendance
        badge, label = self.statuses[row.status]
        return TableRow(
            row, Markup(self.percent(row.progress.percent)),
            Markup(self.required_done % {"done": self.number(row.progress.done),
                                         "total": self.number(row.progress.total)}),
            [self.cell(row.modules[column.id]) for column in columns],
            Markup(self.percent(attendance.percent)) if attendance.total else None,
            Markup(self.sessions % {"attended": self.number(attendance.done),
                                    "held": self.number(attendance.total)})
            if attendance.total else None,
            badge, label)


@bp.route("/cohorts/<int:cohort_id>/export.<fmt>")
@role_required(Role.ORGANISER, Role.ADMIN)
def export(cohort_id, fmt):
    """Download every participant's progress and attendance as CSV or XLSX."""
    cohort = get_managed_cohort(cohort_id)
    export_format = SPREADSHEET_FORMATS.get(fmt) or abort(404)
    body = export_format.render(exports.progress_table(cohort, clock.now()))
    return Response(body, mimetype=export_format.mimetype, headers={
        "Content-Disposition": f"attachment; filename={exports.file_name(cohort, export_format)}"})
