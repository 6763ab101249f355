"""The preview of an uploaded roster: every row, every problem by row and column, and the
confirm button only for a clean file. Real files from Excel and friends."""
import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.enrolment.roster_files import MAX_ROWS
from app.rounds.models import Enrollment
from tests.rosters.helpers import HEADINGS, csv_file, person, problems_on, sample

CONFIRM = "/apply"


@pytest.fixture
def signed_in(sign_in, organiser):
    sign_in(organiser)
    return organiser


def test_a_utf8_csv_with_a_byte_order_mark_is_read(signed_in, cohort, preview):
    page = preview(cohort, sample("roster_bom.csv"), "peserta.csv").text
    assert problems_on(page) == []
    assert "Néneng Siti Rahmawati" in page and "Drs. Asep Hidayat, M.Si." in page
    assert "198703122010012001" in page
    assert CONFIRM in page and "Enrol 3 people" in page


def test_the_summary_counts_new_and_existing_accounts_and_roles(signed_in, cohort, preview,
                                                                make_user):
    make_user(email="budi.santoso@unpad.ac.id", name="Budi Santoso", roles=("coach",))
    page = preview(cohort, sample("roster_bom.csv")).text
    summary = page.split('id="summary-heading"', 1)[1].split("</dl>", 1)[0]
    assert "New accounts</dt><dd class=\"col-sm-8\">2<" in summary
    assert "Existing accounts matched by email</dt><dd class=\"col-sm-8\">1<" in summary
    for role in ("Participant", "Coach", "Mentor"):
        assert f"{role}</dt><dd class=\"col-sm-8\">1<" in summary
    assert "Observer" not in summary


def test_a_semicolon_csv_from_indonesian_excel_is_read(signed_in, cohort, preview):
    # Windows-1252, semicolons, Indonesian headings, a running-number column, a blank row,
    # and a NIP typed with a leading apostrophe to keep Excel from making it a number.
    page = preview(cohort, sample("roster_semicolon.csv")).text
    assert problems_on(page) == []
    assert "Dédi Kusnadi" in page and "198905172015031001" in page
    assert 'id="row-5"' in page and 'id="row-4"' not in page  # the blank row 4 is skipped
    assert "Observer" in page and "Enrol 3 people" in page


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_separator_is_recognised(signed_in, cohort, preview, delimiter):
    rows = [person(1, name="Asep Saepudin, S.Kom."), person(2)]
    page = preview(cohort, csv_file(rows, delimiter)).text
    assert problems_on(page) == []
    assert "Asep Saepudin, S.Kom." in page and "Enrol 2 people" in page


def test_excels_separator_line_is_followed(signed_in, cohort, preview):
    content = b"sep=;\r\n" + csv_file([person(1, region="32.99")], ";", encoding="utf-8")
    assert problems_on(preview(cohort, content).text) == [
        ("2", "Region code", "32.99 is not a Kemendagri region code; write it like 32.11.")]


def test_a_blank_role_means_participant(signed_in, cohort, preview):
    page = preview(cohort, csv_file([person(1, role=""), person(2, role="Coach")])).text
    assert problems_on(page) == []
    assert page.count("<td>Participant</td>") == 1 and page.count("<td>Coach</td>") == 1


def test_an_xlsx_nip_stored_as_an_integer_is_read_exactly(signed_in, cohort, preview, xlsx):
    content = xlsx([HEADINGS, person(1, nip=198703122010011001)], exact=[198703122010011001])
    page = preview(cohort, content, "roster.xlsx").text
    assert problems_on(page) == []
    assert "198703122010011001" in page


def test_an_xlsx_nip_excel_stored_as_a_float_is_a_problem(signed_in, cohort, preview, xlsx):
    content = xlsx([HEADINGS, person(1, nip="198703122010011001"),
                    person(2, nip=float("199001012015032002"))])
    page = preview(cohort, content, "roster.xlsx").text
    [(row, column, message)] = problems_on(page)
    assert (row, column) == ("3", "NIP")
    assert "Excel stored this NIP as a number and lost its last digits" in message
    assert "Format the column as Text" in message
    assert CONFIRM not in page


def test_a_csv_nip_that_excel_rounded_to_000_is_a_problem(signed_in, cohort, preview):
    content = csv_file([person(1, nip="198703122010011001"), person(2, nip="199001012015032000")])
    [(row, column, message)] = problems_on(preview(cohort, content).text)
    assert (row, column) == ("3", "NIP")
    assert "Excel stored this NIP as a number and lost its last digits" in message


def test_xlsx_headings_below_a_title_keep_the_spreadsheet_row_numbers(signed_in, cohort,
                                                                      preview, xlsx):
    content = xlsx([["DAFTAR PESERTA PELATIHAN KEPEMIMPINAN DIGITAL"], [],
                    ["No", "Nama", "E-mail", "Jabatan", "Kode Daerah"],
                    [1, "Ujang Sobari", "ujang@sumedangkab.go.id", "Staf", "32.11"],
                    [2, "Euis Komariah", "euis@sumedangkab.go.id", "Staf", "Sumedang"]])
    page = preview(cohort, content, "roster.xlsx").text
    assert problems_on(page) == [
        ("5", "Kode Daerah", "Sumedang is not a Kemendagri region code; write it like 32.11.")]


def test_every_problem_is_listed_by_row_and_column(signed_in, cohort, preview):
    page = preview(cohort, sample("roster_problems.csv")).text
    problems = problems_on(page)
    expected = [
        ("2", "NIP", "A NIP has exactly 18 digits."),
        ("3", "NIP", "A NIP starts with the birth date as YYYYMMDD; 19901345 is not a "
                     "plausible one."),
        ("5", "Region code", "32.99 is not a Kemendagri region code; write it like 32.11."),
        ("6", "Region code", "3211 is not a Kemendagri region code; write it like 32.11."),
        ("7", "Email", "The email iwan@sumedangkab.go.id is also in row 8."),
        ("8", "Email", "The email iwan@sumedangkab.go.id is also in row 7."),
        ("9", "Name", "Name is missing."),
        ("10", "Email", "Email is missing."),
        ("12", "Role", "ketua is not a role in a round; use participant, coach, mentor, "
                       "examiner or observer."),
    ]
    for problem in expected:
        assert problem in problems
    assert ("4", "NIP") in {(row, column) for row, column, _message in problems}
    assert ("11", "Email") in {(row, column) for row, column, _message in problems}
    assert len(problems) == len(expected) + 2
    assert CONFIRM not in page
    assert "Nothing has been saved" in page


def test_a_missing_column_is_one_problem_naming_it(signed_in, cohort, preview):
    page = preview(cohort, sample("roster_missing_column.csv")).text
    assert problems_on(page) == [
        ("1", "Email", "The column Email is missing; add it with the heading Email.")]
    assert CONFIRM not in page


def test_participants_beyond_the_capacity_each_get_the_problem(signed_in, cohort, preview,
                                                               participant, db):
    cohort.capacity = 3  # Dewi holds one place
    db.session.flush()
    rows = [person(1), person(2, role="coach"), person(3), person(4), person(5)]
    problems = problems_on(preview(cohort, csv_file(rows)).text)
    assert [(row, column) for row, column, _message in problems] == [("5", "Role"),
                                                                     ("6", "Role")]
    assert all(message.startswith("Over capacity: the round has 3 places, 1 are taken")
               for _row, _column, message in problems)


def test_someone_already_in_the_round_is_a_problem(signed_in, cohort, preview, participant):
    rows = [person(1), person(2, email="Dewi@Madangan.example")]
    assert problems_on(preview(cohort, csv_file(rows)).text) == [
        ("3", "Email", "dewi@madangan.example is already in this round as Participant.")]


def test_a_nip_of_another_account_is_a_problem(signed_in, cohort, preview, make_user):
    make_user(email="holder@madangan.example", nip="198703122010012001")
    rows = [person(1, nip="198703122010012001")]
    assert problems_on(preview(cohort, csv_file(rows)).text) == [
        ("2", "NIP", "The NIP 198703122010012001 belongs to another account "
                     "(holder@madangan.example).")]


def test_the_same_nip_twice_in_the_file_is_a_problem(signed_in, cohort, preview):
    rows = [person(1, nip="198703122010012001"), person(2, nip="198703122010012001")]
    assert [(row, column) for row, column, _message in
            problems_on(preview(cohort, csv_file(rows)).text)] == [("2", "NIP"), ("3", "NIP")]


def test_a_round_nobody_can_join_is_a_general_problem(signed_in, cohort, preview, db):
    cohort.status = "completed"
    db.session.flush()
    assert problems_on(preview(cohort, csv_file([person(1)])).text) == [
        ("—", "—", "Nobody can join a round that is Completed.")]


def test_a_file_with_too_many_rows_is_refused(signed_in, cohort, preview):
    rows = [person(n) for n in range(MAX_ROWS + 1)]
    assert problems_on(preview(cohort, csv_file(rows)).text) == [
        ("—", "—", f"The file has more than {MAX_ROWS} people; split it into files of at "
                   f"most {MAX_ROWS} rows.")]


def test_a_file_with_nobody_in_it_is_a_problem(signed_in, cohort, preview):
    page = preview(cohort, csv_file([])).text
    assert problems_on(page) == [
        ("—", "—", "The file has the headings but nobody under them.")]
    assert CONFIRM not in page


def test_a_broken_workbook_is_a_problem(signed_in, cohort, preview):
    page = preview(cohort, sample("roster_bom.csv"), "roster.xlsx").text
    assert problems_on(page) == [
        ("—", "—", "The file could not be read as an Excel workbook (.xlsx).")]


def test_nothing_is_saved_by_uploading_or_previewing(signed_in, cohort, preview, db):
    counts = (db.session.scalar(select(func.count(User.id))),
              db.session.scalar(select(func.count(Enrollment.id))))
    preview(cohort, sample("roster_bom.csv"))
    preview(cohort, sample("roster_problems.csv"))
    assert counts == (db.session.scalar(select(func.count(User.id))),
                      db.session.scalar(select(func.count(Enrollment.id))))


def test_an_applied_roster_shows_when_it_was_applied(signed_in, client, cohort, upload, db):
    response = upload(cohort, sample("roster_bom.csv"), "peserta.csv")
    client.post(response.location + "/apply", data={})
    page = client.get(response.location).text
    assert "Applied" in page and "3 people enrolled" in page
    assert problems_on(page) == [] and CONFIRM not in page
