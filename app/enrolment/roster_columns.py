"""The columns of a roster: the headings each goes by, in English or Indonesian, and how its
cells are read and checked, one cell at a time."""
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import clock
from app.auth.services import normalise_email
from app.rounds.models import RoundRole
from app.spreadsheets import EXACT_FLOAT_LIMIT, cell_text

# A NIP as Excel shows it once the column was a number: 1.98703E+17 (or 1,98703E+17).
SCIENTIFIC = re.compile(r"^[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+$")
NIP = re.compile(r"^[0-9]{18}$")
OLDEST_BIRTH_YEAR = 1930
YOUNGEST_AGE = 17

# The cohort role as written in a file, in English or Indonesian.
ROLE_NAMES = {
    "participant": RoundRole.PARTICIPANT, "peserta": RoundRole.PARTICIPANT,
    "coach": RoundRole.COACH,
    "mentor": RoundRole.MENTOR,
    "observer": RoundRole.OBSERVER, "pengamat": RoundRole.OBSERVER,
    "examiner": RoundRole.EXAMINER, "penguji": RoundRole.EXAMINER,
}


class BadCell(ValueError):
    """A cell's value breaks a rule; the message is shown next to its row and column."""


def read_email(value):
    text = cell_text(value)
    if not text:
        return None
    try:
        return normalise_email(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError:
        raise BadCell(_("%(email)s is not a valid email address.", email=text)) from None


def read_nip(value):
    """The NIP as 18 digits of text, or None when the cell is blank."""
    if isinstance(value, float):
        if abs(value) >= EXACT_FLOAT_LIMIT:
            raise lost_digits()
        text = cell_text(value)
    elif isinstance(value, int):
        text = str(value)
    else:
        text = "".join(cell_text(value).split()).lstrip("'")
        if SCIENTIFIC.match(text):
            raise lost_digits()
    if not text:
        return None
    if not NIP.match(text):
        raise BadCell(_("A NIP has exactly 18 digits."))
    # The last three digits number the holder from 001: 000 is what Excel's rounding leaves
    # of a NIP it held as a number before the file was saved as CSV.
    if text.endswith("000"):
        raise lost_digits()
    check_birth_date(text)
    return text


def lost_digits():
    return BadCell(_("Excel stored this NIP as a number and lost its last digits. Format the "
                     "column as Text, type the NIPs again and save the file once more."))


def check_birth_date(nip):
    """A NIP starts with its holder's birth date (YYYYMMDD)."""
    try:
        born = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        born = None
    if born is None or not OLDEST_BIRTH_YEAR <= born.year <= clock.this_year() - YOUNGEST_AGE:
        raise BadCell(_("A NIP starts with the birth date as YYYYMMDD; %(digits)s is not a "
                        "plausible one.", digits=nip[:8]))


def read_region(value):
    return cell_text(value) or None


def read_role(value):
    text = cell_text(value).casefold()
    if not text:
        return RoundRole.PARTICIPANT
    if text not in ROLE_NAMES:
        raise BadCell(_("%(role)s is not a role in a round; use participant, coach, mentor, "
                        "examiner or observer.", role=cell_text(value)))
    return ROLE_NAMES[text]


@dataclass(frozen=True)
class Column:
    """A column of the roster: the headings it goes by and how its cells are read."""

    key: str
    label: str
    heading: str  # as written in the downloadable templates
    aliases: tuple[str, ...]
    description: str
    read: Callable
    required: bool = False
    max_length: Optional[int] = None


COLUMNS = {column.key: column for column in (
    Column("name", _l("Name"), "Name", ("name", "full name", "nama", "nama lengkap"),
           _l("Required. The full name, as it should appear on the certificate."),
           cell_text, required=True, max_length=200),
    Column("email", _l("Email"), "Email", ("email", "e-mail", "surel", "alamat email"),
           _l("Required. Someone who already has an account is matched by this email, "
              "not added twice."),
           read_email, required=True),
    Column("nip", _l("NIP"), "NIP", ("nip",),
           _l("Optional, 18 digits. Format the column as Text in Excel, or Excel drops the "
              "last digits."),
           read_nip),
    Column("position", _l("Position"), "Position", ("position", "jabatan"),
           _l("Optional."), cell_text, max_length=200),
    Column("institution", _l("Institution"), "Institution",
           ("institution", "instansi", "unit kerja"), _l("Optional."), cell_text,
           max_length=200),
    Column("region_code", _l("Region code"), "Region code",
           ("region code", "region", "kode wilayah", "kode daerah"),
           _l("Optional. The Kemendagri code, e.g. 32.11 for Kabupaten Sumedang."),
           read_region),
    Column("role", _l("Role"), "Role", ("role", "peran"),
           _l("participant (peserta), coach, mentor, examiner (penguji) or observer "
              "(pengamat); blank means participant."),
           read_role),
    Column("coach_email", _l("Coach email"), "Coach email",
           ("coach email", "email coach", "coach e-mail", "e-mail coach", "surel coach",
            "email pelatih"),
           _l("Optional, for participants: the email of their coach, who is a coach in this "
              "file or already in the round."),
           read_email),
    Column("mentor_email", _l("Mentor email"), "Mentor email",
           ("mentor email", "email mentor", "mentor e-mail", "e-mail mentor", "surel mentor",
            "email atasan", "surel atasan"),
           _l("Optional, for participants: the email of their mentor (usually their "
              "superior), who is a mentor in this file or already in the round."),
           read_email),
)}
ALIASES = {alias: column.key for column in COLUMNS.values() for alias in column.aliases}


def heading_key(value):
    """The column a heading names, matched regardless of case, spacing or underscores."""
    return ALIASES.get(" ".join(cell_text(value).replace("_", " ").split()).casefold())
