"""The progress and attendance report as CSV and XLSX: the same rows as the dashboard, read
back with the libraries a spreadsheet user's tools would use."""
import csv
import io
from datetime import timedelta

import openpyxl
import pytest

from app.enrolment.services import enroll
from app.rounds.services import set_completion_rules
from tests.dashboard.conftest import NOW

HEADER = [
    "Name", "Email", "NIP", "Position", "Institution", "Region code", "Progress (%)",
    "Course platforms – Module 1 (%)", "Course change – Module 1 (%)", "Sessions attended",
    "Sessions held", "Attendance (%)", "Opening lecture (2026-11-24 12:00)",
    "Site visit (2026-11-30 12:00)", "Status", "Still missing",
]


def read_csv(response):
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def report(db, program, cohort, make_user, make_session, activities, complete, attend):
    """Two participants of a round with a minimum attendance, one session held, one to come."""
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=50,
                         requires_action_plan=False, optional_activity_ids=[])
    held = make_session(cohort, starts_at=NOW - timedelta(days=2))
    make_session(cohort, title="Site visit", starts_at=NOW + timedelta(days=4))
    sari = enroll(cohort, make_user(name="Sari Wulandari", email="sari@jabarprov.example",
                                    nip="198703152010012003", position="Kepala Bidang",
                                    institution="Diskominfo Sumedang", region_code="32.11"),
                  actor=None)
    complete(sari, activities[:4])
    attend(sari, held, "late")
    enroll(cohort, make_user(name="Agus Setiawan", email="agus@jabarprov.example"), actor=None)


def test_csv_has_a_header_and_a_row_per_participant(
        client, sign_in, organiser, cohort, report, fixed_now):
    sign_in(organiser)
    response = client.get(f"/manage/cohorts/{cohort.id}/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=angkatan-i-progress.csv")
    header, agus, sari = read_csv(response)
    assert header == HEADER
    assert sari == [
        "Sari Wulandari", "sari@jabarprov.example", "198703152010012003", "Kepala Bidang",
        "Diskominfo Sumedang", "32.11", "67", "100", "33", "1", "1", "100", "Late", "",
        "On track", "Complete every required activity (4 of 6 done)"]
    assert agus[:2] == ["Agus Setiawan", "agus@jabarprov.example"]
    assert agus[6:] == ["0", "0", "0", "0", "1", "0", "", "", "Behind",
                        "Complete every required activity (0 of 6 done); Attend at least 50% "
                        "of the sessions (attended 0; 1 of 2 sessions needed)"]


def test_xlsx_holds_the_same_values_with_numbers_as_numbers(
        client, sign_in, organiser, cohort, report, fixed_now):
    sign_in(organiser)
    response = client.get(f"/manage/cohorts/{cohort.id}/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response.headers["Content-Disposition"].endswith("filename=angkatan-i-progress.xlsx")
    header, agus, sari = read_xlsx(response)
    assert header == HEADER
    assert sari == [
        "Sari Wulandari", "sari@jabarprov.example", "198703152010012003", "Kepala Bidang",
        "Diskominfo Sumedang", "32.11", 67, 100, 33, 1, 1, 100, "Late", None, "On track",
        "Complete every required activity (4 of 6 done)"]
    assert agus[6:12] == [0, 0, 0, 0, 1, 0]


def test_both_formats_agree(client, sign_in, organiser, cohort, report, fixed_now):
    sign_in(organiser)
    from_csv = read_csv(client.get(f"/manage/cohorts/{cohort.id}/export.csv"))
    from_xlsx = read_xlsx(client.get(f"/manage/cohorts/{cohort.id}/export.xlsx"))
    assert from_csv == [["" if value is None else str(value) for value in row]
                        for row in from_xlsx]


def test_text_that_looks_like_a_formula_stays_text(
        client, sign_in, organiser, cohort, make_user, fixed_now):
    enroll(cohort, make_user(name='=HYPERLINK("http://evil.example","Klik")'), actor=None)
    sign_in(organiser)
    [_header, row] = read_csv(client.get(f"/manage/cohorts/{cohort.id}/export.csv"))
    assert row[0] == '\'=HYPERLINK("http://evil.example","Klik")'
    response = client.get(f"/manage/cohorts/{cohort.id}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://evil.example","Klik")'


@pytest.mark.parametrize("fmt", ["pdf", "json", "CSV"])
def test_an_unknown_format_is_not_found(client, sign_in, organiser, cohort, fmt):
    sign_in(organiser)
    assert client.get(f"/manage/cohorts/{cohort.id}/export.{fmt}").status_code == 404


def test_the_file_name_falls_back_to_the_round_id(
        client, sign_in, organiser, make_cohort, program):
    other = make_cohort(program, name="Раунд")
    sign_in(organiser)
    response = client.get(f"/manage/cohorts/{other.id}/export.csv")
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=cohort-{other.id}-progress.csv")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_the_participants(
        client, sign_in, organiser, cohort, make_session, add_participants, count_queries,
        fmt):
    session = make_session(cohort, starts_at=NOW - timedelta(days=1))
    sign_in(organiser)
    counts = []
    for size in (20, 380):  # both within one batch of 500
        add_participants(cohort, size, session)
        with count_queries() as statements:
            response = client.get(f"/manage/cohorts/{cohort.id}/export.{fmt}")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 12
