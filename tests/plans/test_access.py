"""Who may take each step of the review workflow, through the pages: every action tried by
every member of the cast; a refused action answers 403 or 404 and changes nothing."""
import pytest

from app.extensions import db as _db
from app.mentoring.models import Submission
from tests.plans.conftest import PLAN_FORM, state

ACTORS = ("participant", "coach", "mentor", "other_coach", "outsider", "organiser")


def post_plan(client, cohort, button, **changes):
    return client.post(f"/journey/{cohort.id}/action-plan",
                       data={**PLAN_FORM, **changes, button: "y"})


def post_review(client, plan, decision):
    return client.post(f"/mentoring/submissions/{plan.id}/review",
                       data={"decision": decision, "comments": "Name the permit types."})


# action: (the plan's status before, how to take it, its status after, {actor: answer})
ACTIONS = {
    "save_draft": ("draft", lambda client, cohort, plan: post_plan(
        client, cohort, "save", problem="Permits take 40 days."), "draft",
        {"participant": 302}),
    "submit": ("draft", lambda client, cohort, plan: post_plan(client, cohort, "submit"),
               "submitted", {"participant": 302}),
    "request_revision": ("submitted", lambda client, cohort, plan: post_review(
        client, plan, "request_revision"), "revision_requested",
        {"coach": 302, "mentor": 403}),
    "approve": ("submitted", lambda client, cohort, plan: post_review(client, plan, "approve"),
                "approved", {"coach": 302, "mentor": 403}),
    "endorse": ("approved", lambda client, cohort, plan: post_review(client, plan, "endorse"),
                "endorsed", {"coach": 403, "mentor": 302}),
    "comment": ("submitted", lambda client, cohort, plan: post_review(client, plan, "comment"),
                "submitted", {"coach": 302, "mentor": 302}),
}
MATRIX = [(action, actor, ACTIONS[action][3].get(actor, 404))
          for action in ACTIONS for actor in ACTORS]


@pytest.mark.parametrize("action, actor, answer", MATRIX)
def test_each_action_is_taken_only_by_whom_the_workflow_names(
        request, client, sign_in, cohort, plan_in, action, actor, answer):
    before, take, after, _answers = ACTIONS[action]
    plan = plan_in(before)
    untouched = state(plan)
    sign_in(request.getfixturevalue(actor))
    response = take(client, cohort, plan)
    assert response.status_code == answer
    if answer == 302:
        assert _db.session.get(Submission, plan.id).status == after
        assert state(plan) != untouched
    else:
        assert state(plan) == untouched


@pytest.mark.parametrize("actor, answer", [
    ("coach", 200), ("mentor", 200), ("participant", 404), ("other_coach", 404),
    ("outsider", 404), ("organiser", 404)])
def test_only_the_assigned_coach_and_mentor_open_the_review_page(
        request, client, sign_in, plan_in, actor, answer):
    plan = plan_in("submitted")
    sign_in(request.getfixturevalue(actor))
    assert client.get(f"/mentoring/submissions/{plan.id}").status_code == answer


@pytest.mark.parametrize("actor, answer", [
    ("participant", 200), ("coach", 200), ("mentor", 200), ("other_coach", 404),
    ("outsider", 404), ("organiser", 404)])
def test_versions_are_seen_by_their_author_and_guides_only(
        request, client, sign_in, plan_in, actor, answer):
    plan = plan_in("submitted")
    sign_in(request.getfixturevalue(actor))
    assert client.get(f"/mentoring/submissions/{plan.id}/versions/1").status_code == answer


@pytest.mark.parametrize("actor, answer", [
    ("participant", 200), ("coach", 404), ("mentor", 404), ("other_coach", 404),
    ("outsider", 404), ("organiser", 404)])
def test_only_the_participant_opens_their_action_plan_page(
        request, client, sign_in, cohort, plan_in, actor, answer):
    plan_in("submitted")
    sign_in(request.getfixturevalue(actor))
    assert client.get(f"/journey/{cohort.id}/action-plan").status_code == answer


def test_an_unknown_submission_is_not_found(client, sign_in, coach, guided_enrollment):
    sign_in(coach)
    assert client.get("/mentoring/submissions/999999").status_code == 404
    assert client.post("/mentoring/submissions/999999/review",
                       data={"decision": "approve"}).status_code == 404


def test_review_form_needs_its_csrf_token(client, sign_in, coach, plan_in):
    plan = plan_in("submitted")
    sign_in(coach)
    response = client.post(f"/mentoring/submissions/{plan.id}/review",
                           data={"decision": "approve"}, csrf=False)
    assert response.status_code == 400
    assert _db.session.get(Submission, plan.id).status == "submitted"


@pytest.mark.parametrize("actor, buttons", [
    ("coach", ["request_revision", "approve", "comment"]),
    ("mentor", ["comment"]),
])
def test_the_review_form_offers_only_the_viewers_actions(
        request, client, sign_in, plan_in, actor, buttons):
    plan = plan_in("submitted")
    sign_in(request.getfixturevalue(actor))
    page = client.get(f"/mentoring/submissions/{plan.id}").text
    offered = [key for key in ("request_revision", "approve", "endorse", "comment")
               if f'value="{key}"' in page]
    assert offered == buttons


def test_the_mentor_is_offered_endorsement_once_the_coach_approved(
        client, sign_in, mentor, plan_in):
    plan = plan_in("approved")
    sign_in(mentor)
    page = client.get(f"/mentoring/submissions/{plan.id}").text
    assert 'value="endorse"' in page and 'value="approve"' not in page
