"""The JP report page: who may open it, what it shows, its filters and its query budget."""
from datetime import date
from decimal import Decimal

import pytest

from tests.reports.conftest import report_table

URL = "/manage/reports/jp"


@pytest.fixture
def jabar(db, organisation):
    organisation.region_code = "32"
    db.session.flush()
    return organisation


def test_it_shows_each_persons_jp_against_the_target(
        client, sign_in_en, organiser, courses, cohort, enrollment, participant, finish_course,
        make_session, attend):
    for course in courses:
        finish_course(enrollment, course)
    attend(enrollment, make_session(cohort, jp=Decimal("11.5")))
    sign_in_en(organiser)
    response = client.get(URL, query_string={"year": 2026})
    assert response.status_code == 200
    [row] = report_table(response.text)
    assert row["name"] == participant.name
    assert (row["course_jp"], row["session_jp"], row["total_jp"], row["cohorts"]) == (
        "8", "11.5", "19.5", "1")
    assert row["target"] == "below target"
    assert "reach 20 JP a year" in response.text


@pytest.mark.parametrize("locale, shown", [("id", "2,5"), ("en", "2.5")])
def test_numbers_follow_the_users_locale(client, sign_in, db, organiser, cohort, enrollment,
                                         make_session, attend, locale, shown):
    attend(enrollment, make_session(cohort, jp=Decimal("2.5")))
    organiser.locale = locale
    db.session.flush()
    sign_in(organiser)
    [row] = report_table(client.get(URL, query_string={"year": 2026}).text)
    assert row["total_jp"] == shown


@pytest.mark.parametrize("who, status", [("participant", 403), ("coach", 403),
                                         ("organiser", 200), ("admin", 200)])
def test_only_organisers_and_admins_may_open_it(request, client, sign_in, who, status):
    sign_in(request.getfixturevalue(who))
    assert client.get(URL).status_code == status


def test_it_asks_strangers_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_an_organiser_sees_only_jp_earned_in_their_organisations_rounds(
        client, sign_in_en, organiser, other_organiser, admin, courses, enrollment, participant,
        make_program, make_cohort, enrol, finish_course):
    theirs = other_organiser.role_grants[0].organisation
    elsewhere = enrol(make_cohort(make_program(courses, organisation=theirs, slug="theirs")),
                      user=participant)
    finish_course(enrollment, courses[0])
    finish_course(elsewhere, courses[1])
    totals = {}
    for viewer in (organiser, other_organiser, admin):
        sign_in_en(viewer)
        [row] = report_table(client.get(URL, query_string={"year": 2026}).text)
        totals[viewer.name] = row["total_jp"], row["cohorts"]
        client.post("/sign-out", data={})
    assert totals == {organiser.name: ("4", "1"), other_organiser.name: ("4", "1"),
                      admin.name: ("8", "2")}


def test_people_of_other_organisations_are_not_listed(client, sign_in_en, organiser, participant,
                                                      outsider):
    sign_in_en(organiser)
    names = [row["name"] for row in report_table(client.get(URL).text)]
    assert names == [participant.name]


@pytest.mark.parametrize("region, names", [
    ("", ["Cilacap", "Jabar", "Sumedang"]), ("32", ["Jabar", "Sumedang"]),
    ("32.11", ["Sumedang"]), ("33", ["Cilacap"])])
def test_it_filters_by_province_or_regency(client, sign_in_en, organiser, jabar, cohort, enrol,
                                           region, names):
    for name, region_code in (("Sumedang", "32.11"), ("Jabar", "32"), ("Cilacap", "33.01")):
        enrol(cohort, name=name, region_code=region_code)
    sign_in_en(organiser)
    page = client.get(URL, query_string={"region": region, "sort": "name"}).text
    assert [row["name"] for row in report_table(page)] == names


def test_the_region_select_lists_provinces_and_the_organisations_regencies(
        client, sign_in_en, organiser, jabar):
    sign_in_en(organiser)
    page = client.get(URL).text
    assert '<optgroup label="Provinces">' in page
    assert '<optgroup label="Jawa Barat">' in page
    assert 'value="33">33 Jawa Tengah' in page
    assert 'value="32.11">32.11 Kabupaten Sumedang' in page
    assert 'value="33.01"' not in page


def test_the_year_select_offers_years_with_data_and_this_one(
        client, sign_in_en, organiser, make_cohort, program):
    make_cohort(program, name="Old round", starts_on=date(2024, 5, 1), ends_on=date(2024, 5, 20))
    sign_in_en(organiser)
    page = client.get(URL).text
    for year in (2024, 2025, 2026):
        assert f'value="{year}">{year}</option>' in page
    assert 'value="2023"' not in page


def test_values_not_on_offer_fall_back_to_the_defaults(client, sign_in_en, organiser,
                                                       participant):
    sign_in_en(organiser)
    response = client.get(URL, query_string={"year": "1999", "region": "99.99", "sort": "x"})
    assert response.status_code == 200
    assert [row["name"] for row in report_table(response.text)] == [participant.name]


def test_it_pages_fifty_people_at_a_time_keeping_the_filters(client, sign_in_en, organiser,
                                                             cohort, enrol):
    for n in range(51):
        enrol(cohort, name=f"Person {n:02d}")
    sign_in_en(organiser)
    first = client.get(URL, query_string={"sort": "name", "year": 2026}).text
    assert len(report_table(first)) == 50
    assert "year=2026" in first and "sort=name" in first and "page=2" in first
    second = client.get(URL, query_string={"sort": "name", "year": 2026, "page": 2}).text
    assert [row["name"] for row in report_table(second)] == ["Person 50"]
    assert client.get(URL, query_string={"page": 9}).status_code == 404


def test_the_page_costs_the_same_queries_for_5_or_50_people(
        client, sign_in_en, organiser, courses, cohort, enrol, finish_course, make_session,
        attend, count_queries):
    session = make_session(cohort, jp=Decimal(2))
    sign_in_en(organiser)

    def measure(people):
        for _ in range(people):
            enrollment = enrol(cohort)
            finish_course(enrollment, courses[0])
            attend(enrollment, session)
        with count_queries() as statements:
            assert client.get(URL, query_string={"year": 2026}).status_code == 200
        return len(statements)

    five, fifty = measure(5), measure(45)
    assert five == fifty <= 7, (five, fifty)  # with the notification bell's count


def test_the_programs_page_links_to_the_report(client, sign_in_en, organiser):
    sign_in_en(organiser)
    assert f'href="{URL}"' in client.get("/manage/").text
