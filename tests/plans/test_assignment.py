"""Assignments: the participant answers on the activity page, the coach reviews the answer with
the same workflow as the action plan, and approval completes the activity."""
import pytest
from sqlalchemy import select

from app.content.loader import load_content
from app.extensions import db as _db
from app.learning.models import Completion
from app.learning.queries import progress_by_enrollment
from app.mentoring.models import Submission, SubmissionVersion
from app.notifications.models import Notification


def page_url(cohort):
    return f"/journey/{cohort.id}/platforms/assignment"


def answer(client, cohort, text, button="submit"):
    return client.post(page_url(cohort) + "/answer", data={"answer": text, button: "y"})


def the_answer(enrollment):
    return _db.session.scalar(select(Submission).filter_by(enrollment_id=enrollment.id,
                                                           kind="assignment"))


def completion(enrollment, activity):
    return _db.session.scalar(select(Completion).filter_by(enrollment_id=enrollment.id,
                                                           activity_id=activity.id))


@pytest.fixture
def submitted(client, sign_in_en, participant, cohort, guided_enrollment):
    """The participant's answer, submitted through the page; nobody is signed in after."""
    sign_in_en(participant)
    assert answer(client, cohort, "DPMPTSP, **Diskominfo** and the regent.").status_code == 302
    client.post("/sign-out", data={})
    return the_answer(guided_enrollment)


def test_the_page_shows_the_prompt_and_an_answer_form(
        client, sign_in_en, participant, cohort, guided_enrollment):
    sign_in_en(participant)
    page = client.get(page_url(cohort)).text
    assert "List the agencies your plan depends on." in page
    assert 'name="answer"' in page and "Submit for review" in page
    assert "Mark as done" not in page


def test_a_draft_answer_is_kept_until_submitted(
        client, sign_in_en, participant, cohort, guided_enrollment):
    sign_in_en(participant)
    answer(client, cohort, "First thoughts", button="save")
    work = the_answer(guided_enrollment)
    assert (work.status, work.content, work.activity_id is not None) == (
        "draft", {"answer": "First thoughts"}, True)
    assert "First thoughts" in client.get(page_url(cohort)).text
    assert _db.session.scalar(select(SubmissionVersion)) is None


def test_an_empty_answer_cannot_be_submitted(client, sign_in_en, participant, cohort,
                                             guided_enrollment):
    sign_in_en(participant)
    response = answer(client, cohort, "  ")
    assert response.status_code == 400
    assert "Write your answer before you submit." in response.text
    assert the_answer(guided_enrollment) is None


def test_submitting_tells_the_coach(submitted, coach):
    assert submitted.status == "submitted"
    note = _db.session.scalars(select(Notification).filter_by(user_id=coach.id)).one()
    assert note.kind == "submission_received"
    assert note.payload["work"] == "their assignment “Map your stakeholders”"


def test_the_coachs_approval_completes_the_activity(
        client, sign_in_en, submitted, coach, participant, guided_enrollment, assignment,
        cohort):
    before = progress_by_enrollment([guided_enrollment.id])[guided_enrollment.id]
    sign_in_en(coach)
    page = client.get(f"/mentoring/submissions/{submitted.id}").text
    assert "Map your stakeholders" in page and "<strong>Diskominfo</strong>" in page
    response = client.post(f"/mentoring/submissions/{submitted.id}/review",
                           data={"decision": "approve", "comments": ""})
    assert response.status_code == 302
    done = completion(guided_enrollment, assignment)
    assert done.recorded_by_id == coach.id
    after = progress_by_enrollment([guided_enrollment.id])[guided_enrollment.id]
    assert (after.done, after.total) == (before.done + 1, before.total)
    client.post("/sign-out", data={})
    sign_in_en(participant)
    assert "Your coach approved your answer" in client.get(page_url(cohort)).text


def test_a_revision_request_completes_nothing_and_reopens_the_answer(
        client, sign_in_en, submitted, coach, participant, guided_enrollment, assignment,
        cohort):
    sign_in_en(coach)
    client.post(f"/mentoring/submissions/{submitted.id}/review",
                data={"decision": "request_revision", "comments": "Add the regent's office."})
    assert completion(guided_enrollment, assignment) is None
    client.post("/sign-out", data={})
    sign_in_en(participant)
    page = client.get(page_url(cohort)).text
    assert "Add the regent" in page and "Revision requested" in page and 'name="answer"' in page
    answer(client, cohort, "DPMPTSP, Diskominfo and the regent's office.")
    assert _db.session.scalars(select(SubmissionVersion.number)
                               .order_by(SubmissionVersion.id)).all() == [1, 2]


def test_assignments_are_not_endorsed(client, sign_in_en, submitted, coach, mentor):
    sign_in_en(coach)
    client.post(f"/mentoring/submissions/{submitted.id}/review", data={"decision": "approve"})
    client.post("/sign-out", data={})
    sign_in_en(mentor)
    assert 'value="endorse"' not in client.get(f"/mentoring/submissions/{submitted.id}").text
    response = client.post(f"/mentoring/submissions/{submitted.id}/review",
                           data={"decision": "endorse"})
    assert response.status_code == 403
    assert _db.session.get(Submission, submitted.id).status == "approved"


def test_the_participant_cannot_mark_an_assignment_done(
        client, sign_in_en, participant, cohort, guided_enrollment, assignment):
    sign_in_en(participant)
    client.post(page_url(cohort) + "/done", data={})
    assert completion(guided_enrollment, assignment) is None


def test_only_assignments_take_answers(client, sign_in_en, participant, cohort,
                                       guided_enrollment):
    sign_in_en(participant)
    response = client.post(f"/journey/{cohort.id}/platforms/m1-lesson-1/answer",
                           data={"answer": "Hello", "submit": "y"})
    assert response.status_code == 403
    assert the_answer(guided_enrollment) is None


@pytest.mark.parametrize("who", ["coach", "mentor", "other_coach", "outsider", "organiser"])
def test_nobody_else_answers_for_the_participant(request, client, sign_in, cohort,
                                                 guided_enrollment, who):
    sign_in(request.getfixturevalue(who))
    assert answer(client, cohort, "Not mine").status_code == 404
    assert the_answer(guided_enrollment) is None


def test_a_round_that_is_over_takes_no_answers(client, sign_in_en, participant, cohort,
                                               guided_enrollment):
    cohort.status = "completed"
    _db.session.flush()
    sign_in_en(participant)
    response = answer(client, cohort, "Late")
    assert "you can read, but not record progress" in client.get(response.location).text
    assert the_answer(guided_enrollment) is None


def test_content_files_declare_assignments_with_a_markdown_prompt(tmp_path):
    course = tmp_path / "courses" / "platforms"
    (course / "assignments").mkdir(parents=True)
    (course / "course.toml").write_text(
        'slug = "platforms"\ntitle = "Platforms"\nlanguage = "en"\njp = 2\n'
        '[[modules]]\nslug = "one"\ntitle = "One"\n'
        '[[modules.activities]]\nslug = "stakeholders"\nkind = "assignment"\n'
        'title = "Map your stakeholders"\nfile = "assignments/stakeholders.md"\nminutes = 60\n',
        encoding="utf-8")
    (course / "assignments" / "stakeholders.md").write_text(
        "List **every** agency. <script>x()</script>", encoding="utf-8")
    [loaded] = load_content(tmp_path)
    [activity] = loaded.modules[0].activities
    assert activity.kind == "assignment" and activity.spec is None
    assert "<strong>every</strong>" in activity.body_html
    assert "<script>" not in activity.body_html
