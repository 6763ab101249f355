"""The dashboard's numbers for the demo province, West Java ("32")."""
from decimal import Decimal

import pytest

from app.benchmarking import dashboard
from app.regions.queries import find_region


@pytest.fixture
def board(app, framework, west_java):
    def make(code="32.11", year=2024, target=Decimal("3.50")):
        return dashboard.region_board(find_region(code), framework.framework, year, target)
    return make


def ranks(standing):
    return ((standing.province_rank, standing.province_peers),
            (standing.kind_rank, standing.kind_peers),
            (standing.national_rank, standing.national_peers))


def test_ranks_sumedang_among_province_kind_and_nation_with_ties(board):
    standing = board("32.11").standing
    assert standing.index == Decimal("3.20")
    assert ranks(standing) == ((3, 6), (2, 4), (5, 8))


def test_a_tie_shares_the_rank(board):
    assert ranks(board("32.04").standing) == ((3, 6), (2, 4), (5, 8))


def test_ranks_a_city_among_cities(board):
    assert ranks(board("32.73").standing) == ((1, 6), (2, 4), (2, 8))


def test_shows_the_official_score_over_a_self_assessment(board):
    standing = board("32.01").standing
    assert (standing.stage, standing.index) == ("official", Decimal("2.50"))
    assert ranks(standing)[0] == (6, 6)


def test_falls_back_to_the_self_assessment(board):
    standing = board("32.72").standing
    assert (standing.stage, standing.index) == ("self_assessment", Decimal("2.90"))


def test_gap_to_the_default_target(board):
    assert board("32.11").gap_to_target == Decimal("0.30")


def test_gap_to_a_custom_target(board):
    assert board("32.11", target=Decimal("4.00")).gap_to_target == Decimal("0.80")


def test_a_region_above_the_target_has_reached_it(board):
    assert board("32.73").gap_to_target == Decimal("-0.60")


def test_target_comes_from_config_override_or_province(app):
    with app.test_request_context():
        assert dashboard.target_index("32") == Decimal("3.50")
        assert dashboard.target_index("32", "4") == Decimal("4.00")
        assert dashboard.target_index("32", "nonsense") == Decimal("3.50")
        assert dashboard.target_index("32", "9") == Decimal("3.50")
        app.config["BENCHMARK_PROVINCE_TARGETS"] = {"32": 3.8}
        try:
            assert dashboard.target_index("32") == Decimal("3.80")
            assert dashboard.target_index("33") == Decimal("3.50")
        finally:
            app.config["BENCHMARK_PROVINCE_TARGETS"] = {}


def test_domain_and_aspect_scores_against_the_province_average(board):
    result = board("32.11")
    numbers = {gap.element.code: (gap.score, gap.province_average)
               for gap in result.domains + result.aspects}
    assert numbers == {
        "D1": (Decimal("3.17"), Decimal("3.56")), "D2": (Decimal("3.25"), Decimal("3.42")),
        "A1": (Decimal("4.33"), Decimal("3.78")), "A2": (Decimal("2.00"), Decimal("3.33")),
        "A3": (Decimal("3.25"), Decimal("3.42"))}


def test_lags_most_first(board):
    lagging = [gap.element.code for gap in board("32.11").lagging]
    assert lagging[:2] == ["A2", "D1"]
    assert lagging[-1] == "A1"


def test_trend_shows_one_index_a_year_official_first(board):
    trend = [(p.year, p.stage, p.index) for p in board("32.11").trend]
    assert trend == [(2022, "official", Decimal("2.40")),
                     (2023, "self_assessment", Decimal("2.80")),
                     (2024, "official", Decimal("3.20"))]


def test_province_standings_list_every_scored_region_best_first(app, framework, west_java):
    rows = dashboard.province_standings(framework.framework.id, 2024, "32")
    assert [row.region_code for row in rows] == ["32.73", "32.71", "32.04", "32.11", "32.72",
                                                 "32.01"]


def test_no_score_leaves_the_board_empty(board):
    result = board("32.02")
    assert result.standing is None and result.trend == [] and result.gap_to_target is None
