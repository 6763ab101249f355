"""The cohort's progress and attendance report as a spreadsheet: one row per participant,
built a batch of participants at a time with the dashboard's queries."""
import re
import unicodedata
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.attendance.labels import ATTENDANCE_LABELS
from app.learning.pace import PARTICIPANT_STATUSES
from app.reports.dashboard import all_rows
from app.spreadsheets import Table


def _missing(evaluation):
    return "; ".join(f"{requirement.label} ({requirement.detail})"
                     for requirement in evaluation.missing)


def _session_heading(session):
    """The session's title and local start, which tells apart two sessions of one name."""
    starts_at = session.starts_at.astimezone(ZoneInfo(session.timezone))
    return f"{session.title} ({starts_at:%Y-%m-%d %H:%M})"


def _values(row, columns, sessions):
    user = row.user
    return [
        user.name, user.email, user.nip or "", user.position, user.institution,
        user.region_code or "", row.progress.percent,
        *[row.modules[column.id].percent for column in columns],
        row.attendance.done, row.attendance.total, row.attendance_percent,
        *[str(ATTENDANCE_LABELS[status]) if status else ""
          for status in (row.session_statuses[session.id] for session in sessions)],
        str(PARTICIPANT_STATUSES[row.status].label), _missing(row.evaluation),
    ]


def progress_table(cohort, now):
    """The report's title, header and rows (a generator: the batches load as it is read)."""
    columns, sessions, rows = all_rows(cohort, now)
    header = [
        _("Name"), _("Email"), _("NIP"), _("Position"), _("Institution"), _("Region code"),
        _("Progress (%)"),
        *[_("%(course)s – %(module)s (%%)", course=column.course_title, module=column.title)
          for column in columns],
        _("Sessions attended"), _("Sessions held"), _("Attendance (%)"),
        *[_session_heading(session) for session in sessions],
        _("Status"), _("Still missing"),
    ]
    return Table(cohort.name, header, (_values(row, columns, sessions) for row in rows))


def slugify(text):
    """`Angkatan I — Sumedang` → `angkatan-i-sumedang`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def file_name(cohort, export_format):
    return f"{slugify(cohort.name) or f'cohort-{cohort.id}'}-progress.{export_format.extension}"
