"""Every important page costs a small, fixed number of queries: the same for a round of a few
participants as for one ten times bigger (issue "Province-scale performance", item 3).

Budgets count every statement of the request, the signed-in user and their roles and the
notification bell's unread count included. Lazy loads fail any request (tests/conftest.py).
"""
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.api.tokens import create_token
from app.content.models import Activity, Course

SMALL, LARGE = 3, 30  # participants added on top of the cast; sessions grow with them

# page -> (who asks, URL, budget, what the bigger page shows); ~ is the newest participant
PAGES = {
    "participant home": ("participant", "/", 5, "Angkatan P3"),  # with the year's JP card
    "program journey": ("participant", "/journey/{cohort}", 11, None),
    "lesson": ("participant", "/journey/{cohort}/{course}/{lesson}", 6, None),
    # with the attempts, the extra attempts granted and the round's settings of the quiz
    "quiz": ("participant", "/journey/{cohort}/{course}/{quiz}", 9, None),
    "action plan": ("participant", "/journey/{cohort}/action-plan", 4, None),
    "my check-ins": ("participant", "/journey/{cohort}/check-ins", 6, "Note 29"),
    "my calendar": ("participant", "/calendar", 6, "Clinic 8"),
    "my certificates": ("participant", "/certificates", 11, "Digital Leadership"),
    "notifications": ("participant", "/notifications", 4, "action plan 29"),
    "organiser home": ("organiser", "/manage/", 6, "Angkatan P3"),
    "program page": ("organiser", "/manage/programs/{program}", 7, "Angkatan P3"),
    "cohort page": ("organiser", "/manage/cohorts/{cohort}", 6, None),
    "cohort dashboard": ("organiser", "/manage/cohorts/{cohort}/dashboard", 10, "~"),
    "cohort agenda": ("organiser", "/manage/cohorts/{cohort}/agenda", 7, "Clinic 8"),
    "attendance": ("organiser", "/manage/sessions/{session}/attendance", 7, "~"),
    "progress export": ("organiser", "/manage/cohorts/{cohort}/export.csv", 8, "~"),
    "JP report": ("organiser", "/manage/reports/jp?year=2026", 7, "~"),
    "round quizzes": ("organiser", "/manage/cohorts/{cohort}/quizzes", 10, None),
    "round quiz": ("organiser", "/manage/cohorts/{cohort}/quizzes/{quiz_id}", 9, "~"),
    "cohort certificates": ("organiser", "/manage/cohorts/{cohort}/certificates", 11, "~"),
    "SPBE region": ("organiser", "/benchmark/regions/32.11", 12, "2.60"),
    "SPBE province": ("organiser", "/benchmark/provinces/32?program={program}", 10, None),
    "cohort outcomes": ("organiser", "/manage/cohorts/{cohort}/outcomes", 8, "2.60"),
    "program outcomes": ("organiser", "/manage/programs/{program}/outcomes", 8, "2.60"),
    "coach home": ("coach", "/mentoring/", 10, "~"),
    "mentor home": ("mentor", "/mentoring/", 10, "~"),
    "mentee page": ("coach", "/mentoring/participants/{enrollment}", 17, "Note 29"),
    "verify": (None, "/verify/{code}", 1, "Dewi Participant"),
    "API cohort progress": ("api", "/api/v1/cohorts/{cohort}/progress", 10, "~"),
    "API enrollments": ("api", "/api/v1/enrollments", 4, "~"),
    "API certificates": ("api", "/api/v1/certificates", 4, "PERF/000"),
}
NEWEST = f"Peserta {LARGE - 1:05d}"


@pytest.fixture
def place(db, province, cohort, program, guided_enrollment):
    """The values the URLs name."""
    course = db.session.scalar(select(Course).order_by(Course.id))
    slugs = {kind: db.session.scalar(select(Activity.slug).filter_by(
        course_id=course.id, kind=kind).order_by(Activity.position))
        for kind in ("lesson", "quiz")}
    quiz_id = db.session.scalar(select(Activity.id).filter_by(course_id=course.id,
                                                              slug=slugs["quiz"]))
    return SimpleNamespace(cohort=cohort.id, program=program.id, course=course.slug,
                           lesson=slugs["lesson"], quiz=slugs["quiz"], quiz_id=quiz_id,
                           session=province.session.id, enrollment=guided_enrollment.id,
                           code=province.certificate.verification_code)


@pytest.fixture
def ask_as(client, sign_in_en, request):
    """Sign in as `who` (or hold an API token of the organiser's); returns a GET."""
    def ask(who):
        if who == "api":
            _token, secret = create_token(request.getfixturevalue("organiser"), "Perf", "read")
            headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
            return lambda url: client.get(url, headers=headers)
        if who is not None:
            sign_in_en(request.getfixturevalue(who))
        return client.get

    return ask


@pytest.mark.parametrize("page", PAGES)
def test_page_costs_the_same_queries_at_both_sizes(db, province, place, ask_as, count_queries,
                                                   page):
    who, url, budget, shows = PAGES[page]
    url = url.format(**vars(place))
    get = ask_as(who)
    get(url)  # a first visit may set things up once: a calendar link, a token's first use
    counts, seen = [], []
    for size in (SMALL, LARGE - SMALL):
        province.grow(size)
        with count_queries() as statements:
            response = get(url)
        assert response.status_code == 200, response.text[:500]
        counts.append(len(statements))
        seen.append(statements)
    if shows is not None:
        assert (NEWEST if shows == "~" else shows) in response.get_data(as_text=True)
    assert counts[0] == counts[1], seen
    assert counts[1] <= budget, seen
