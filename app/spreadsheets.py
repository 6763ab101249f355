"""Spreadsheet downloads (CSV and XLSX) of a table, for every report of the app."""
import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# A leading = + - @ would make a spreadsheet run the text as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
        writer.writerow([str(heading) for heading in table.header])
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
