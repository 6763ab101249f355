"""Each participant page costs the same number of queries at any program size."""
import pytest

from app.enrolment.services import enroll
from tests.factories import course_source


@pytest.fixture
def journey_of(make_courses, make_program, make_cohort, make_user, make_organisation):
    def build(lessons_per_module):
        organisation = make_organisation()
        [course] = make_courses(course_source(f"c-{lessons_per_module}", modules=4,
                                              lessons=lessons_per_module))
        cohort = make_cohort(make_program([course], organisation=organisation))
        user = make_user()
        enroll(cohort, user, actor=None)
        return cohort, user, course, f"m4-lesson-{lessons_per_module}"

    return build


PAGES = {
    "home": lambda cohort, course: "/",
    "journey": lambda cohort, course: f"/journey/{cohort.id}",
    "lesson": lambda cohort, course: f"/journey/{cohort.id}/{course.slug}/m1-lesson-1",
    "quiz": lambda cohort, course: f"/journey/{cohort.id}/{course.slug}/final-quiz",
    "next": lambda cohort, course: f"/journey/{cohort.id}/next",
}
# Every page counts the unread notifications for the bell; the journey also shows what is
# still needed (completion rules) and the round's agenda.
BUDGETS = {"home": 11, "journey": 15, "lesson": 11, "quiz": 11, "next": 11}


def count_page_queries(client, sign_in, count_queries, cohort, user, course, last_lesson, page):
    sign_in(user)
    # Do some of the journey, so the pages show done, next and open steps; the quiz opens.
    for lesson in ("m1-lesson-1", last_lesson):
        client.post(f"/journey/{cohort.id}/{course.slug}/{lesson}/done", data={})
    url = PAGES[page](cohort, course)
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == (302 if page == "next" else 200)
    client.post("/sign-out", data={})
    return len(statements)


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_the_program(client, sign_in, count_queries,
                                                         journey_of, page):
    # 4 modules of 1 lesson + a quiz = 5 activities; 4 modules of 12 lessons + quiz = 49.
    small = count_page_queries(client, sign_in, count_queries, *journey_of(1), page)
    large = count_page_queries(client, sign_in, count_queries, *journey_of(12), page)
    assert small == large
    assert large <= BUDGETS[page]
