"""The targets pages: the participant's form on their action plan, and the review page that
shows the participant's coach and mentor the weak indicators addressed and ignored."""
import pytest
from sqlalchemy import select

from app.benchmarking.models import PlanTarget
from app.benchmarking.plan_targets import set_plan_targets
from app.mentoring import workflow
from tests.targets.test_plan_targets import TARGETS

pytestmark = pytest.mark.usefixtures("request_context", "sumedang_scores")


def form_data(ids, planned):
    return {f"target_{element_id}": str(level) for element_id, level in ids(planned).items()}


def saved(db, plan):
    return {target.element_id: target.planned_level for target in db.session.scalars(
        select(PlanTarget).filter_by(submission_id=plan.id))}


def test_participant_sets_targets_and_sees_the_gain(
        client, sign_in_en, db, cohort, plan_in, participant, ids):
    plan = plan_in("draft")
    sign_in_en(participant)
    url = f"/journey/{cohort.id}/action-plan/targets"
    page = client.get(url)
    assert page.status_code == 200 and page.text.count('name="target_') == 47
    response = client.post(url, data={**form_data(ids, TARGETS), "target_999999": ""})
    assert response.status_code == 302, response.text
    assert saved(db, plan) == ids(TARGETS)
    assert "the index gains 0.11" in client.get(url).text


def test_targets_of_a_submitted_plan_do_not_change(
        client, sign_in_en, db, cohort, plan_in, participant, ids):
    plan = plan_in("submitted")
    sign_in_en(participant)
    response = client.post(f"/journey/{cohort.id}/action-plan/targets",
                           data=form_data(ids, TARGETS))
    assert response.status_code == 302
    assert saved(db, plan) == {}
    assert "can no longer change" in client.get(f"/journey/{cohort.id}/action-plan/targets").text


@pytest.mark.parametrize("who", ["coach", "mentor", "other_coach", "outsider"])
def test_nobody_else_reaches_the_participants_form(request, client, sign_in, db, cohort, plan_in,
                                                   ids, who):
    plan = plan_in("draft")
    sign_in(request.getfixturevalue(who))
    url = f"/journey/{cohort.id}/action-plan/targets"
    assert client.get(url).status_code == 404
    assert client.post(url, data=form_data(ids, TARGETS)).status_code == 404
    assert saved(db, plan) == {}


@pytest.mark.parametrize("who", ["coach", "mentor"])
def test_guides_see_the_weak_indicators_addressed_and_ignored(request, client, sign_in_en,
                                                              plan_in, participant, ids, who):
    plan = plan_in("revision_requested")
    set_plan_targets(participant, plan, ids(TARGETS))
    workflow.submit(participant, plan)
    sign_in_en(request.getfixturevalue(who))
    assert f"/mentoring/submissions/{plan.id}/targets" in \
        client.get(f"/mentoring/submissions/{plan.id}").text
    page = client.get(f"/mentoring/submissions/{plan.id}/targets").text
    addressed, ignored = page.split('<h2 class="h5">Ignored by the plan')
    addressed = addressed.split('<h2 class="h5">Addressed by the plan')[1]
    ignored, others = ignored.split("Other targeted indicators")
    assert "42. Tingkat Kematangan Layanan Pengaduan Pelayanan Publik — 4 → 5" in others
    assert "1. Tingkat Kematangan Kebijakan Internal Arsitektur SPBE — level 1 → 3" in addressed
    assert "11. " in addressed and "32. " not in addressed
    assert "32. " in ignored and "level 2" in ignored and "42. " not in ignored
    assert "the index gains 0.11" in page


@pytest.mark.parametrize("who", ["other_coach", "outsider", "participant"])
def test_others_get_404_on_the_review_page(request, client, sign_in, plan_in, who):
    plan = plan_in("submitted")
    sign_in(request.getfixturevalue(who))
    assert client.get(f"/mentoring/submissions/{plan.id}/targets").status_code == 404
