"""The roster upload page: the form, the templates to start from, and keeping the file."""
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.enrolment.models import RosterImport
from tests.rosters.helpers import TEMPLATE_HEADINGS, import_id_of, problems_on, sample


@pytest.fixture
def signed_in(sign_in, organiser):
    sign_in(organiser)
    return organiser


def imports(db):
    return db.session.scalar(select(func.count(RosterImport.id)))


def test_it_shows_the_form_the_columns_and_the_templates(signed_in, client, cohort):
    page = client.get(f"/manage/cohorts/{cohort.id}/roster").text
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
    assert 'aria-current="page" href="/manage/cohorts/%d/roster"' % cohort.id in page
    assert "/manage/roster-template.csv" in page and "/manage/roster-template.xlsx" in page
    assert "kode wilayah" in page and "participant (peserta)" in page


def test_it_keeps_the_file_and_opens_its_preview(signed_in, cohort, upload, db):
    response = upload(cohort, sample("roster_bom.csv"), "../../peserta.csv")
    assert response.status_code == 302
    roster_import = db.session.get(RosterImport, import_id_of(response))
    assert roster_import.cohort_id == cohort.id and roster_import.uploaded_by_id == signed_in.id
    assert roster_import.filename == "peserta.csv"
    assert roster_import.content == sample("roster_bom.csv")
    assert roster_import.applied_at is None


@pytest.mark.parametrize("filename", ["roster.txt", "roster.xls", "roster"])
def test_it_refuses_a_file_that_is_not_csv_or_xlsx(signed_in, cohort, upload, db, filename):
    response = upload(cohort, sample("roster_bom.csv"), filename)
    assert response.status_code == 200
    assert "Upload a CSV or XLSX file." in response.text
    assert imports(db) == 0


def test_it_asks_for_a_file(signed_in, client, cohort, db):
    response = client.post(f"/manage/cohorts/{cohort.id}/roster", data={},
                           content_type="multipart/form-data")
    assert response.status_code == 200 and "Choose a file." in response.text
    assert imports(db) == 0


def test_it_refuses_an_upload_without_csrf_token(signed_in, client, cohort, db):
    response = client.post(f"/manage/cohorts/{cohort.id}/roster", csrf=False,
                           data={"file": (io.BytesIO(sample("roster_bom.csv")), "roster.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert imports(db) == 0


def test_recent_uploads_are_listed_with_their_state(signed_in, client, cohort, upload):
    response = upload(cohort, sample("roster_bom.csv"), "angkatan-1.csv")
    client.post(response.location + "/apply", data={})
    upload(cohort, sample("roster_problems.csv"), "angkatan-2.csv")
    page = client.get(f"/manage/cohorts/{cohort.id}/roster").text
    page = page.split('id="imports-heading"', 1)[1]
    assert page.index("angkatan-2.csv") < page.index("angkatan-1.csv")
    assert "Applied: 3 people" in page and "Not applied" in page


def test_the_csv_template_has_the_headings_and_reads_back_clean(signed_in, client, cohort,
                                                                preview):
    response = client.get("/manage/roster-template.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.decode("utf-8-sig").strip() == ",".join(TEMPLATE_HEADINGS)
    filled = response.data + "Ujang Sobari,ujang@sumedangkab.go.id,,,,32.11,\r\n".encode()
    assert problems_on(preview(cohort, filled, "roster.csv").text) == []


def test_the_xlsx_template_keeps_nips_as_text_and_reads_back_clean(signed_in, client, cohort,
                                                                   preview, tmp_path):
    response = client.get("/manage/roster-template.xlsx")
    path = tmp_path / "roster.xlsx"
    path.write_bytes(response.data)
    workbook = load_workbook(path)
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == TEMPLATE_HEADINGS
    assert sheet.column_dimensions["C"].number_format == "@"  # NIP
    sheet.append(["Ujang Sobari", "ujang@sumedangkab.go.id", "198703122010011001", "", "",
                  "32.11", "peserta"])
    workbook.save(path)
    page = preview(cohort, path.read_bytes(), "roster.xlsx").text
    assert problems_on(page) == [] and "198703122010011001" in page


def test_there_is_no_template_of_other_kinds(signed_in, client):
    assert client.get("/manage/roster-template.xls").status_code == 404
