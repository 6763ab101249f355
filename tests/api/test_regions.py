"""Regions as reference data for any token, and SPBE scores for those who may see the
benchmark dashboard."""
import json
from datetime import timedelta
from decimal import Decimal

import pytest

from app import clock
from app.benchmarking.models import Framework, RegionScore
from tests.api.conftest import assert_problem


@pytest.fixture
def framework(db):
    framework = Framework(slug="spbe-test", name="SPBE (test)")
    db.session.add(framework)
    db.session.flush()
    return framework


@pytest.fixture
def make_score(db, framework):
    def make(region_code, year=2024, stage="official", index="3.10", **overrides):
        score = RegionScore(region_code=region_code, framework_id=framework.id, year=year,
                            stage=stage, index=Decimal(index), predicate="Baik",
                            source="KemenPANRB", **overrides)
        db.session.add(score)
        db.session.flush()
        return score

    return make


@pytest.fixture
def scores(make_score):
    """Sumedang (West Java) in two years and stages, and Semarang city (Central Java)."""
    return [make_score("32.11"), make_score("32.11", year=2023, stage="self_assessment"),
            make_score("33.74", index="4.05")]


def codes(response):
    assert response.status_code == 200, response.text
    return [r.get("code") or r.get("region_code") for r in response.get_json()]


def test_any_token_reads_a_region(api_as, participant):
    body = api_as(participant).get("/api/v1/regions/32.11").get_json()
    assert body == {"code": "32.11", "name": "Kabupaten Sumedang", "level": "regency",
                    "kind": "kabupaten", "province_code": "32"}


def test_a_province_has_no_province_code(api_as, participant):
    body = api_as(participant).get("/api/v1/regions/32").get_json()
    assert body["level"] == "province" and body["province_code"] is None


def test_an_unknown_region_is_not_found(api_as, participant):
    assert_problem(api_as(participant).get("/api/v1/regions/99.99"), 404)


def test_regions_filter_by_level(api_as, participant):
    response = api_as(participant).get("/api/v1/regions?level=province&page_size=200")
    assert len(codes(response)) == 38 and all(len(code) == 2 for code in codes(response))


def test_regions_of_a_province_include_cities(api_as, participant):
    caller = api_as(participant)
    found = codes(caller.get("/api/v1/regions?province=32&page_size=200"))
    assert found[0] == "32" and "32.11" in found and "32.73" in found
    assert all(code.startswith("32") for code in found)
    regencies = caller.get("/api/v1/regions?province=32&level=regency&page_size=200")
    assert codes(regencies) == found[1:]


def test_regions_filter_by_part_of_the_name_in_any_case(api_as, participant):
    response = api_as(participant).get("/api/v1/regions?q=sUMEDANG")
    assert codes(response) == ["32.11"]


def test_a_malformed_province_is_refused_naming_the_parameter(api_as, participant):
    body = assert_problem(api_as(participant).get("/api/v1/regions?province=3"), 422)
    assert body["errors"][0]["parameter"] == "province"


def test_regions_are_paged(api_as, participant):
    caller = api_as(participant)
    every = codes(caller.get("/api/v1/regions?level=province&page_size=200"))
    response = caller.get("/api/v1/regions?level=province&page_size=10&page=2")
    assert codes(response) == every[10:20]
    assert json.loads(response.headers["X-Pagination"])["total"] == 38
    assert 'rel="next"' in response.headers["Link"]


@pytest.mark.parametrize("who, status", [
    ("participant", 403), ("organiser", 200), ("admin", 200), ("coach", 200),
    ("mentor", 200)])
def test_spbe_scores_are_for_those_who_see_the_benchmark_dashboard(
        request, api_as, scores, who, status):
    response = api_as(request.getfixturevalue(who)).get("/api/v1/spbe-scores")
    if status == 403:
        assert_problem(response, 403)
    else:
        assert len(codes(response)) == 3


def test_a_score_names_its_region_and_framework(api_as, organiser, scores):
    body = api_as(organiser).get("/api/v1/spbe-scores?region_code=33.74").get_json()
    assert body == [{"region_code": "33.74", "region_name": "Kota Semarang",
                     "framework": "spbe-test", "year": 2024, "stage": "official",
                     "index": "4.05", "predicate": "Baik", "source": "KemenPANRB",
                     "updated_at": body[0]["updated_at"]}]
    assert body[0]["updated_at"].endswith("+00:00")


@pytest.mark.parametrize("query, expected", [
    ("province=32", ["32.11", "32.11"]), ("year=2023", ["32.11"]),
    ("stage=official", ["32.11", "33.74"]), ("framework=spbe-test", ["32.11", "32.11", "33.74"]),
    ("framework=elsewhere", [])])
def test_spbe_scores_filter(api_as, organiser, scores, query, expected):
    assert codes(api_as(organiser).get(f"/api/v1/spbe-scores?{query}")) == expected


def test_spbe_scores_updated_since(api_as, organiser, scores):
    later = clock.now() + timedelta(minutes=1)
    param = later.isoformat().replace("+", "%2B")
    assert codes(api_as(organiser).get(f"/api/v1/spbe-scores?updated_since={param}")) == []
    param = (later - timedelta(hours=1)).isoformat().replace("+", "%2B")
    assert len(codes(api_as(organiser).get(f"/api/v1/spbe-scores?updated_since={param}"))) == 3
