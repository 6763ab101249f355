"""A program's completion rules, each a small class in one registry: what a participant
must achieve, judged from the facts gathered for them."""
import math
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from app.seminars.rubric import band_rank, predicate_bands


# An action plan counts once the coach approved it; the mentor's endorsement keeps it so.
PLAN_ACCEPTED = ("approved", "endorsed")


@dataclass
class Facts:
    """What one enrollment has achieved, as far as the rules need to know."""
    required_done: int = 0
    quizzes_at_minimum: int = 0
    sessions_attended: int = 0
    action_plan_approved: bool = False
    seminar_predicate: str | None = None  # the published result's band, None before
    seminar_passed: bool = False


@dataclass
class CohortTotals:
    """What the cohort's program asks of everyone."""
    required_activities: int = 0
    required_quizzes: int = 0
    sessions: int = 0
    sessions_held: int = 0


@dataclass
class Requirement:
    key: str
    label: str
    met: bool
    detail: str


@dataclass
class Evaluation:
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def complete(self):
        return all(requirement.met for requirement in self.requirements)

    @property
    def missing(self):
        return [requirement for requirement in self.requirements if not requirement.met]


class CompletionRule:
    key = ""

    def applies(self, program):
        return True

    def evaluate(self, program, totals, facts):
        """Return a Requirement for one participant."""
        raise NotImplementedError


class RequiredActivities(CompletionRule):
    key = "activities"

    def evaluate(self, program, totals, facts):
        return Requirement(
            self.key, _l("Complete every required activity"),
            facts.required_done >= totals.required_activities,
            _l("%(done)s of %(total)s done", done=facts.required_done,
               total=totals.required_activities))


class MinimumQuizScore(CompletionRule):
    key = "quiz_score"

    def applies(self, program):
        return program.min_quiz_score is not None and program.min_quiz_score > 0

    def evaluate(self, program, totals, facts):
        return Requirement(
            self.key, _l("Score at least %(score)s%% in every required quiz",
                         score=program.min_quiz_score),
            facts.quizzes_at_minimum >= totals.required_quizzes,
            _l("%(done)s of %(total)s quizzes at that score", done=facts.quizzes_at_minimum,
               total=totals.required_quizzes))


class MinimumAttendance(CompletionRule):
    key = "attendance"

    def applies(self, program):
        return program.min_attendance_percent is not None and program.min_attendance_percent > 0

    def evaluate(self, program, totals, facts):
        needed = sessions_needed(program, totals)
        return Requirement(
            self.key, _l("Attend at least %(percent)s%% of the sessions",
                         percent=program.min_attendance_percent),
            facts.sessions_attended >= needed,
            _l("attended %(attended)s; %(needed)s of %(total)s sessions needed",
               attended=facts.sessions_attended, needed=needed, total=totals.sessions))


class ApprovedActionPlan(CompletionRule):
    key = "action_plan"

    def applies(self, program):
        return program.requires_action_plan

    def evaluate(self, program, totals, facts):
        return Requirement(
            self.key, _l("Have your action plan approved by your coach"),
            facts.action_plan_approved,
            _l("approved") if facts.action_plan_approved else _l("not approved yet"))


class SeminarPassed(CompletionRule):
    """The seminar's published result passes, at the program's minimum predicate or better."""
    key = "seminar"

    def applies(self, program):
        return program.requires_seminar

    def evaluate(self, program, totals, facts):
        bands = predicate_bands()
        minimum = band_rank(program.min_seminar_predicate, bands)
        rank = band_rank(facts.seminar_predicate, bands)
        met = facts.seminar_passed and rank is not None \
            and (minimum is None or rank <= minimum)
        label = (_l("Pass the action-plan seminar with at least %(predicate)s",
                    predicate=bands[minimum].label) if minimum is not None
                 else _l("Pass the action-plan seminar"))
        detail = (bands[rank].label if rank is not None
                  else _l("no result published yet"))
        return Requirement(self.key, label, met, detail)


COMPLETION_RULES = {rule.key: rule for rule in (
    RequiredActivities(), MinimumQuizScore(), MinimumAttendance(), ApprovedActionPlan(),
    SeminarPassed())}


def sessions_needed(program, totals):
    return math.ceil(totals.sessions * (program.min_attendance_percent or 0) / 100)
