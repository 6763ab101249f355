"""Programs: creating one, choosing its courses, its completion rules and the regions reached."""
from sqlalchemy import select

from app.content.models import Activity
from app.enrolment.services import enroll
from app.rounds.models import OptionalActivity, Program


def test_organiser_creates_a_program_for_their_organisation(client, sign_in, db, organiser,
                                                            organisation):
    sign_in(organiser)
    response = client.post("/manage/programs/new", data={
        "organisation_id": organisation.id, "title": "Sekda Digital Leadership",
        "slug": "sekda-digital", "description": "For regional secretaries."})
    program = db.session.scalar(select(Program).filter_by(slug="sekda-digital"))
    assert program.organisation_id == organisation.id
    assert response.location == f"/manage/programs/{program.id}/courses"


def test_organiser_cannot_create_a_program_for_another_organisation(
        client, sign_in, db, organiser, other_organiser):
    sign_in(organiser)
    other = other_organiser.role_grants[0].organisation_id
    response = client.post("/manage/programs/new", data={
        "organisation_id": other, "title": "Hijack", "slug": "hijack"})
    assert response.status_code == 200
    assert db.session.scalar(select(Program).filter_by(slug="hijack")) is None


def test_a_taken_address_name_is_refused(client, sign_in, db, organiser, organisation, program):
    sign_in(organiser)
    response = client.post("/manage/programs/new", data={
        "organisation_id": organisation.id, "title": "Again", "slug": program.slug})
    assert response.status_code == 200
    assert "already has a program" in response.text or "sudah memiliki program" in response.text


def test_courses_are_ordered_by_position_and_blank_ones_left_out(
        client, sign_in, db, organiser, program, courses):
    platforms, change = courses
    sign_in(organiser)
    response = client.post(f"/manage/programs/{program.id}/courses", data={
        f"course_{platforms.id}": "2", f"course_{change.id}": "1"})
    assert response.status_code == 302
    page = client.get(f"/manage/programs/{program.id}").text
    assert page.index(change.title) < page.index(platforms.title)
    assert "8 JP" in page
    client.post(f"/manage/programs/{program.id}/courses", data={f"course_{change.id}": "1"})
    assert platforms.title not in client.get(f"/manage/programs/{program.id}").text


def test_two_courses_at_one_position_are_refused(client, sign_in, organiser, program, courses):
    sign_in(organiser)
    response = client.post(f"/manage/programs/{program.id}/courses", data={
        f"course_{courses[0].id}": "1", f"course_{courses[1].id}": "1"})
    assert response.status_code == 200
    assert "position 1" in response.text or "posisi 1" in response.text


def test_rules_are_saved_and_unchecked_activities_become_optional(
        client, sign_in, db, organiser, program):
    activities = db.session.scalars(select(Activity).order_by(Activity.id)).all()
    sign_in(organiser)
    response = client.post(f"/manage/programs/{program.id}/rules", data={
        "required_activity_ids": [a.id for a in activities[1:]], "min_quiz_score": "80",
        "min_attendance_percent": "75", "requires_action_plan": "y"})
    assert response.status_code == 302
    db.session.refresh(program)
    assert (program.min_quiz_score, program.min_attendance_percent,
            program.requires_action_plan) == (80, 75, True)
    assert db.session.scalars(select(OptionalActivity.activity_id)).all() == [activities[0].id]
    form = client.get(f"/manage/programs/{program.id}/rules").text
    assert f'value="{activities[0].id}"' in form


def test_a_score_above_100_is_refused(client, sign_in, db, organiser, program):
    sign_in(organiser)
    response = client.post(f"/manage/programs/{program.id}/rules",
                           data={"min_quiz_score": "120"})
    assert response.status_code == 200
    db.session.refresh(program)
    assert program.min_quiz_score is None


def test_program_page_shows_regions_reached_in_the_province(
        client, sign_in, db, organiser, organisation, cohort, make_user):
    organisation.region_code = "32"
    for region in ("32.11", "32.11", "32.73"):
        enroll(cohort, make_user(region_code=region), actor=None)
    sign_in(organiser)
    page = client.get(f"/manage/programs/{cohort.program_id}").text
    assert "2 of the 27" in page or "2 dari 27" in page
    assert "Kabupaten Sumedang" in page and "Kabupaten Garut" in page
