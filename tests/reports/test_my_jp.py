"""A participant's own JP: the report's figure for them, item by item and month by month, on
their own page and on My learning."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from app import clock
from app.certificates.models import Certificate
from app.reports.jp import JpFilters, report_rows
from app.reports.person_jp import PersonJp, months_so_far, person_jp, person_years

JUNE = datetime(2026, 6, 1, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def certify(db):
    """A certificate of the enrollment's round, as issued on `issued_on`."""
    counter = iter(range(1, 1000))

    def issue(enrollment, issued_on=date(2026, 9, 1), jp=Decimal(10), revoked=False):
        n = next(counter)
        cohort = enrollment.cohort
        certificate = Certificate(
            enrollment_id=enrollment.id, number=f"CERT/{n}", verification_code=f"code-{n}",
            holder_name="Holder", program_title=cohort.program.title, cohort_name=cohort.name,
            cohort_starts_on=cohort.starts_on, cohort_ends_on=cohort.ends_on,
            organisation_name=cohort.program.organisation.name, jp=jp, issued_on=issued_on,
            revoked_at=clock.now() if revoked else None)
        db.session.add(certificate)
        db.session.flush()
        return certificate

    return issue


@pytest.fixture
def other_round(make_organisation, make_program, make_cohort, courses, enrol, participant):
    """The participant's enrollment in a round of another organisation."""
    program = make_program(courses, organisation=make_organisation(), slug="elsewhere",
                           title="Public Service Ethics")
    return enrol(make_cohort(program, name="Other round"), user=participant)


def report_total(user, year=2026):
    rows = {row.id: row for row in report_rows(JpFilters(year), None, 20)}
    return rows[user.id].total_jp


# --- the service -----------------------------------------------------------------------------

def test_a_persons_total_is_the_reports_figure_for_them(
        db, courses, cohort, enrollment, participant, other_round, finish_course, make_session,
        attend, certify, make_cohort, program, enrol):
    finish_course(enrollment, courses[0], at=JUNE)
    attend(enrollment, make_session(cohort, jp=Decimal("2.5")))
    certified = enrol(make_cohort(program, name="Angkatan II"), user=participant)
    certify(certified, jp=Decimal("7.25"))
    finish_course(other_round, courses[1], at=JUNE)
    jp = person_jp(participant.id, 2026)
    assert jp.total == report_total(participant) == Decimal("17.75")
    assert jp.by_kind == {"course": 8, "session": Decimal("2.5"),
                          "certificate": Decimal("7.25")}


def test_each_item_says_what_it_is_its_round_when_and_its_kind(
        db, courses, cohort, enrollment, participant, finish_course, make_session, attend,
        certify, make_cohort, program, enrol):
    finish_course(enrollment, courses[0], at=JUNE)
    attend(enrollment, make_session(cohort, title="Opening lecture", jp=Decimal(2)))
    certify(enrol(make_cohort(program, name="Angkatan II"), user=participant),
            issued_on=date(2026, 12, 3))
    items = [(item.earned_on, item.kind, item.title, item.cohort_name, item.jp)
             for item in person_jp(participant.id, 2026).items]
    assert items == [
        (date(2026, 6, 1), "course", courses[0].title, "Angkatan I", 4),
        (date(2026, 11, 17), "session", "Opening lecture", "Angkatan I", 2),
        (date(2026, 12, 3), "certificate", "Digital Leadership", "Angkatan II", 10),
    ]


def test_a_revoked_certificate_counts_nothing_and_gives_back_its_rounds_jp(
        db, courses, enrollment, participant, finish_course, certify):
    finish_course(enrollment, courses[0], at=JUNE)
    certify(enrollment, revoked=True)
    jp = person_jp(participant.id, 2026)
    assert [item.kind for item in jp.items] == ["course"]
    assert jp.total == report_total(participant) == 4


def test_a_current_certificate_replaces_its_rounds_courses_and_sessions(
        db, courses, cohort, enrollment, participant, finish_course, make_session, attend,
        certify):
    finish_course(enrollment, courses[0], at=JUNE)
    attend(enrollment, make_session(cohort))
    certify(enrollment, jp=Decimal(12))
    assert [(item.kind, item.jp) for item in person_jp(participant.id, 2026).items] == [
        ("certificate", 12)]


def test_a_session_at_eleven_pm_on_new_years_eve_counts_in_december(
        db, cohort, enrollment, participant, make_session, attend):
    eleven_pm_wib = datetime(2026, 12, 31, 16, 0, tzinfo=timezone.utc)
    attend(enrollment, make_session(cohort, starts_at=eleven_pm_wib, jp=Decimal(3)))
    jp = person_jp(participant.id, 2026)
    assert [item.earned_on for item in jp.items] == [date(2026, 12, 31)]
    assert (jp.by_month[10], jp.by_month[11]) == (0, 3)
    assert person_jp(participant.id, 2027).items == ()
    assert person_years(participant.id, 2026) == [2026]


def test_months_add_up(db, courses, cohort, enrollment, participant, finish_course,
                       make_session, attend):
    finish_course(enrollment, courses[0], at=datetime(2026, 3, 10, 3, tzinfo=timezone.utc))
    attend(enrollment, make_session(cohort, jp=Decimal("1.5")))  # 17 November
    assert person_jp(participant.id, 2026).by_month == (
        0, 0, 4, 4, 4, 4, 4, 4, 4, 4, Decimal("5.5"), Decimal("5.5"))


def test_another_organisations_rounds_count_for_the_person(
        db, courses, participant, other_round, finish_course):
    finish_course(other_round, courses[1], at=JUNE)
    jp = person_jp(participant.id, 2026)
    assert [(item.cohort_name, item.jp) for item in jp.items] == [("Other round", 4)]


def test_the_years_are_those_with_jp_and_this_one_newest_first(
        db, courses, cohort, enrollment, participant, finish_course, make_session, attend,
        make_cohort, program, enrol, certify):
    finish_course(enrollment, courses[0], at=datetime(2023, 5, 1, tzinfo=timezone.utc))
    late = datetime(2024, 12, 31, 17, 30, tzinfo=timezone.utc)  # 00:30 on 1 January 2025 WIB
    attend(enrollment, make_session(cohort, starts_at=late))
    certify(enrol(make_cohort(program, name="Angkatan II"), user=participant),
            issued_on=date(2021, 2, 1))
    enrol(make_cohort(program, name="2019 round", starts_on=date(2019, 3, 1),
                      ends_on=date(2019, 4, 1)), user=participant)
    assert person_years(participant.id, 2026) == [2026, 2025, 2023, 2021]


def test_months_so_far_stop_at_this_month_in_jakarta(app, set_clock):
    with app.app_context():
        set_clock(datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc))  # 1 January in Jakarta
        assert months_so_far(2027) == 1
        assert months_so_far(2026) == 12
        set_clock(datetime(2026, 11, 24, tzinfo=timezone.utc))
        assert months_so_far(2026) == 11


def test_a_persons_jp_and_years_cost_one_query_each_however_many_items(
        db, courses, cohort, enrollment, participant, finish_course, make_session, attend,
        count_queries):
    with count_queries() as few:
        person_jp(participant.id, 2026)
        person_years(participant.id, 2026)
    for course in courses:
        finish_course(enrollment, course, at=JUNE)
    for _n in range(5):
        attend(enrollment, make_session(cohort))
    with count_queries() as many:
        jp = person_jp(participant.id, 2026)
        person_years(participant.id, 2026)
    assert len(jp.items) == 7
    assert len(few) == len(many) == 2


# --- the page ----------------------------------------------------------------------------------

def test_the_page_shows_only_my_own_jp(
        db, client, sign_in_en, cohort, enrollment, participant, make_session, attend, enrol):
    attend(enrollment, make_session(cohort, title="My workshop", jp=Decimal(3)))
    attend(enrol(cohort, name="Someone Else"),
           make_session(cohort, title="Their seminar", jp=Decimal(9)))
    sign_in_en(participant)
    page = client.get("/jp?year=2026").text
    assert "My workshop" in page
    assert "Their seminar" not in page
    assert "3 of 20 JP in 2026" in page
    assert "17 JP remain to reach the annual target of 20 JP." in page
    assert "Where your JP came from" in page


def test_the_page_shows_the_chart_with_the_pages_nonce(
        db, client, sign_in_en, cohort, enrollment, participant, make_session, attend):
    attend(enrollment, make_session(cohort, jp=Decimal(25)))
    sign_in_en(participant)
    response = client.get("/jp?year=2026")
    page = response.text
    assert 'role="img"' in page and "<script" not in page
    assert '<style nonce="' in page
    assert "You reached the annual target of 20 JP." in page
    assert 'value="100" max="100"' in page


def test_the_year_picker_offers_my_years_and_refuses_others(
        db, client, sign_in_en, courses, enrollment, participant, finish_course):
    finish_course(enrollment, courses[0], at=datetime(2024, 5, 1, tzinfo=timezone.utc))
    sign_in_en(participant)
    page = client.get("/jp?year=2024").text
    assert '<option value="2024" selected>' in page
    assert f'<option value="{clock.this_year()}"' in page
    assert "4 of 20 JP in 2024" in page
    assert client.get("/jp?year=2023").status_code == 404
    assert client.get("/jp?year=soon").status_code == 200  # not a year: this year


def test_a_year_without_jp_says_so_and_points_to_my_learning(
        db, client, sign_in_en, participant):
    sign_in_en(participant)
    page = client.get("/jp").text
    assert f"You have no JP in {clock.this_year()} yet." in page
    assert 'href="/"' in page
    assert "Where your JP came from" not in page


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_page_renders_in_both_languages(
        db, client, sign_in, cohort, enrollment, participant, make_session, attend, language):
    attend(enrollment, make_session(cohort))
    sign_in(participant)
    client.post("/language", data={"locale": language, "next": "/"})
    response = client.get("/jp?year=2026")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text


def test_my_certificates_link_to_my_jp(db, client, sign_in_en, participant):
    sign_in_en(participant)
    assert 'href="/jp"' in client.get("/certificates").text


# --- My learning ---------------------------------------------------------------------------------

def test_my_learning_shows_this_years_jp_in_one_query(
        db, client, sign_in_en, cohort, enrollment, participant, make_session, attend,
        count_queries):
    this_year = clock.this_year()
    attend(enrollment, make_session(
        cohort, starts_at=datetime(this_year, 6, 1, 3, tzinfo=timezone.utc), jp=Decimal(5)))
    sign_in_en(participant)
    with count_queries() as statements:
        page = client.get("/").text
    assert f"Your JP in {this_year}" in page
    assert "5 of 20 JP" in page
    assert 'href="/jp"' in page and "See my JP" in page
    assert sum("contribution" in statement for statement in statements) == 1


def test_my_learning_has_no_jp_card_for_someone_never_a_participant(
        db, client, sign_in_en, organiser):
    sign_in_en(organiser)
    assert "See my JP" not in client.get("/").text


@pytest.mark.parametrize("total, percent", [("0", 0), ("2.5", 13), ("14", 70), ("25", 100)])
def test_the_share_of_the_target_is_whole_percent_and_full_at_100(total, percent):
    person = PersonJp(2026, (), Decimal(total), {}, (Decimal(total),) * 12)
    assert person.percent_of(20) == percent
