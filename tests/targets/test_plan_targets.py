"""From gap to plan: the index gain, the weak indicators addressed and ignored, and who may
set the targets when."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.benchmarking.models import PlanTarget
from app.benchmarking.plan_targets import InvalidTarget, plan_gap, set_plan_targets
from app.mentoring import workflow

pytestmark = pytest.mark.usefixtures("request_context", "sumedang_scores")

# By hand: 1.3 × (3 − 1) + 2.5 × (4 − 2) + 3.0 × (5 − 4) = 2.6 + 5 + 3 = 10.6 → 0.106 → 0.11
TARGETS = {"1": 3, "11": 4, "42": 5}


def codes(rows):
    return [row.element.code for row in rows]


def target_count(db, plan):
    return db.session.scalar(select(func.count(PlanTarget.id)).filter_by(submission_id=plan.id))


def test_the_gain_is_the_weighted_lift_of_the_targeted_indicators(plan_in, participant, ids):
    plan = plan_in("draft")
    gap = set_plan_targets(participant, plan, ids(TARGETS))
    assert gap.gain == Decimal("0.11")
    again = plan_gap(plan)
    assert (again.score.stage, again.score.year, again.region.code) == ("official", 2024, "32.11")
    assert again.gain == Decimal("0.11")
    assert again.planned_index == again.score.index + Decimal("0.11")


def test_weak_indicators_are_addressed_or_ignored(plan_in, participant, ids):
    plan = plan_in("draft")
    set_plan_targets(participant, plan, ids(TARGETS))
    gap = plan_gap(plan)
    assert codes(gap.weak) == ["1", "11", "32"]
    assert codes(gap.addressed) == ["1", "11"]
    assert codes(gap.ignored) == ["32"]
    assert codes(gap.targeted) == ["1", "11", "42"]


def test_setting_targets_again_replaces_them(db, plan_in, participant, ids):
    plan = plan_in("revision_requested")
    set_plan_targets(participant, plan, ids(TARGETS))
    gap = set_plan_targets(participant, plan, ids({"32": 3}))
    assert codes(gap.addressed) == ["32"] and gap.gain == Decimal("0.03")
    assert target_count(db, plan) == 1


@pytest.mark.parametrize("who", ["coach", "mentor"])
def test_only_the_participant_sets_targets(request, db, plan_in, ids, who):
    plan = plan_in("draft")
    with pytest.raises(workflow.NotAllowed):
        set_plan_targets(request.getfixturevalue(who), plan, ids(TARGETS))
    assert target_count(db, plan) == 0


@pytest.mark.parametrize("status", ["submitted", "approved", "endorsed"])
def test_targets_change_only_while_the_plan_is_editable(db, plan_in, participant, ids, status):
    plan = plan_in(status)
    with pytest.raises(workflow.NotNow):
        set_plan_targets(participant, plan, ids(TARGETS))
    assert target_count(db, plan) == 0


@pytest.mark.parametrize("planned", [{"1": 6}, {"1": 0}, {"42": 4}, {"42": 3}])
def test_a_planned_level_is_on_the_scale_and_above_the_current_one(plan_in, participant, ids,
                                                                   planned):
    with pytest.raises(InvalidTarget):
        set_plan_targets(participant, plan_in("draft"), ids(planned))


def test_an_element_that_is_not_an_indicator_is_refused(plan_in, participant):
    with pytest.raises(InvalidTarget):
        set_plan_targets(participant, plan_in("draft"), {10 ** 9: 3})


def test_without_a_region_the_levels_and_gain_are_unknown(db, plan_in, participant, ids):
    participant.region_code = None
    db.session.flush()
    plan = plan_in("draft")
    gap = set_plan_targets(participant, plan, ids({"1": 2}))
    assert gap.score is None and gap.gain is None and gap.weak == []
    assert codes(gap.targeted) == ["1"]


def test_the_gap_costs_a_fixed_number_of_queries(count_queries, plan_in, participant, ids):
    plan = plan_in("draft")
    set_plan_targets(participant, plan, ids(TARGETS))
    with count_queries() as statements:
        plan_gap(plan)
    assert len(statements) == 6
