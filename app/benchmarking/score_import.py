"""Importing scores from a CSV or XLSX file: read every row, report every problem by row and
column, and apply all rows in one transaction or none. The file readers are the roster's."""
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice

from flask_babel import gettext as _
from sqlalchemy import select

from app.benchmarking.models import SCORE_STAGES, FrameworkElement
from app.benchmarking.services import covers, managed_region_codes, record_score, score_years
from app.extensions import db
from app.regions.queries import regions_by_code
from app.spreadsheets import (HEADING_SEARCH_ROWS, SPREADSHEET_READERS, Problem, UnreadableFile,
                              cell_text, file_kind)

MAX_ROWS = 2000
COLUMN_ALIASES = {
    "region_code": ("region code", "region", "kode wilayah", "kode daerah"),
    "year": ("year", "tahun"),
    "stage": ("stage", "tahap"),
    "index": ("index", "indeks", "indeks spbe"),
    "source": ("source", "sumber"),
}
REQUIRED = ("region_code", "year", "stage")
ALIASES = {alias: key for key, aliases in COLUMN_ALIASES.items() for alias in aliases}
STAGE_NAMES = {"official": "official", "resmi": "official",
               "self_assessment": "self_assessment", "self assessment": "self_assessment",
               "penilaian mandiri": "self_assessment", "mandiri": "self_assessment"}
INDICATOR_HEADING = re.compile(r"^(?:i|indikator ?)?([0-9]+)$")


@dataclass
class ScoreRow:
    number: int
    shown: dict = field(default_factory=dict)
    region_code: str = ""
    year: int = None
    stage: str = ""
    index: Decimal = None
    source: str = ""
    levels: dict = field(default_factory=dict)  # indicator code → level
    problems: list = field(default_factory=list)


@dataclass
class ScoreFile:
    rows: list = field(default_factory=list)
    headings: dict = field(default_factory=dict)  # column key or indicator code → heading
    general: list = field(default_factory=list)

    @property
    def problems(self):
        return self.general + [problem for row in self.rows for problem in row.problems]


def heading_key(value, indicator_codes):
    text = " ".join(cell_text(value).replace("_", " ").split()).casefold()
    if text in ALIASES:
        return ALIASES[text]
    match = INDICATOR_HEADING.match(text)
    if match and match.group(1) in indicator_codes:
        return ("indicator", match.group(1))
    return None


def read_scores(user, framework, filename, content):
    """Read a score file and check every row against the database, without saving."""
    file_format = SPREADSHEET_READERS.get(file_kind(filename))
    if file_format is None:
        return ScoreFile(general=[Problem(_("Upload a CSV or XLSX file."))])
    codes = set(db.session.scalars(select(FrameworkElement.code).filter_by(
        framework_id=framework.id, kind="indicator")))
    records = ((n, cells) for n, cells in file_format.records(content)
               if any(cell_text(cell) for cell in cells))
    try:
        top = list(islice(records, HEADING_SEARCH_ROWS))
        if not top:
            return ScoreFile(general=[Problem(_("The file is empty."))])
        start = next((i for i, (_n, cells) in enumerate(top)
                      if {"region_code", "year"} <= {heading_key(c, codes) for c in cells}), 0)
        body = top[start + 1:] + list(islice(records, MAX_ROWS + 1))
    except UnreadableFile as error:
        return ScoreFile(general=[Problem(str(error))])
    result = ScoreFile()
    columns = read_headings(result, top[start], codes)
    if result.general:
        return result
    if not body:
        result.general.append(Problem(_("The file has the headings but no rows under them.")))
    elif len(body) > MAX_ROWS:
        result.general.append(Problem(_("The file has more than %(max)d rows.", max=MAX_ROWS)))
    if result.general:
        return result
    result.rows = [read_row(number, cells, columns, result.headings, framework, codes)
                   for number, cells in body]
    check_against_database(user, result)
    mark_duplicates(result)
    return result


def read_headings(result, heading_record, codes):
    number, cells = heading_record
    columns = {}
    for index, cell in enumerate(cells):
        key = heading_key(cell, codes)
        if key is None:
            continue
        if key in columns:
            result.general.append(Problem(_("Two columns are headed %(heading)s; keep one.",
                                            heading=cell_text(cell)), number, cell_text(cell)))
            continue
        columns[key] = index
        result.headings[key] = cell_text(cell)
    for key in REQUIRED:
        if key not in columns:
            result.general.append(Problem(
                _("The column %(column)s is missing.", column=COLUMN_ALIASES[key][0]),
                number, COLUMN_ALIASES[key][0]))
    return columns


def read_row(number, cells, columns, headings, framework, codes):
    row = ScoreRow(number)

    def problem(key, message):
        row.problems.append(Problem(message, number, headings[key]))

    for key, index in columns.items():
        text = cell_text(cells[index] if index < len(cells) else None)
        row.shown[key] = text
        if not text:
            if key in REQUIRED:
                problem(key, _("%(column)s is missing.", column=headings[key]))
            continue
        if key == "region_code":
            row.region_code = text
        elif key == "year":
            if not text.isdigit() or int(text) not in score_years():
                problem(key, _("The year must be from %(first)d to %(last)d.",
                               first=score_years()[0], last=score_years()[-1]))
            else:
                row.year = int(text)
        elif key == "stage":
            row.stage = STAGE_NAMES.get(text.casefold().replace("-", " "), "")
            row.stage = row.stage or (text if text in SCORE_STAGES else "")
            if not row.stage:
                problem(key, _("%(stage)s is not a stage; use official or self_assessment.",
                               stage=text))
        elif key == "index":
            row.index = read_decimal(text.replace(",", "."))
            if row.index is None or not framework.scale_min <= row.index <= framework.scale_max:
                row.index = None
                problem(key, _("The index must be a number from %(min)d to %(max)d.",
                               min=framework.scale_min, max=framework.scale_max))
        elif key == "source":
            row.source = text
        else:
            if not text.isdigit() or not framework.scale_min <= int(text) <= framework.scale_max:
                problem(key, _("A level is a whole number from %(min)d to %(max)d.",
                               min=framework.scale_min, max=framework.scale_max))
            else:
                row.levels[key[1]] = int(text)
    given = {key[1] for key in columns if isinstance(key, tuple) and row.shown.get(key)}
    if given and given != codes:
        row.problems.append(Problem(_("Give a level for every indicator or for none; %(count)d "
                                      "are missing.", count=len(codes - given)), number))
    elif not given and row.index is None and not row.shown.get("index"):
        row.problems.append(Problem(_("Give the index or a level for every indicator."),
                                    number, headings.get("index")))
    return row


def read_decimal(text):
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_against_database(user, result):
    regions = regions_by_code({row.region_code for row in result.rows if row.region_code})
    managed = managed_region_codes(user)
    for row in result.rows:
        if not row.region_code:
            continue
        region = regions.get(row.region_code)
        heading = result.headings["region_code"]
        if region is None:
            row.problems.append(Problem(_("%(code)s is not a known region code.",
                                          code=row.region_code), row.number, heading))
        elif not covers(managed, region):
            row.problems.append(Problem(_("You may not enter scores for %(region)s.",
                                          region=region.name), row.number, heading))


def mark_duplicates(result):
    seen = {}
    for row in result.rows:
        key = (row.region_code, row.year, row.stage)
        if not all(key):
            continue
        if key in seen:
            row.problems.append(Problem(_("Row %(row)d already has this region, year and "
                                          "stage.", row=seen[key]), row.number,
                                        result.headings["region_code"]))
        else:
            seen[key] = row.number


class ScoresHaveProblems(ValueError):
    def __init__(self, scores):
        super().__init__(_("The file has problems; nothing was saved."))
        self.scores = scores


def import_scores(user, framework, filename, content):
    """Record every row of the file, or raise ScoresHaveProblems and record nothing."""
    scores = read_scores(user, framework, filename, content)
    if scores.problems:
        raise ScoresHaveProblems(scores)
    regions = regions_by_code({row.region_code for row in scores.rows})
    for row in scores.rows:
        record_score(user, regions[row.region_code], framework, row.year, row.stage,
                     index=row.index, levels=row.levels or None, source=row.source)
    return scores
