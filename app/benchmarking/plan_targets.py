"""From gap to plan: the SPBE indicators an action plan aims to lift, and what that would do
to the participant's region's index.

The region is the participant's own (User.region_code), the framework the newest one, the
levels those of the region's latest score that has indicator levels (the newest year; the
official score before the self-assessment). An indicator is weak at level ≤ WEAK_LEVEL."""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import case, delete, exists, select

from app.auth.models import User
from app.benchmarking.index import CENT
from app.benchmarking.models import (Framework, FrameworkElement, IndicatorLevel, PlanTarget,
                                     RegionScore)
from app.extensions import db
from app.mentoring import workflow
from app.mentoring.plans import STATUS_LABELS
from app.regions.models import Region
from app.rounds.models import Enrollment

WEAK_LEVEL = 2


class InvalidTarget(workflow.WorkflowError):
    """A planned level the plan cannot have; the message says why."""


@dataclass
class IndicatorRow:
    element: FrameworkElement
    current: int | None
    planned: int | None

    @property
    def weak(self):
        return self.current is not None and self.current <= WEAK_LEVEL

    @property
    def gain(self):
        """This indicator's share of the index gain, unrounded; None without both levels."""
        if self.planned is None or self.current is None:
            return None
        return Decimal(self.element.weight) * (self.planned - self.current) / 100


@dataclass
class AspectGroup:
    domain: FrameworkElement
    aspect: FrameworkElement
    rows: list[IndicatorRow] = field(default_factory=list)


@dataclass
class PlanGap:
    region: Region | None = None
    framework: Framework | None = None
    score: RegionScore | None = None
    groups: list[AspectGroup] = field(default_factory=list)

    @property
    def rows(self):
        return [row for group in self.groups for row in group.rows]

    @property
    def weak(self):
        return [row for row in self.rows if row.weak]

    @property
    def addressed(self):
        """Weak indicators the plan targets."""
        return [row for row in self.weak if row.planned is not None]

    @property
    def ignored(self):
        """Weak indicators the plan leaves aside."""
        return [row for row in self.weak if row.planned is None]

    @property
    def targeted(self):
        return [row for row in self.rows if row.planned is not None]

    @property
    def gain(self):
        """Σ weight % × (planned − current) / 100 over the targeted indicators with a known
        level, to two decimals; None without a score to start from."""
        if self.score is None:
            return None
        total = sum((row.gain for row in self.targeted if row.gain is not None), Decimal(0))
        return total.quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def planned_index(self):
        return None if self.score is None else self.score.index + self.gain


def _newest_framework():
    return db.session.scalar(select(Framework).order_by(Framework.slug.desc()).limit(1))


def _region_of(submission):
    return db.session.scalar(
        select(Region).join(User, User.region_code == Region.code)
        .join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.id == submission.enrollment_id))


def _latest_score(region_code, framework_id):
    return db.session.scalar(
        select(RegionScore)
        .where(RegionScore.region_code == region_code, RegionScore.framework_id == framework_id,
               exists().where(IndicatorLevel.score_id == RegionScore.id))
        .order_by(RegionScore.year.desc(),
                  case((RegionScore.stage == "official", 0), else_=1))
        .limit(1))


def _targets(submission_id):
    return {target.element_id: target for target in db.session.scalars(
        select(PlanTarget).filter_by(submission_id=submission_id))}


def plan_gap(submission):
    """The plan's targets against the region's weak indicators, and the index gain; a fixed
    number of queries. Without a framework the gap is empty; without a region or a score with
    levels, the current levels are unknown."""
    framework = _newest_framework()
    if framework is None:
        return PlanGap()
    region = _region_of(submission)
    score = _latest_score(region.code, framework.id) if region is not None else None
    levels = dict(db.session.execute(
        select(IndicatorLevel.element_id, IndicatorLevel.level)
        .filter_by(score_id=score.id)).all()) if score is not None else {}
    targets = _targets(submission.id)
    elements = db.session.scalars(select(FrameworkElement).filter_by(framework_id=framework.id)
                                  .order_by(FrameworkElement.position)).all()
    by_id = {element.id: element for element in elements}
    groups = {}
    for element in elements:
        if element.kind != "indicator":
            continue
        aspect = by_id[element.parent_id]
        domain = by_id[aspect.parent_id]
        target = targets.get(element.id)
        groups.setdefault((domain.position, aspect.position), AspectGroup(domain, aspect)) \
            .rows.append(IndicatorRow(element, levels.get(element.id),
                                      target.planned_level if target else None))
    return PlanGap(region, framework, score, [groups[key] for key in sorted(groups)])


def set_plan_targets(actor, submission, planned):
    """Replace the action plan's targets with `planned` ({indicator element id: planned
    level}); only its participant, only while the plan may be edited. A planned level is on
    the framework's scale and above the indicator's current level when that is known.
    Flushes, never commits; returns the PlanGap after the change."""
    workflow._check_author(actor, submission.enrollment)
    if submission.kind != "action_plan":
        raise workflow.NotAllowed(_("Only an action plan targets indicators."))
    workflow._check_round(submission.enrollment)
    if submission.status not in workflow.EDITABLE_STATUSES:
        raise workflow.NotNow(_("The work is “%(status)s”: it can no longer be edited.",
                                status=STATUS_LABELS[submission.status]))
    gap = plan_gap(submission)
    if gap.framework is None:
        raise InvalidTarget(_("There is no evaluation framework to target yet."))
    rows = {row.element.id: row for row in gap.rows}
    scale = gap.framework.scale_min, gap.framework.scale_max
    cleaned = {}
    for element_id, level in planned.items():
        row = rows.get(int(element_id))
        if row is None:
            raise InvalidTarget(_("That is not an indicator of %(framework)s.",
                                  framework=gap.framework.name))
        level = int(level)
        if not scale[0] <= level <= scale[1]:
            raise InvalidTarget(_("Planned levels are from %(min)d to %(max)d.",
                                  min=scale[0], max=scale[1]))
        if row.current is not None and level <= row.current:
            raise InvalidTarget(_("%(indicator)s is at level %(level)d already: plan a higher "
                                  "level.", indicator=row.element.code, level=row.current))
        cleaned[row.element.id] = level
    db.session.execute(delete(PlanTarget).where(PlanTarget.submission_id == submission.id))
    db.session.add_all(PlanTarget(submission_id=submission.id, element_id=element_id,
                                  planned_level=level) for element_id, level in cleaned.items())
    db.session.flush()
    for row in gap.rows:
        row.planned = cleaned.get(row.element.id)
    return gap
