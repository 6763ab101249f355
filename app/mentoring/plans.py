"""The action plan's content: its Markdown fields and milestones as plain data, how each is
rendered (sanitised), and what changed between two submitted versions."""
import difflib
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.content.markdown import render_markdown

MAX_MILESTONES = 20
STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted, awaiting review"),
    "revision_requested": _l("Revision requested"),
    "approved": _l("Approved"),
    "endorsed": _l("Endorsed"),
}
DECISION_LABELS = {
    "comment": _l("Comment"),
    "revision_requested": _l("Revision requested"),
    "approved": _l("Approved"),
    "endorsed": _l("Endorsed"),
}
MILESTONE_STATUS_LABELS = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}


@dataclass(frozen=True)
class PlanField:
    key: str
    label: str
    help: str
    max_length: int


PLAN_FIELDS = (
    PlanField("problem", _l("Problem statement"),
              _l("What problem in your region or agency will the plan solve, and for whom?"),
              5000),
    PlanField("goals", _l("Goals"),
              _l("What the plan should achieve, as measurable as you can make it."), 5000),
    PlanField("stakeholders", _l("Stakeholders"),
              _l("Who must take part or agree: agencies, leaders, partners, citizens."), 3000),
    PlanField("outcome", _l("Expected outcome"),
              _l("What will be different for your organisation or its users when it is done."),
              3000),
)

# Answers to an assignment are one Markdown field.
ANSWER_FIELD = PlanField("answer", _l("Your answer"), _l("Write in Markdown."), 20000)


def plan_content(fields, milestones):
    """The plan's content as stored: {field key: Markdown text} and a list of milestones, each
    {"title", "due_on" (ISO date), "status"}; blank texts become ""."""
    content = {f.key: (fields.get(f.key) or "").strip() for f in PLAN_FIELDS}
    content["milestones"] = [
        {"title": m["title"].strip(), "due_on": _iso(m["due_on"]),
         "status": m.get("status") or "planned"}
        for m in milestones]
    return content


def answer_content(answer):
    return {"answer": (answer or "").strip()}


def _iso(value):
    return value.isoformat() if isinstance(value, date) else str(value)


def missing_parts(kind, content):
    """Labels of what a submission of this kind still needs before it can be submitted."""
    if kind == "assignment":
        return [] if content.get("answer") else [ANSWER_FIELD.label]
    missing = [f.label for f in PLAN_FIELDS if not content.get(f.key)]
    if not content.get("milestones"):
        missing.append(_l("at least one milestone"))
    return missing


def content_fields(kind):
    return (ANSWER_FIELD,) if kind == "assignment" else PLAN_FIELDS


@dataclass
class RenderedField:
    label: str
    html: Markup


@dataclass
class RenderedMilestone:
    title: str
    due_on: date
    status: str

    @property
    def status_label(self):
        return MILESTONE_STATUS_LABELS.get(self.status, self.status)


@dataclass
class RenderedContent:
    fields: list[RenderedField]
    milestones: list[RenderedMilestone] = field(default_factory=list)


def render_content(kind, content):
    """Each Markdown field of a submission's content as sanitised HTML, with its milestones."""
    fields = [RenderedField(f.label, Markup(render_markdown(content.get(f.key, ""))))
              for f in content_fields(kind)]
    milestones = [RenderedMilestone(m["title"], date.fromisoformat(m["due_on"]), m["status"])
                  for m in content.get("milestones", [])] if kind == "action_plan" else []
    return RenderedContent(fields, milestones)


@dataclass(frozen=True)
class DiffLine:
    change: str     # "added", "removed" or "same"
    text: str       # as the participant wrote it; the template escapes it


@dataclass
class FieldDiff:
    label: str
    lines: list[DiffLine]

    @property
    def changed(self):
        return any(line.change != "same" for line in self.lines)


def _milestone_lines(content):
    return [" — ".join((m["title"], m["due_on"],
                        str(MILESTONE_STATUS_LABELS.get(m["status"], m["status"]))))
            for m in content.get("milestones", [])]


def diff_lines(old_lines, new_lines):
    """The lines of the new text, with the removed old ones where they were, marked."""
    lines = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        if tag == "equal":
            lines += [DiffLine("same", text) for text in new_lines[new_from:new_to]]
            continue
        lines += [DiffLine("removed", text) for text in old_lines[old_from:old_to]]
        lines += [DiffLine("added", text) for text in new_lines[new_from:new_to]]
    return lines


def diff_content(kind, old, new):
    """Per field (and the milestones), what changed from `old` to `new` content, line by line.
    With no `old` (the first version) every line counts as added."""
    old = old or {}
    diffs = [FieldDiff(f.label, diff_lines(old.get(f.key, "").splitlines(),
                                           new.get(f.key, "").splitlines()))
             for f in content_fields(kind)]
    if kind == "action_plan":
        diffs.append(FieldDiff(_l("Milestones"),
                               diff_lines(_milestone_lines(old), _milestone_lines(new))))
    return diffs


@dataclass
class ReviewEntry:
    reviewer: str | None
    decision: str
    comments_html: Markup
    created_at: datetime
    version_number: int | None

    @property
    def decision_label(self):
        return DECISION_LABELS[self.decision]


def review_entries(reviews, versions):
    """Reviews as shown: the reviewer's name, the decision, the comments rendered from Markdown
    (sanitised) and the number of the version they concern."""
    numbers = {version.id: version.number for version in versions}
    return [ReviewEntry(review.reviewer.name if review.reviewer else None, review.decision,
                        Markup(render_markdown(review.comments)) if review.comments else None,
                        review.created_at, numbers.get(review.version_id))
            for review in reviews]
