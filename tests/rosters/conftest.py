"""Roster fixtures: the organiser reads English, real files go up through the upload form."""
import io

import pytest
from openpyxl import Workbook

from tests.rosters.helpers import store_exact_integers


@pytest.fixture
def upload(client):
    """Upload a roster file to the cohort; return the redirect to its preview."""

    def upload_file(cohort, content, filename):
        response = client.post(f"/manage/cohorts/{cohort.id}/roster",
                               data={"file": (io.BytesIO(content), filename)},
                               content_type="multipart/form-data")
        # Werkzeug's client closes the encoded body (a temp file when large) only when it
        # follows redirects itself.
        response.request.input_stream.close()
        return response

    return upload_file


@pytest.fixture
def preview(client, upload):
    """Upload a roster file and open its preview."""

    def upload_and_open(cohort, content, filename="roster.csv"):
        response = upload(cohort, content, filename)
        assert response.status_code == 302, response.text
        return client.get(response.location)

    return upload_and_open


@pytest.fixture
def xlsx(tmp_path):
    """Write rows into a real workbook with openpyxl and return its bytes.

    `exact` integers are then stored digit for digit, as some exporters write them; openpyxl
    itself writes numbers with at most 16 significant digits.
    """

    def write(rows, exact=()):
        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)
        path = tmp_path / "roster.xlsx"
        workbook.save(path)
        if exact:
            store_exact_integers(path, exact)
        return path.read_bytes()

    return write
