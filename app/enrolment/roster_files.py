"""Reading roster files as real offices save them — CSV from Excel in any locale, XLSX —
into rows, with every problem that can be found without the database."""
import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import islice
from typing import Optional

from flask_babel import gettext as _
from openpyxl import Workbook

from app.enrolment.roster_columns import COLUMNS, BadCell, heading_key
from app.rounds.models import RoundRole
from app.spreadsheets import (HEADING_SEARCH_ROWS, CsvReader, Problem, UnreadableFile, XlsxReader,
                              cell_text, file_kind)

MAX_ROWS = 5000


# --- file formats --------------------------------------------------------------------------

class CsvFormat(CsvReader):
    """A CSV roster, and its empty template."""

    def template(self):
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerow([column.heading for column in COLUMNS.values()])
        # The byte-order mark tells Excel the file is UTF-8, so names with accents survive.
        return buffer.getvalue().encode("utf-8-sig")


class XlsxFormat(XlsxReader):
    """An Excel roster, read from its first sheet, and its empty template."""

    def template(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Roster"
        sheet.append([column.heading for column in COLUMNS.values()])
        # Text columns keep NIPs and region codes as typed: no lost digits, no 32.10 → 32.1.
        for index, key in enumerate(COLUMNS, start=1):
            if key in ("nip", "region_code"):
                sheet.column_dimensions[chr(ord("A") + index - 1)].number_format = "@"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


ROSTER_FORMATS = {"csv": CsvFormat(), "xlsx": XlsxFormat()}


# --- reading -------------------------------------------------------------------------------

@dataclass
class RosterRow:
    number: int
    shown: dict = field(default_factory=dict)  # column key → the cell as the file has it
    name: str = ""
    email: Optional[str] = None
    nip: Optional[str] = None
    position: str = ""
    institution: str = ""
    region_code: Optional[str] = None
    role: Optional[str] = RoundRole.PARTICIPANT
    coach_email: Optional[str] = None
    mentor_email: Optional[str] = None
    problems: list = field(default_factory=list)


@dataclass
class Roster:
    """A roster as read from its file; once checked against a cohort, it knows which people
    have accounts already."""

    rows: list = field(default_factory=list)
    headings: dict = field(default_factory=dict)  # column key → heading as written in the file
    general: list = field(default_factory=list)
    existing: dict = field(default_factory=dict)  # email → User
    # email → user id of the round's coaches and mentors the rows name as their guides
    guides: dict = field(default_factory=dict)
    invitees: list = field(default_factory=list)  # ids of applied mentors awaiting a password

    @property
    def problems(self):
        return self.general + [problem for row in self.rows for problem in row.problems]

    @property
    def summary(self):
        existing = sum(1 for row in self.rows if row.email in self.existing)
        return RosterSummary(rows=len(self.rows), existing_accounts=existing,
                             new_accounts=len(self.rows) - existing,
                             roles=Counter(row.role for row in self.rows if row.role))


@dataclass(frozen=True)
class RosterSummary:
    rows: int
    new_accounts: int
    existing_accounts: int
    roles: Counter


def read_roster(filename, content):
    """Read a roster file into rows, with every problem found without the database."""
    roster_format = ROSTER_FORMATS.get(file_kind(filename))
    if roster_format is None:
        return Roster(general=[Problem(_("Upload a CSV or XLSX file."))])
    records = ((number, cells) for number, cells in roster_format.records(content)
               if any(cell_text(cell) for cell in cells))
    try:
        top = list(islice(records, HEADING_SEARCH_ROWS))
        if not top:
            return Roster(general=[Problem(_("The file is empty."))])
        start = next((i for i, (_n, cells) in enumerate(top) if has_required_headings(cells)), 0)
        body = top[start + 1:] + list(islice(records, MAX_ROWS + 1))
    except UnreadableFile as error:
        return Roster(general=[Problem(str(error))])
    roster = Roster()
    columns = read_headings(roster, top[start])
    if roster.general:
        return roster
    if not body:
        roster.general.append(Problem(_("The file has the headings but nobody under them.")))
        return roster
    if len(body) > MAX_ROWS:
        roster.general.append(Problem(_(
            "The file has more than %(max)d people; split it into files of at most %(max)d rows.",
            max=MAX_ROWS)))
        return roster
    roster.rows = [read_row(number, cells, columns, roster.headings)
                   for number, cells in body]
    mark_repeated_people(roster)
    return roster


def roster_from_records(records):
    """A roster of records already split into fields (dicts by column key, as the JSON API
    receives them), each read and checked like a file's row. Rows are numbered from 1 and
    their problems name the column by its key."""
    keys = list(COLUMNS)
    columns = {key: index for index, key in enumerate(keys)}
    roster = Roster(headings={key: key for key in keys})
    roster.rows = [read_row(number, [record.get(key) for key in keys], columns, roster.headings)
                   for number, record in enumerate(records, start=1)]
    mark_repeated_people(roster)
    return roster


def mark_repeated_people(roster):
    mark_duplicates(roster, "email", lambda email, rows: _(
        "The email %(email)s is also in row %(rows)s.", email=email, rows=rows))
    mark_duplicates(roster, "nip", lambda nip, rows: _(
        "The NIP %(nip)s is also in row %(rows)s.", nip=nip, rows=rows))


def has_required_headings(cells):
    keys = {heading_key(cell) for cell in cells}
    return all(column.key in keys for column in COLUMNS.values() if column.required)


def read_headings(roster, heading_record):
    """{column key: cell index}; a missing required column or a doubled one is a problem."""
    number, cells = heading_record
    columns = {}
    for index, cell in enumerate(cells):
        key = heading_key(cell)
        if key is None:
            continue  # a column of the office's own, such as a running number
        if key in columns:
            roster.general.append(Problem(
                _("Two columns are headed %(heading)s; keep one.", heading=cell_text(cell)),
                number, cell_text(cell)))
            continue
        columns[key] = index
        roster.headings[key] = cell_text(cell)
    for column in COLUMNS.values():
        if column.required and column.key not in columns:
            roster.general.append(Problem(
                _("The column %(column)s is missing; add it with the heading %(heading)s.",
                  column=column.label, heading=column.heading), number, column.heading))
    return columns


def read_row(number, cells, columns, headings):
    row = RosterRow(number)
    for key, index in columns.items():
        column = COLUMNS[key]
        value = cells[index] if index < len(cells) else None
        row.shown[key] = cell_text(value)
        try:
            value = column.read(value)
        except BadCell as error:
            setattr(row, key, None)
            row.problems.append(Problem(str(error), number, headings[key]))
            continue
        setattr(row, key, value)
        if column.required and not value:
            row.problems.append(Problem(_("%(column)s is missing.", column=column.label),
                                        number, headings[key]))
        elif column.max_length and len(value) > column.max_length:
            row.problems.append(Problem(
                _("At most %(max)d characters, please.", max=column.max_length),
                number, headings[key]))
    return row


def mark_duplicates(roster, key, message):
    """Name, on each row, the other rows that repeat its value of `key`."""
    numbers = defaultdict(list)
    for row in roster.rows:
        if getattr(row, key):
            numbers[getattr(row, key)].append(row.number)
    for row in roster.rows:
        others = [str(n) for n in numbers.get(getattr(row, key), ()) if n != row.number]
        if others:
            row.problems.append(Problem(message(getattr(row, key), ", ".join(others)),
                                        row.number, roster.headings[key]))
