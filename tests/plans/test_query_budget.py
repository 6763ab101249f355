"""The work pages cost a fixed number of queries, however long the history: the signed-in
user (2), the notification bell (1), the submission, its versions, reviews and milestones, and
the participant."""
import pytest

from app.mentoring import workflow

pytestmark = pytest.mark.usefixtures("request_context")


def count(client, count_queries, url):
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def resubmit(plan, participant, coach, times):
    for n in range(times):
        workflow.review(coach, plan, "request_revision", f"Round {n}")
        workflow.submit(participant, plan)


@pytest.mark.parametrize("who, url, budget", [
    ("coach", "/mentoring/submissions/{plan.id}", 9),
    ("coach", "/mentoring/submissions/{plan.id}/versions/1", 9),
    ("participant", "/journey/{cohort.id}/action-plan", 8),
])
def test_work_pages_have_a_fixed_query_budget(request, client, sign_in, count_queries, plan_in,
                                              participant, coach, cohort, who, url, budget):
    plan = plan_in("submitted")
    sign_in(request.getfixturevalue(who))
    url = url.format(plan=plan, cohort=cohort)
    short = count(client, count_queries, url)
    resubmit(plan, participant, coach, 3)
    long = count(client, count_queries, url)
    assert short == long <= budget, long
