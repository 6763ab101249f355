"""The outcome view of a program or one of its rounds: the SPBE index of the regions whose people
it trained, before the training and since, next to the regions of the same provinces it has not
reached. It shows correlation, never proof that the training caused a change.

Choices, kept simple on purpose:

- A region is reached when a participant (role `participant`) of the program, or of the round,
  has it as their region; only regencies and cities count.
- Its training year is the start year of the first round it sent participants to (within the
  program, or the round). The baseline is its latest score of a year *before* that year; the
  latest is its newest score of that year or after. A year's score is the official one, else
  the self-assessment, as on the dashboard.
- The comparison of a reached region is the mean change, between the same baseline and latest
  years, of the regencies and cities of its province that the *program* (any round) has not
  reached and that have a score in both years. The comparison group's average is the mean of
  those per-region comparisons, so both averages span the same years.

Two queries, whatever the number of regions."""
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from sqlalchemy import case, func, select

from app.auth.models import User
from app.benchmarking.dashboard import PEER_KINDS, _official_first, two_places
from app.benchmarking.models import RegionScore
from app.extensions import db
from app.regions.models import Region
from app.rounds.models import Cohort, Enrollment, RoundRole


@dataclass
class OutcomeRow:
    region_code: str
    region_name: str
    province_code: str
    participants: int
    training_year: int
    baseline_year: Optional[int] = None
    baseline: Optional[Decimal] = None
    latest_year: Optional[int] = None
    latest: Optional[Decimal] = None
    comparison_change: Optional[Decimal] = None
    comparison_regions: int = 0

    @property
    def change(self):
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline


@dataclass
class Outcomes:
    rows: list = field(default_factory=list)

    @property
    def reached_mean_change(self):
        """The mean change of the reached regions that have a score before and after."""
        return mean([row.change for row in self.rows if row.change is not None])

    @property
    def comparison_mean_change(self):
        """The mean of the reached regions' comparisons (not-reached regions, same years)."""
        return mean([row.comparison_change for row in self.rows
                     if row.comparison_change is not None])


def mean(values):
    return two_places(sum(values) / len(values)) if values else None


def _reach(program_id, cohort_id=None):
    """(region code, name, province, participants in scope, first start in scope) of every
    regency and city the program has reached; the scope is the round when given, else the
    program, so regions only other rounds reached come back with no participants."""
    person, start = User.id, Cohort.starts_on
    if cohort_id is not None:
        person = case((Cohort.id == cohort_id, User.id))
        start = case((Cohort.id == cohort_id, Cohort.starts_on))
    return db.session.execute(
        select(Region.code, Region.name, Region.province_code,
               func.count(func.distinct(person)).label("participants"),
               func.min(start).label("first_start"))
        .select_from(Enrollment)
        .join(User, User.id == Enrollment.user_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(Region, Region.code == User.region_code)
        .where(Cohort.program_id == program_id, Enrollment.role == RoundRole.PARTICIPANT,
               Region.kind.in_(PEER_KINDS))
        .group_by(Region.code, Region.name, Region.province_code)
        .order_by(Region.code)).all()


def _yearly_scores(framework_id, province_codes):
    """{region code: {year: index}} of the provinces' regencies and cities, every year, and
    {region code: province code}."""
    choice = (select(RegionScore.region_code, Region.province_code, RegionScore.year,
                     RegionScore.index,
                     func.row_number().over(
                         partition_by=(RegionScore.region_code, RegionScore.year),
                         order_by=_official_first()).label("choice"))
              .join(Region, Region.code == RegionScore.region_code)
              .where(RegionScore.framework_id == framework_id,
                     Region.province_code.in_(province_codes), Region.kind.in_(PEER_KINDS))
              .subquery())
    scores, provinces = {}, {}
    for code, province, year, index in db.session.execute(
            select(choice.c.region_code, choice.c.province_code, choice.c.year, choice.c.index)
            .where(choice.c.choice == 1)):
        scores.setdefault(code, {})[year] = two_places(index)
        provinces[code] = province
    return scores, provinces


def outcome_rows(program_id, framework, cohort=None):
    """The outcomes of the program (or of `cohort`, one of its rounds) under `framework`."""
    reach = _reach(program_id, cohort.id if cohort is not None else None)
    reached = [r for r in reach if r.participants]
    outcomes = Outcomes()
    if not reached or framework is None:
        outcomes.rows = [OutcomeRow(r.code, r.name, r.province_code, r.participants,
                                    r.first_start.year) for r in reached]
        return outcomes
    provinces = sorted({r.province_code for r in reached})
    scores, province_of = _yearly_scores(framework.id, provinces)
    ever_reached = {r.code for r in reach}
    others = {}
    for code in scores:
        if code not in ever_reached:
            others.setdefault(province_of[code], []).append(code)
    for r in reached:
        row = OutcomeRow(r.code, r.name, r.province_code, r.participants, r.first_start.year)
        years = scores.get(r.code, {})
        before = [year for year in years if year < row.training_year]
        after = [year for year in years if year >= row.training_year]
        if before:
            row.baseline_year = max(before)
            row.baseline = years[row.baseline_year]
        if after:
            row.latest_year = max(after)
            row.latest = years[row.latest_year]
        if row.change is not None:
            changes = [scores[code][row.latest_year] - scores[code][row.baseline_year]
                       for code in others.get(r.province_code, [])
                       if row.baseline_year in scores[code] and row.latest_year in scores[code]]
            row.comparison_change = mean(changes)
            row.comparison_regions = len(changes)
        outcomes.rows.append(row)
    return outcomes
