"""Spreadsheets in and out: reading uploaded CSV and XLSX files cell by cell (rosters, score
imports), and writing a table as a CSV or XLSX download (reports)."""
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Optional

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

# Offices often put a title or a blank line above the headings; look this far for them.
HEADING_SEARCH_ROWS = 10
# Control characters (NUL and the like) are no part of a name and no database text keeps NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Doubles hold every integer up to 2**53 exactly; larger numbers in a cell lost digits.
EXACT_FLOAT_LIMIT = 2 ** 53
# A leading = + - @ would make a spreadsheet run the text as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# An XLSX file is a zip: a small upload can unpack to gigabytes of XML. Real rosters and score
# files unpack to a few megabytes and use a few dozen columns.
MAX_UNPACKED_BYTES = 8 * 2 ** 20
MAX_COLUMNS = 200


# --- reading ---------------------------------------------------------------------------------

class UnreadableFile(ValueError):
    """The file is not a spreadsheet in the format its name claims."""


def cell_text(value):
    """A cell as a person reads it: whitespace collapsed, control characters dropped, whole
    numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < EXACT_FLOAT_LIMIT:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat(sep=" ")
    return " ".join(CONTROL_CHARACTERS.sub("", str(value)).split())


class CsvReader:
    """Text separated by commas, or by semicolons as Excel writes it in the Indonesian locale,
    or by tabs; UTF-8 with or without a byte-order mark, else Windows-1252."""

    label = "CSV"
    mimetype = "text/csv"

    def records(self, content):
        """(spreadsheet row number, cells) for every record of the file."""
        text = self.decode(content)
        first = text.split("\n", 1)[0].rstrip("\r")
        hint = re.match(r"^sep=(.)$", first)  # Excel's own line naming the separator
        if hint:
            text = text[len(first):].lstrip("\r\n")
        sample = text[:8192]
        delimiter = hint.group(1) if hint else max(",;\t", key=sample.count)
        try:
            yield from enumerate(csv.reader(io.StringIO(text, newline=""),
                                            delimiter=delimiter), start=1)
        except csv.Error as error:
            raise UnreadableFile(_("The file could not be read as CSV (%(error)s).",
                                   error=error)) from None

    @staticmethod
    def decode(content):
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return content.decode("cp1252", errors="replace")


class XlsxReader:
    """An Excel workbook, read from its first sheet."""

    label = "XLSX"
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def records(self, content):
        """(spreadsheet row number, cells) for every row with a value in it."""
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                unpacked = sum(item.file_size for item in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise UnreadableFile(_("The workbook unpacks to more than %(mb)d MB; save it "
                                       "again with only the sheet to import.",
                                       mb=MAX_UNPACKED_BYTES // 2 ** 20))
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                # The size a sheet declares may be wrong or hostile (a million rows and
                # columns): read the rows it holds, each at most MAX_COLUMNS wide.
                sheet.reset_dimensions()
                rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
                for number, cells in enumerate(rows, start=1):
                    if cells.count(None) < len(cells):
                        yield number, cells
            finally:
                workbook.close()
        except UnreadableFile:
            raise
        # A broken workbook fails in any of these ways; XML parse errors are SyntaxErrors.
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, SyntaxError,
                OSError):
            raise UnreadableFile(_("The file could not be read as an Excel workbook "
                                   "(.xlsx).")) from None


def file_kind(filename):
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


@dataclass(frozen=True)
class Problem:
    message: str
    row: Optional[int] = None  # as the spreadsheet numbers it: the headings are row 1
    column: Optional[str] = None  # the heading as written in the file


SPREADSHEET_READERS = {"csv": CsvReader(), "xlsx": XlsxReader()}


# --- writing ---------------------------------------------------------------------------------

@dataclass
class Table:
    title: str
    header: list[str]
    rows: object  # an iterable of lists of values: str, int, Decimal or None


def plain_number(value):
    """A decimal as a spreadsheet reads it: `2.5`, `20`, never `2.50` or `2E+1`."""
    return format(Decimal(value).normalize(), "f")


class CsvFormat:
    extension = "csv"
    mimetype = "text/csv"

    @staticmethod
    def cell(value):
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return plain_number(value)
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return f"'{value}"
        return value

    def render(self, table):
        """UTF-8 with a byte-order mark, so Excel reads the names right."""
        out = io.StringIO()
        writer = csv.writer(out)
        # Headings carry names people typed (session titles), so they are cells like any other.
        writer.writerow([self.cell(str(heading)) for heading in table.header])
        for values in table.rows:
            writer.writerow([self.cell(value) for value in values])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


class XlsxFormat:
    extension = "xlsx"
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    @staticmethod
    def cell(sheet, value, **style):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text, even when it starts with "="
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def render(self, table):
        workbook = Workbook(write_only=True)
        # A sheet's name is at most 31 characters, without []:*?/\ in it.
        sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", table.title)[:31].strip()
                                      or "Madangan")
        sheet.freeze_panes = "B2"
        bold = Font(bold=True)
        sheet.append([self.cell(sheet, str(heading), font=bold) for heading in table.header])
        for values in table.rows:
            sheet.append([self.cell(sheet, value) for value in values])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


SPREADSHEET_FORMATS = {format.extension: format for format in (CsvFormat(), XlsxFormat())}
