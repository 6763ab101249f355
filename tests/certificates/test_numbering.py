"""Certificate numbers: the pattern, its prefix and a gap-free sequence per prefix (parallel
issuers: tests/concurrency/test_certificates.py)."""
import pytest

from app.certificates import numbering
from app.certificates.models import CertificateSequence


@pytest.mark.parametrize("pattern, number", [
    ("{org}/{program}/{year}/{seq:04}", "BPSDM-JABAR/PROGRAM/2026/0001"),
    ("{seq}/{program}/{year}", "1/PROGRAM/2026"),
    ("SERT-{year}-{seq:6}", "SERT-2026-     1"),
    ("No. {seq:03}/{org}/{year}", "No. 001/BPSDM-JABAR/2026"),
])
def test_it_renders_the_pattern(db, program, pattern, number):
    program.certificate_number_pattern = pattern
    assert numbering.next_number(program, 2026) == number


@pytest.mark.parametrize("pattern", [
    "{org}/{program}/{seq}",            # no year
    "{org}/{program}/{year}",           # no seq
    "{org}/{name}/{year}/{seq}",        # unknown field
    "{org!r}/{year}/{seq}",             # conversion
    "{org:>10}/{year}/{seq}",           # a format on a text field
    "{year}/{seq:x}",                   # not a width
    "{year}/{seq}/{seq}",               # seq twice
    "{year}/{seq",                      # unbalanced
    "{0}/{year}/{seq}",                 # positional
])
def test_it_rejects_a_pattern_it_cannot_use(pattern):
    with pytest.raises(numbering.PatternError):
        numbering.parse_pattern(pattern)


def test_each_prefix_counts_on_its_own_without_gaps(db, program):
    numbers = [numbering.next_number(program, 2026) for _ in range(3)]
    assert numbers == [f"BPSDM-JABAR/PROGRAM/2026/000{n}" for n in (1, 2, 3)]
    assert numbering.next_number(program, 2027) == "BPSDM-JABAR/PROGRAM/2027/0001"
    assert db.session.get(CertificateSequence,
                          "BPSDM-JABAR/PROGRAM/2026/{seq:04}").last == 3


def test_a_rolled_back_issue_gives_its_number_back(db, program):
    with pytest.raises(RuntimeError):
        with db.session.begin_nested():
            numbering.next_number(program, 2026)
            raise RuntimeError("the certificate could not be saved")
    assert numbering.next_number(program, 2026).endswith("/0001")


def test_braces_in_the_literal_text_stay(db, program):
    program.certificate_number_pattern = "{{{org}}}-{year}-{seq:02}"
    assert numbering.next_number(program, 2026) == "{BPSDM-JABAR}-2026-01"
