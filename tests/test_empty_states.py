"""A newcomer's pages say what will appear there and how, rather than showing empty tables, and
offer the next step where the viewer may take it."""
import pytest

from app import clock
from app.benchmarking.models import Framework

EMPTY_STATES = {
    ("participant",): {
        "/": "You are not enrolled in a training round yet.",
        "/certificates": "You have no certificates yet. Complete a program to receive one.",
        "/notifications": "You have no notifications yet.",
        "/account/tokens": "You have no tokens yet.",
    },
    ("organiser",): {"/manage/": "You do not run any programs yet.",
                     "/manage/scores/": "No scores yet."},
    ("coach",): {"/mentoring/": "No participants are assigned to you yet."},
}


@pytest.mark.parametrize("roles", EMPTY_STATES, ids=lambda roles: roles[0])
def test_a_newcomer_sees_what_will_appear_instead_of_an_empty_table(
        client, sign_in_en, make_user, make_organisation, roles):
    user = make_user(roles=roles, organisation=make_organisation()
                     if "organiser" in roles else None)
    sign_in_en(user)
    for path, message in EMPTY_STATES[roles].items():
        page = client.get(path).text
        assert message in page, path
        assert "<tbody>\n  </tbody>" not in page and "<tbody></tbody>" not in page, path


def shows_next_step(page, message, url):
    """Whether the page says `message` and links to `url` as its next step."""
    return message in page and f'class="btn btn-primary" href="{url}"' in page


@pytest.fixture
def fresh_program(make_program, organisation):
    """A program with no courses and no rounds yet."""
    return make_program([], organisation=organisation, slug="fresh", title="Fresh Program")


@pytest.fixture
def fresh_round(make_cohort, program):
    """An open round with nothing on its agenda and nobody in it."""
    return make_cohort(program, name="Angkatan Baru", status="open")


def test_a_new_organiser_is_offered_to_create_a_program(client, sign_in_en, make_user,
                                                        make_organisation):
    sign_in_en(make_user(roles=("organiser",), organisation=make_organisation()))
    page = client.get("/manage/").text
    assert shows_next_step(page, "You do not run any programs yet.", "/manage/programs/new")


def test_an_admin_without_organisations_is_offered_to_add_one(client, sign_in_en, admin):
    sign_in_en(admin)
    assert shows_next_step(client.get("/manage/").text,
                           "A program belongs to an organisation: add one first.",
                           "/admin/organisations/new")
    assert shows_next_step(client.get("/admin/organisations").text, "No organisations yet.",
                           "/admin/organisations/new")


def test_a_program_without_rounds_or_courses_offers_to_plan_and_choose(
        client, sign_in_en, organiser, fresh_program):
    sign_in_en(organiser)
    plan = f"/manage/programs/{fresh_program.id}/cohorts/new"
    choose = f"/manage/programs/{fresh_program.id}/courses"
    assert shows_next_step(client.get("/manage/").text, "No training rounds yet.", plan)
    page = client.get(f"/manage/programs/{fresh_program.id}").text
    assert shows_next_step(page, "No training rounds yet.", plan)
    assert shows_next_step(page, "No courses yet.", choose)
    assert shows_next_step(client.get(f"/manage/programs/{fresh_program.id}/rules").text,
                           "The program has no courses yet.", choose)


def test_a_fresh_round_offers_the_next_step_on_each_tab(client, sign_in_en, organiser,
                                                        fresh_round):
    sign_in_en(organiser)
    base = f"/manage/cohorts/{fresh_round.id}"
    people = f"{base}/people"
    expected = {
        f"{base}/agenda": ("The agenda is empty.", f"{base}/sessions/new"),
        people: ("Nobody is enrolled yet.", f"{base}/roster"),
        f"{base}/guides": ("Nobody is enrolled as a participant yet.", people),
        f"{base}/certificates": ("Nobody is enrolled as a participant yet.", people),
        f"{base}/dashboard": ("No participants yet.", people),
    }
    for path, (message, url) in expected.items():
        assert shows_next_step(client.get(path).text, message, url), path
    assert shows_next_step(client.get(f"{base}/guides").text,
                           "The round has no coaches yet", people)
    audit = client.get(f"{base}/audit").text
    assert "Nothing recorded yet." in audit and "<tbody>" not in audit


def test_a_completed_round_says_so_without_offering_what_cannot_be_done(
        client, sign_in_en, organiser, make_cohort, program):
    done = make_cohort(program, name="Angkatan Lama", status="archived")
    sign_in_en(organiser)
    base = f"/manage/cohorts/{done.id}"
    agenda = client.get(f"{base}/agenda").text
    assert "The agenda of this round is empty." in agenda and f"{base}/sessions/new" not in agenda
    people = client.get(f"{base}/people").text
    assert "Nobody is enrolled yet." in people and 'class="btn btn-primary"' not in people


def test_a_round_without_certificates_explains_when_they_appear(
        client, sign_in_en, organiser, cohort, participant):
    sign_in_en(organiser)
    page = client.get(f"/manage/cohorts/{cohort.id}/certificates").text
    assert "No certificates issued yet." in page
    assert "as soon as a participant completes the program" in page


def test_a_coach_without_participants_learns_who_assigns_them(client, sign_in_en, make_user):
    sign_in_en(make_user(roles=("coach",)))
    page = client.get("/mentoring/").text
    assert "The organiser of a training round assigns participants" in page
    assert 'class="btn btn-primary"' not in page


def test_scores_offer_an_import_when_there_are_none(client, sign_in_en, organiser):
    sign_in_en(organiser)
    assert shows_next_step(client.get("/manage/scores/").text, "No scores yet.",
                           "/manage/scores/import")


def test_an_empty_filtered_audit_log_offers_everything(client, sign_in_en, admin):
    sign_in_en(admin)
    assert shows_next_step(client.get("/admin/audit?kind=certificates").text,
                           "Nothing of this kind recorded yet.", "/admin/audit")


def test_a_jp_report_of_an_empty_region_offers_every_region(client, sign_in_en, organiser,
                                                            participant):
    sign_in_en(organiser)
    year = clock.this_year()
    page = client.get(f"/manage/reports/jp?year={year}&region=32").text
    assert shows_next_step(page, "No one of this region earned JP",
                           f"/manage/reports/jp?year={year}&amp;sort=total")


@pytest.mark.parametrize("path", ["/benchmark/regions/32.73", "/benchmark/provinces/32"])
@pytest.mark.parametrize("who, offered", [("province organiser", True), ("coach", False)])
def test_an_empty_benchmark_offers_scores_only_to_who_may_enter_them(
        client, sign_in_en, db, make_user, make_organisation, coach, path, who, offered):
    framework = Framework(slug="spbe-empty", name="SPBE empty", source="tests")
    db.session.add(framework)
    db.session.flush()
    if who == "coach":
        sign_in_en(coach)
    else:
        sign_in_en(make_user(roles=("organiser",),
                             organisation=make_organisation(region_code="32")))
    page = client.get(path).text
    assert 'id="empty-state"' in page
    assert ('class="btn btn-primary" href="/manage/scores/' in page) is offered
