"""Certificate numbers: a program's pattern filled in with the organisation, the program, the
year and the next number of a gap-free sequence.

A pattern is Python format syntax over four fields only: `{org}` (the organisation's slug,
upper-cased), `{program}` (the program's slug, upper-cased), `{year}` and `{seq}` (optionally
zero-padded, `{seq:04}`); it must contain `{year}` and `{seq}`. Every distinct rendering of the
pattern without its `{seq}` — its prefix — has its own CertificateSequence row.

The next number is taken under a row lock: the row is inserted if missing (INSERT … ON CONFLICT
DO NOTHING), then read with SELECT … FOR UPDATE on PostgreSQL, so concurrent issuers wait for
each other; on SQLite the insert takes the database's single write lock, which serialises them
as well. The increment commits in the issuer's transaction with the certificate, so a rolled
back issue gives its number back and the numbers have no gaps.
"""
import re
from string import Formatter

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.certificates.models import CertificateSequence
from app.extensions import db

FIELDS = ("org", "program", "year", "seq")
REQUIRED_FIELDS = ("year", "seq")
SEQ_SPEC = re.compile(r"^(0?\d{1,2})?$")  # "", "4", "04": a width, optionally zero-padded
INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}


class PatternError(ValueError):
    """A number pattern that cannot be used."""


def parse_pattern(pattern):
    """The pattern as (literal, field, spec) parts; PatternError names what is wrong."""
    try:
        parts = [(literal, field, spec, conversion)
                 for literal, field, spec, conversion in Formatter().parse(pattern)]
    except ValueError as error:
        raise PatternError(str(error)) from None
    fields = []
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in FIELDS:
            raise PatternError(f"unknown field {{{field}}}")
        if conversion or (spec and (field != "seq" or not SEQ_SPEC.match(spec))):
            raise PatternError(f"unsupported format in {{{field}}}")
        fields.append(field)
    for field in REQUIRED_FIELDS:
        if field not in fields:
            raise PatternError(f"the pattern must contain {{{field}}}")
    if fields.count("seq") > 1:
        raise PatternError("the pattern may contain {seq} only once")
    return [(literal, field, spec) for literal, field, spec, _conversion in parts]


def _values(program, year):
    return {"org": program.organisation.slug.upper(), "program": program.slug.upper(),
            "year": str(year)}


def prefix_for(program, year):
    """The pattern rendered for this program and year with `{seq…}` left in: the key of its
    sequence."""
    values = _values(program, year)
    rendered = []
    for literal, field, spec in parse_pattern(program.certificate_number_pattern):
        rendered.append(literal)
        if field == "seq":
            rendered.append("{seq" + (f":{spec}" if spec else "") + "}")
        elif field is not None:
            rendered.append(values[field])
    return "".join(rendered)


def format_number(prefix, seq):
    """The number `seq` of a sequence's prefix."""
    literal_braces_safe = prefix.replace("{", "{{").replace("}", "}}")
    template = re.sub(r"\{\{seq(:[0-9]*)?\}\}", lambda m: "{seq" + (m.group(1) or "") + "}",
                      literal_braces_safe)
    return template.format(seq=seq)


def take_next(prefix):
    """Increment the prefix's sequence under a row lock and return the new value."""
    insert = INSERTS.get(db.session.get_bind().dialect.name, sqlite_insert)
    db.session.execute(insert(CertificateSequence).values(prefix=prefix, last=0)
                       .on_conflict_do_nothing(index_elements=["prefix"]))
    last = db.session.scalar(select(CertificateSequence.last)
                             .where(CertificateSequence.prefix == prefix).with_for_update())
    db.session.execute(update(CertificateSequence).where(CertificateSequence.prefix == prefix)
                       .values(last=last + 1).execution_options(synchronize_session=False))
    return last + 1


def next_number(program, year):
    """The next certificate number of the program in `year`."""
    prefix = prefix_for(program, year)
    return format_number(prefix, take_next(prefix))
