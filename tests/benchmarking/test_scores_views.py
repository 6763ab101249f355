"""The score pages: who may enter scores, entering one, and the all-or-nothing import."""
import base64
import io
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.benchmarking.models import IndicatorLevel, RegionScore
from tests.conftest import SUITE_NOW


@pytest.fixture
def jabar_organiser(organisation, organiser, db):
    """The cast's organiser, whose organisation is West Java's (province 32)."""
    organisation.region_code = "32"
    db.session.flush()
    return organiser


def score_count(db):
    return db.session.scalar(select(func.count()).select_from(RegionScore))


def upload(client, text, filename="scores.csv"):
    return client.post("/manage/scores/import", data={
        "file": (io.BytesIO(text.encode("utf-8")), filename)},
        content_type="multipart/form-data")


@pytest.mark.parametrize("url", ["/manage/scores/", "/manage/scores/new",
                                 "/manage/scores/import"])
def test_it_refuses_participants(client, sign_in, participant, spbe, url):
    sign_in(participant)
    assert client.get(url).status_code == 403


def test_organiser_enters_an_index_for_a_regency_of_their_province(
        client, sign_in_en, jabar_organiser, spbe, db):
    sign_in_en(jabar_organiser)
    response = client.post(f"/manage/scores/new?framework={spbe.id}", data={
        "region_code": "32.11", "year": "2024", "stage": "self_assessment", "index": "3.50",
        "source": "Tim SPBE"})
    assert response.status_code == 302, response.text
    score = db.session.scalar(select(RegionScore))
    assert (score.region_code, score.index, score.predicate, score.entered_by_id) == \
        ("32.11", Decimal("3.50"), "Sangat Baik", jabar_organiser.id)
    assert "Kabupaten Sumedang" in client.get("/manage/scores/?year=2024").text


def test_levels_win_over_the_index_and_a_second_entry_replaces_the_first(
        client, sign_in_en, jabar_organiser, spbe, db):
    sign_in_en(jabar_organiser)
    form = client.get(f"/manage/scores/new?framework={spbe.id}").text
    level_fields = re.findall(r'name="(level_\d+)"', form)
    assert len(level_fields) == 47
    data = {"region_code": "32.11", "year": "2024", "stage": "official", "index": "1.00"}
    client.post("/manage/scores/new", data={**data, "index": "2.00"})
    response = client.post("/manage/scores/new", data={**data, **dict.fromkeys(level_fields,
                                                                               "3")})
    assert response.status_code == 302, response.text
    score = db.session.scalar(select(RegionScore))
    assert (score_count(db), score.index, score.predicate) == (1, Decimal("3.00"), "Baik")
    assert db.session.scalar(select(func.count()).select_from(IndicatorLevel)) == 47


def test_organiser_of_another_province_is_refused(client, sign_in_en, other_organiser, spbe,
                                                  db, make_organisation):
    other_organiser.role_grants[0].organisation.region_code = "33"
    db.session.flush()
    sign_in_en(other_organiser)
    response = client.post("/manage/scores/new", data={
        "region_code": "32.11", "year": "2024", "stage": "official", "index": "3.50"})
    assert response.status_code == 422
    assert "You may not enter scores for Kabupaten Sumedang." in response.text
    assert score_count(db) == 0


def test_scores_of_other_provinces_are_not_listed(client, sign_in_en, other_organiser, spbe,
                                                  db):
    from app.benchmarking.services import record_published_scores
    record_published_scores(spbe)
    sign_in_en(other_organiser)
    assert "Kabupaten Sumedang" not in client.get("/manage/scores/").text


BAD_FILE = """Region code,Year,Stage,Index,Source
32.11,2024,official,3.5,KemenPANRB
99.99,2024,official,3.5,
33.01,2024,official,3.5,
32.73,2017,official,3.5,
32.73,2024,official,5.5,
32.05,2024,,3.2,
32.11,2024,official,3.9,
"""


def test_import_reports_every_problem_by_row_and_column_and_saves_nothing(
        client, sign_in_en, jabar_organiser, spbe, db):
    sign_in_en(jabar_organiser)
    response = upload(client, BAD_FILE)
    assert response.status_code == 200
    rows = re.findall(r'<tr class="problem">(.*?)</tr>', response.text, re.S)
    problems = [tuple(re.findall(r"<td>(.*?)</td>", cells)) for cells in rows]
    assert problems == [
        ("3", "Region code", "99.99 is not a known region code."),
        ("4", "Region code", "You may not enter scores for Kabupaten Cilacap."),
        ("5", "Year", f"The year must be from 2018 to {SUITE_NOW.year}."),
        ("6", "Index", "The index must be a number from 1 to 5."),
        ("7", "Stage", "Stage is missing."),
        ("8", "Region code", "Row 2 already has this region, year and stage."),
    ]
    assert 'name="content"' not in response.text
    assert score_count(db) == 0


def test_import_with_levels_checks_each_level(client, sign_in_en, jabar_organiser, spbe, db):
    sign_in_en(jabar_organiser)
    heading = "Region code,Year,Stage," + ",".join(f"I{n}" for n in range(1, 48))
    levels = ["3"] * 46 + ["6"]
    response = upload(client, f"{heading}\n32.11,2024,official,{','.join(levels)}\n")
    assert "A level is a whole number from 1 to 5." in response.text
    assert ">I47<" in response.text


def test_import_saves_nothing_until_confirmed_then_everything(
        client, sign_in_en, jabar_organiser, spbe, db):
    sign_in_en(jabar_organiser)
    heading = "kode wilayah;tahun;tahap;indeks;sumber;" + ";".join(str(n) for n in range(1, 48))
    text = (f"{heading}\n32.11;2024;official;3,50;KemenPANRB;{';'.join(['']*47)}\n"
            f"32.73;2024;self_assessment;;Tim;{';'.join(['4'] * 47)}\n")
    preview = upload(client, text)
    assert "No problems found." in preview.text
    assert score_count(db) == 0

    content = re.search(r'name="content" value="([^"]+)"', preview.text).group(1)
    assert base64.b64decode(content).decode() == text
    response = client.post(f"/manage/scores/import/apply?framework={spbe.id}",
                           data={"filename": "scores.csv", "content": content})

    assert response.status_code == 302, response.text
    scores = {s.region_code: s for s in db.session.scalars(select(RegionScore))}
    assert (scores["32.11"].index, scores["32.11"].source) == (Decimal("3.50"), "KemenPANRB")
    assert (scores["32.73"].index, scores["32.73"].predicate) == \
        (Decimal("4.00"), "Sangat Baik")


def test_confirm_checks_the_file_again(client, sign_in_en, jabar_organiser, spbe, db):
    sign_in_en(jabar_organiser)
    tampered = base64.b64encode(b"Region code,Year,Stage,Index\n33.01,2024,official,3\n")
    response = client.post("/manage/scores/import/apply", data={
        "filename": "scores.csv", "content": tampered.decode()})
    assert response.status_code == 409
    assert "You may not enter scores for Kabupaten Cilacap." in response.text
    assert score_count(db) == 0
