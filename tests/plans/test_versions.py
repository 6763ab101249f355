"""Every submission is kept as a numbered version; reviewers see what changed since the last
one; whatever the participant writes is shown as sanitised Markdown, never as raw HTML."""
import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.mentoring import workflow
from app.mentoring.models import SubmissionVersion
from app.mentoring.plans import diff_content
from tests.plans.conftest import PLAN


def versions(plan):
    return _db.session.scalars(select(SubmissionVersion).filter_by(submission_id=plan.id)
                               .order_by(SubmissionVersion.number)).all()


@pytest.fixture
def resubmitted(request_context, plan_in, participant, coach):
    """A plan sent back once and submitted again with another problem statement."""
    plan = plan_in("revision_requested")
    workflow.submit(participant, plan, {**PLAN, "problem": "Business permits take 40 days."})
    return plan


def test_versions_are_numbered_and_keep_what_was_submitted(
        resubmitted, participant, coach):
    workflow.review(coach, resubmitted, "request_revision", "Again, please.")
    workflow.save_draft(participant, resubmitted, {**PLAN, "problem": "Still drafting."})
    assert [(v.number, v.content["problem"]) for v in versions(resubmitted)] == [
        (1, "Business permits take 30 days."), (2, "Business permits take 40 days.")]
    workflow.submit(participant, resubmitted)
    assert [v.number for v in versions(resubmitted)] == [1, 2, 3]


def test_the_diff_marks_removed_and_added_lines():
    old = {**PLAN, "goals": "Permits in 3 days.\nOne portal."}
    new = {**PLAN, "goals": "Permits in 2 days.\nOne portal."}
    goals = {d.label: d for d in diff_content("action_plan", old, new)}["Goals"]
    assert [(line.change, line.text) for line in goals.lines] == [
        ("removed", "Permits in 3 days."), ("added", "Permits in 2 days."),
        ("same", "One portal.")]
    unchanged = {str(d.label): d.changed for d in diff_content("action_plan", old, new)}
    assert unchanged["Problem statement"] is False and unchanged["Milestones"] is False


def test_the_review_page_shows_what_changed_since_the_last_version(
        client, sign_in_en, resubmitted, coach):
    sign_in_en(coach)
    page = client.get(f"/mentoring/submissions/{resubmitted.id}").text
    assert "What changed since the last version" in page
    assert "Removed: </span>Business permits take 30 days.</del>" in page
    assert "Added: </span>Business permits take 40 days.</ins>" in page
    assert "Version 2 as submitted" in page


def test_an_old_version_shows_as_it_was(client, sign_in_en, resubmitted, coach):
    sign_in_en(coach)
    page = client.get(f"/mentoring/submissions/{resubmitted.id}/versions/1").text
    assert "Business permits take 30 days." in page
    assert "Business permits take 40 days." not in page
    assert "This is the first version" in page
    assert client.get(f"/mentoring/submissions/{resubmitted.id}/versions/3").status_code == 404


HOSTILE = ("<script>alert('x')</script> **bold** [link](javascript:alert(1)) "
           "<img src=x onerror=alert(2)>")


def test_markdown_from_participants_is_sanitised_everywhere(
        request_context, client, sign_in_en, plan_in, participant, coach, cohort):
    plan = plan_in("draft", content={**PLAN, "problem": HOSTILE})
    workflow.submit(participant, plan)
    workflow.review(coach, plan, "comment", "<script>alert('c')</script> *fine*")
    sign_in_en(coach)
    review_page = client.get(f"/mentoring/submissions/{plan.id}").text
    client.post("/sign-out", data={})
    sign_in_en(participant)
    own_page = client.get(f"/journey/{cohort.id}/action-plan").text
    for page in (review_page, own_page):
        assert "<script>" not in page and "<img" not in page and 'href="javascript' not in page
        assert "<strong>bold</strong>" in page and "<em>fine</em>" in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in review_page  # in the diff
