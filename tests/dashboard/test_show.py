"""The cohort dashboard page: who may see it, what it shows, and what it costs."""
import re
from datetime import timedelta

import pytest

from app.enrolment.services import enroll
from app.rounds.services import set_completion_rules
from tests.dashboard.conftest import NOW

PAGES = {
    "dashboard": "/manage/cohorts/{id}/dashboard",
    "csv": "/manage/cohorts/{id}/export.csv",
    "xlsx": "/manage/cohorts/{id}/export.xlsx",
}


def url(cohort, kind="dashboard", **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return PAGES[kind].format(id=cohort.id) + (f"?{query}" if query else "")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who, status", [
    ("organiser", 200), ("admin", 200), ("other_organiser", 404), ("participant", 403),
    ("coach", 403)])
def test_access(client, sign_in, cohort, request, page, who, status):
    sign_in(request.getfixturevalue(who))
    assert client.get(url(cohort, page)).status_code == status


@pytest.mark.parametrize("page", PAGES)
def test_it_asks_strangers_to_sign_in(client, cohort, page):
    response = client.get(url(cohort, page))
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_an_unknown_cohort_is_not_found(client, sign_in, admin):
    sign_in(admin)
    assert client.get("/manage/cohorts/999999/dashboard").status_code == 404


def test_the_overview_links_to_the_dashboard(client, sign_in, organiser, cohort):
    sign_in(organiser)
    assert f'href="/manage/cohorts/{cohort.id}/dashboard"' in client.get(
        f"/manage/cohorts/{cohort.id}").text


def test_it_shows_the_matrix_with_words_not_only_colour(
        client, sign_in, organiser, cohort, enrollment, activities, complete, fixed_now):
    complete(enrollment, activities[:2])
    sign_in(organiser)
    html = client.get(url(cohort)).text
    assert 'scope="colgroup" colspan="1" class="text-center">Course platforms' in html
    assert "Dewi Participant" in html
    assert re.search(r"67%\s*<span class=\"visually-hidden\">2 of 3 done", html)
    assert re.search(r"33%\s*<span class=\"visually-hidden\">2 of 6 required activities", html)
    assert '<span class="badge text-bg-primary">On track</span>' in html
    assert 'aria-current="page" href="/manage/cohorts/' in html  # the Dashboard tab
    assert f'href="/manage/cohorts/{cohort.id}/export.csv"' in html
    assert f'href="/manage/cohorts/{cohort.id}/export.xlsx"' in html


def test_it_shows_attendance_share_and_behind_status(
        client, sign_in, organiser, program, cohort, enrollment, make_session, attend,
        fixed_now):
    set_completion_rules(program, min_quiz_score=None, min_attendance_percent=75,
                         requires_action_plan=False, optional_activity_ids=[])
    for day, status in ((1, "present"), (2, "absent")):
        attend(enrollment, make_session(cohort, starts_at=NOW - timedelta(days=day)), status)
    sign_in(organiser)
    html = client.get(url(cohort)).text
    assert "50%" in html and "1 of 2 sessions" in html
    assert '<span class="badge text-bg-warning">Behind</span>' in html


@pytest.mark.parametrize("sort, aria, next_sort", [
    ("progress", "ascending", "-progress"), ("-progress", "descending", "progress")])
def test_the_progress_header_says_and_toggles_its_order(
        client, sign_in, organiser, cohort, sort, aria, next_sort):
    sign_in(organiser)
    html = client.get(url(cohort, sort=sort)).text
    assert re.search(rf'aria-sort="{aria}">\s*<a href="[^"]*sort={next_sort}">Progress</a>', html)
    assert html.count("aria-sort=") == 1


def test_it_sorts_by_progress_in_the_page(
        client, sign_in, organiser, cohort, make_user, activities, complete, fixed_now):
    for name, done in (("Citra", 1), ("budi", 0), ("Ani", 3)):
        complete(enroll(cohort, make_user(name=name), actor=None), activities[:done])
    sign_in(organiser)
    html = client.get(url(cohort, sort="-progress")).text
    assert html.index("Ani") < html.index("Citra") < html.index("budi")


def test_it_pages_by_fifty_keeping_the_order(
        client, sign_in, organiser, cohort, add_participants, fixed_now):
    add_participants(cohort, 51)
    sign_in(organiser)
    first = client.get(url(cohort, sort="name")).text
    second = client.get(url(cohort, sort="name", page=2)).text
    assert first.count("Peserta 0") == 50 and second.count("Peserta 0") == 1
    assert "Peserta 00049" in first and "Peserta 00050" in second
    assert 'href="/manage/cohorts/%d/dashboard?sort=name&amp;page=2"' % cohort.id in first
    assert client.get(url(cohort, page=3)).status_code == 404


def test_the_chart_is_inline_svg_with_a_name_and_no_outside_links(
        client, sign_in, organiser, cohort, enrollment, activities, complete, fixed_now):
    complete(enrollment, activities[:3], at=NOW - timedelta(days=2))
    sign_in(organiser)
    html = client.get(url(cohort)).text
    [svg] = re.findall(r"<svg.*?</svg>", html, re.S)
    assert 'role="img"' in svg and 'aria-label="Progress of Angkatan I over time"' in svg
    assert "<title>Progress of Angkatan I over time</title>" in svg
    assert "<script" not in svg and "<!--" not in svg
    outside = re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", svg)
    assert "http" not in outside and "//" not in re.sub(r"</?\w[^>]*>", "", outside)
    assert "Show the numbers" in html  # the table next to it
    assert "the participants had done 50%" in html


def test_it_says_when_there_is_no_progress_to_chart_yet(client, sign_in, organiser,
                                                        make_cohort, program):
    later = make_cohort(program, name="Angkatan II", starts_on=NOW.date() + timedelta(days=30),
                        ends_on=NOW.date() + timedelta(days=40), status="open")
    sign_in(organiser)
    html = client.get(url(later)).text
    assert "<svg" not in html and "the round has not started" in html
    assert "No participants yet." in html


@pytest.mark.parametrize("sort", ["name", "-progress"])
def test_page_query_count_is_the_same_for_20_and_2000_participants(
        client, sign_in, organiser, program, cohort, make_session, add_participants,
        count_queries, fixed_now, sort):
    # Every completion rule on, so each of its queries runs.
    set_completion_rules(program, min_quiz_score=60, min_attendance_percent=50,
                         requires_action_plan=True, optional_activity_ids=[])
    session = make_session(cohort, starts_at=NOW - timedelta(days=1))
    sign_in(organiser)
    counts, seen = [], []
    for size in (20, 1980):
        add_participants(cohort, size, session)
        with count_queries() as statements:
            response = client.get(url(cohort, sort=sort))
        assert response.status_code == 200
        counts.append(len(statements))
        seen.append(statements)
    assert "2,000" in response.text or "2.000" in response.text
    # Sign-in 2, cohort 1, module columns 1, sessions 1, the page and its count 2, the rows'
    # module progress and attendance 2, completion rules 5, progress over time 1, the
    # notification bell 1.
    assert counts[0] == counts[1] <= 16, seen


def test_the_name_header_says_it_is_the_order(client, sign_in, organiser, cohort):
    sign_in(organiser)
    html = client.get(url(cohort)).text
    assert re.search(r'aria-sort="ascending">\s*<a href="[^"]*sort=name">Participant</a>', html)
    assert re.search(r'<a href="[^"]*sort=progress">Progress</a>', html)
