import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.benchmarking.outcomes import outcome_rows
from app.enrolment.services import enroll
from app.regions.models import Region

D = Decimal


def by_region(outcomes):
    return {row.region_code: row for row in outcomes.rows}


def test_baseline_latest_change_and_comparison_by_hand(example, program, framework):
    outcomes = outcome_rows(program.id, framework.framework)
    rows = by_region(outcomes)
    assert list(rows) == ["32.11", "32.73"]
    bandung, sumedang = rows["32.73"], rows["32.11"]
    assert (bandung.participants, bandung.training_year) == (2, 2023)
    assert (bandung.baseline_year, bandung.baseline) == (2022, D("2.50"))
    assert (bandung.latest_year, bandung.latest) == (2024, D("3.50"))
    assert bandung.change == D("1.00")
    assert (bandung.comparison_change, bandung.comparison_regions) == (D("0.30"), 2)
    assert (sumedang.participants, sumedang.training_year) == (1, 2024)
    assert (sumedang.baseline_year, sumedang.baseline) == (2023, D("2.40"))
    assert (sumedang.latest_year, sumedang.latest) == (2025, D("3.00"))
    assert sumedang.change == D("0.60")
    assert (sumedang.comparison_change, sumedang.comparison_regions) == (D("0.50"), 3)
    assert outcomes.reached_mean_change == D("0.80")
    assert outcomes.comparison_mean_change == D("0.40")


def test_a_round_counts_its_own_participants_and_compares_with_never_reached(
        example, program, cohort, framework):
    rows = by_region(outcome_rows(program.id, framework.framework, cohort))
    assert list(rows) == ["32.73"]
    # Sumedang (2022->2024 +0.50) was reached by round II, so it is no comparison
    assert (rows["32.73"].comparison_change, rows["32.73"].comparison_regions) == (D("0.30"), 2)


def test_without_scores_before_there_is_no_change(db, make_score, make_user, program, cohort,
                                                  framework):
    make_score("32.73", index="3.00", year=2027)
    enroll(cohort, make_user(region_code="32.73"), actor=None)
    row = outcome_rows(program.id, framework.framework).rows[0]
    assert (row.training_year, row.baseline, row.latest, row.change) == (2026, None,
                                                                         D("3.00"), None)
    assert row.comparison_change is None


def test_the_page_shows_the_table_averages_and_caution(client, sign_in, organiser, example,
                                                       program, cohort):
    sign_in(organiser)
    page = client.get(f"/manage/programs/{program.id}/outcomes")
    assert page.status_code == 200
    text = page.text
    assert "correlation, not proof that the training caused the change" in text
    assert 'id="reached-mean">0.80<' in text and 'id="comparison-mean">0.40<' in text
    assert "32.73" in text and "32.11" in text
    assert f"/manage/programs/{program.id}/outcomes.csv" in text
    round_page = client.get(f"/manage/cohorts/{cohort.id}/outcomes")
    assert round_page.status_code == 200 and "32.11" not in round_page.text
    assert f"/manage/programs/{program.id}/outcomes" in client.get(
        f"/manage/programs/{program.id}").text


def test_the_csv_export_parses_back(client, sign_in, organiser, example, program):
    sign_in(organiser)
    response = client.get(f"/manage/programs/{program.id}/outcomes.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert header[0] == "Region code" and len(header) == 11
    bandung = next(row for row in rows if row[0] == "32.73")
    expected = [2022, D("2.5"), 2024, D("3.5"), 1, D("0.3"), 2]
    assert [D(value) for value in bandung[4:11]] == expected


def test_the_xlsx_export_parses_back(client, sign_in, organiser, example, cohort):
    sign_in(organiser)
    response = client.get(f"/manage/cohorts/{cohort.id}/outcomes.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, *rows = list(sheet.values)
    assert len(rows) == 1 and rows[0][0] == "32.73" and rows[0][2] == 2
    assert rows[0][8] == pytest.approx(1.0) and rows[0][9] == pytest.approx(0.3)


def test_an_unknown_format_is_not_found(client, sign_in, organiser, program):
    sign_in(organiser)
    assert client.get(f"/manage/programs/{program.id}/outcomes.pdf").status_code == 404


def test_another_organiser_gets_not_found(client, sign_in, other_organiser, program, cohort):
    sign_in(other_organiser)
    for url in (f"/manage/programs/{program.id}/outcomes",
                f"/manage/programs/{program.id}/outcomes.csv",
                f"/manage/cohorts/{cohort.id}/outcomes",
                f"/manage/cohorts/{cohort.id}/outcomes.xlsx"):
        assert client.get(url).status_code == 404, url


def test_a_participant_is_forbidden(client, sign_in, participant, program, cohort):
    sign_in(participant)
    assert client.get(f"/manage/programs/{program.id}/outcomes").status_code == 403
    assert client.get(f"/manage/cohorts/{cohort.id}/outcomes.csv").status_code == 403


def test_the_query_count_does_not_grow_with_the_regions(db, make_score, make_user, make_cohort,
                                                        program, framework, count_queries):
    codes = db.session.scalars(select(Region.code).where(
        Region.province_code.in_(("32", "33")), Region.kind != "provinsi")
        .order_by(Region.code).limit(40)).all()
    round_ = make_cohort(program, starts_on=date(2024, 1, 10), ends_on=date(2024, 1, 20))

    def count(reached):
        for code in reached:
            make_score(code, index="2.00", year=2023)
            make_score(code, index="2.50", year=2025)
            enroll(round_, make_user(region_code=code), actor=None)
        db.session.flush()
        with count_queries() as statements:
            outcomes = outcome_rows(program.id, framework.framework)
        assert all(row.change == D("0.50") for row in outcomes.rows)
        return len(outcomes.rows), len(statements)

    rows_few, few = count(codes[:3])
    rows_many, many = count(codes[3:30])
    assert (rows_few, rows_many) == (3, 30)
    assert few == many
