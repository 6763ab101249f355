"""The JP report as CSV and XLSX: every matching person, the page's numbers, safe cells."""
import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from tests.reports.conftest import report_table

URL = "/manage/reports/jp"
HEADER = ["Name", "NIP", "Position", "Institution", "Region code", "Region", "Course JP",
          "Session JP", "Certificate JP", "Total JP", "Target"]


def read_csv(response):
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True).active
    return [["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)]


READERS = {"csv": read_csv, "xlsx": read_xlsx}
NIPS = {"Ani": "198001012005011001", "Budi": "198001012005011002",
        "Cici": "198001012005011003"}


@pytest.fixture
def people(db, courses, cohort, enrol, finish_course, make_session, attend):
    """Three people of West Java at 19.5, 20 and 4 JP."""
    first, second = make_session(cohort, jp=Decimal("11.5")), make_session(cohort, jp=Decimal(12))
    values = {"position": "Kepala Bidang", "institution": "Diskominfo Sumedang",
              "region_code": "32.11"}
    for name, session in (("Ani", first), ("Budi", second), ("Cici", None)):
        enrollment = enrol(cohort, name=name, nip=NIPS[name], **values)
        finish_course(enrollment, courses[0])
        if session is not None:
            finish_course(enrollment, courses[1])
            attend(enrollment, session)


@pytest.mark.parametrize("fmt", READERS)
def test_the_export_holds_what_the_page_shows(client, sign_in_en, organiser, people, fmt):
    sign_in_en(organiser)
    filters = {"year": 2026, "region": "32", "sort": "total"}
    page = report_table(client.get(URL, query_string=filters).text)
    response = client.get(f"{URL}.{fmt}", query_string=filters)
    assert response.status_code == 200
    assert "attachment; filename=jp-2026-32." + fmt in response.headers["Content-Disposition"]
    header, *rows = READERS[fmt](response)
    assert header == HEADER
    assert [row[0] for row in rows] == ["Cici", "Ani", "Budi"]
    assert [row["name"] for row in page] == [f"{row[0]} NIP {row[1]}" for row in rows]
    assert [row[1] for row in rows] == [NIPS[name] for name in ("Cici", "Ani", "Budi")]
    for exported, shown in zip(rows, page):
        assert exported[2:6] == ["Kepala Bidang", "Diskominfo Sumedang", "32.11",
                                 "Kabupaten Sumedang"]
        assert [Decimal(value) for value in exported[6:10]] == [
            Decimal(shown[key]) for key in ("course_jp", "session_jp", "certificate_jp",
                                            "total_jp")]
        assert exported[10] == shown["target"]
    assert [row[10] for row in rows] == ["below target", "below target", "target met"]


@pytest.mark.parametrize("fmt", READERS)
def test_the_export_holds_every_person_not_one_page(client, sign_in_en, organiser, cohort,
                                                    enrol, fmt):
    for n in range(55):
        enrol(cohort, name=f"Person {n:02d}")
    sign_in_en(organiser)
    _header, *rows = READERS[fmt](client.get(f"{URL}.{fmt}"))
    assert len(rows) == 55


@pytest.mark.parametrize("fmt", READERS)
def test_the_export_applies_the_region_filter(client, sign_in_en, organiser, cohort, enrol, fmt):
    enrol(cohort, name="Sumedang", region_code="32.11")
    enrol(cohort, name="Cilacap", region_code="33.01")
    sign_in_en(organiser)
    _header, *rows = READERS[fmt](client.get(f"{URL}.{fmt}", query_string={"region": "33"}))
    assert [row[0] for row in rows] == ["Cilacap"]


@pytest.mark.parametrize("fmt", READERS)
def test_text_that_looks_like_a_formula_stays_text(client, sign_in_en, organiser, cohort, enrol,
                                                   fmt):
    enrol(cohort, name="=HYPERLINK(\"http://evil.example\")", institution="@SUM(A1)")
    sign_in_en(organiser)
    response = client.get(f"{URL}.{fmt}")
    if fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(response.data)) as package:
            assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")
    _header, row = READERS[fmt](response)
    prefix = "'" if fmt == "csv" else ""
    assert row[0] == prefix + "=HYPERLINK(\"http://evil.example\")"
    assert row[3] == prefix + "@SUM(A1)"


@pytest.mark.parametrize("fmt", READERS)
def test_exports_cost_the_same_queries_for_5_or_50_people(client, sign_in_en, organiser, cohort,
                                                          enrol, count_queries, fmt):
    sign_in_en(organiser)

    def measure(people):
        for _ in range(people):
            enrol(cohort)
        with count_queries() as statements:
            assert client.get(f"{URL}.{fmt}").status_code == 200
        return len(statements)

    five, fifty = measure(5), measure(45)
    assert five == fifty <= 5, (five, fifty)


def test_an_unknown_format_is_not_found(client, sign_in_en, organiser):
    sign_in_en(organiser)
    assert client.get(f"{URL}.pdf").status_code == 404


@pytest.mark.parametrize("fmt", READERS)
def test_participants_may_not_export(client, sign_in, participant, fmt):
    sign_in(participant)
    assert client.get(f"{URL}.{fmt}").status_code == 403


def test_an_organiser_exports_only_their_organisations_jp(
        client, sign_in_en, organiser, other_organiser, courses, enrollment, participant,
        make_program, make_cohort, enrol, finish_course):
    theirs = other_organiser.role_grants[0].organisation
    elsewhere = enrol(make_cohort(make_program(courses, organisation=theirs, slug="theirs")),
                      user=participant)
    finish_course(enrollment, courses[0])
    finish_course(elsewhere, courses[1])
    finish_course(enrol(elsewhere.cohort, name="Their Person"), courses[0])
    sign_in_en(organiser)
    _header, *rows = read_csv(client.get(f"{URL}.csv"))
    assert [(row[0], row[9]) for row in rows] == [(participant.name, "4")]
