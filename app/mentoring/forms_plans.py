"""Forms of the action plan, assignment answers and reviews. Whether an action is allowed at
all is the workflow's business (app/mentoring/workflow.py)."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, Form, FormField, IntegerField, SelectChoice
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from app.form_filters import strip
from app.mentoring.models import MILESTONE_STATUSES
from app.mentoring.plans import (ANSWER_FIELD, MAX_MILESTONES, MILESTONE_STATUS_LABELS,
                                 PLAN_FIELDS, answer_content, plan_content)
from app.mentoring.workflow import REVIEW_ACTIONS

BLANK_MILESTONE_ROWS = 3
FIELDS = {plan_field.key: plan_field for plan_field in PLAN_FIELDS}
STATUS_CHOICES = [SelectChoice(status, MILESTONE_STATUS_LABELS[status])
                  for status in MILESTONE_STATUSES]


def markdown_field(plan_field):
    return TextAreaField(plan_field.label, filters=[strip],
                         description=plan_field.help,
                         validators=[Length(max=plan_field.max_length)])


class MilestoneForm(Form):
    """One row of the plan's milestones; a row left blank is ignored."""
    title = StringField(_l("Milestone"), filters=[strip], validators=[Length(max=300)])
    due_on = DateField(_l("Due date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, default="planned")


class ActionPlanForm(FlaskForm):
    problem = markdown_field(FIELDS["problem"])
    goals = markdown_field(FIELDS["goals"])
    stakeholders = markdown_field(FIELDS["stakeholders"])
    outcome = markdown_field(FIELDS["outcome"])
    milestones = FieldList(FormField(MilestoneForm), max_entries=MAX_MILESTONES
                           + BLANK_MILESTONE_ROWS)
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit for review"))

    @classmethod
    def for_content(cls, content):
        """The form filled with a working copy, and blank rows to add milestones."""
        milestones = [{**m, "due_on": date.fromisoformat(m["due_on"])}
                      for m in content.get("milestones", [])]
        data = {key: content.get(key, "") for key in FIELDS}
        form = cls(formdata=None, data={**data, "milestones": milestones})
        for _blank in range(BLANK_MILESTONE_ROWS):
            form.milestones.append_entry()
        return form

    def filled_milestones(self):
        return [row.form for row in self.milestones if not _row_blank(row.form)]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        filled = self.filled_milestones()
        for row in filled:
            if not row.title.data:
                row.title.errors.append(_l("Name the milestone, or clear its due date."))
                valid = False
            if not row.due_on.data and not row.due_on.errors:
                row.due_on.errors.append(_l("Give the milestone a due date."))
                valid = False
        if len(filled) > MAX_MILESTONES:
            self.milestones.errors.append(_l("A plan has at most %(count)s milestones.",
                                             count=MAX_MILESTONES))
            valid = False
        if self.submit.data:
            valid = self._validate_complete(filled) and valid
        return valid

    def _validate_complete(self, filled):
        """Before submission, every part of the plan is written and one milestone at least."""
        complete = True
        for key in FIELDS:
            if not self[key].data:
                self[key].errors.append(_l("Fill this in before you submit."))
                complete = False
        if not filled:
            self.milestones.errors.append(_l("Add at least one milestone before you submit."))
            complete = False
        return complete

    def content(self):
        return plan_content(
            {key: self[key].data for key in FIELDS},
            [{"title": row.title.data, "due_on": row.due_on.data, "status": row.status.data}
             for row in self.filled_milestones()])


def _row_blank(row):
    return not row.title.data and not row.due_on.data and not row.due_on.errors


class MilestoneProgressRow(Form):
    milestone_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    completed_on = DateField(_l("Done on"), validators=[Optional()])


class MilestoneProgressForm(FlaskForm):
    """The progress of an approved plan's milestones, which continue after the round."""
    milestones = FieldList(FormField(MilestoneProgressRow), max_entries=MAX_MILESTONES)
    save = SubmitField(_l("Save progress"))

    @classmethod
    def for_milestones(cls, milestones):
        return cls(formdata=None, data={"milestones": [
            {"milestone_id": m.id, "status": m.status, "completed_on": m.completed_on}
            for m in milestones]})

    def progress(self):
        """{milestone id: (status, completed_on)}"""
        return {row.form.milestone_id.data: (row.form.status.data, row.form.completed_on.data)
                for row in self.milestones}


class AssignmentForm(FlaskForm):
    answer = TextAreaField(ANSWER_FIELD.label, filters=[strip], description=ANSWER_FIELD.help,
                           validators=[Length(max=ANSWER_FIELD.max_length)])
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit for review"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.submit.data and not self.answer.data:
            self.answer.errors.append(_l("Write your answer before you submit."))
            valid = False
        return valid

    def content(self):
        return answer_content(self.answer.data)


class ReviewForm(FlaskForm):
    """The reviewer's comments and one of the decision buttons, each named `decision`."""
    comments = TextAreaField(
        _l("Comments"), filters=[strip], validators=[Length(max=5000)],
        description=_l("Markdown. Needed when you request a revision or only comment."))
    decision = StringField(validators=[InputRequired(), AnyOf(
        REVIEW_ACTIONS, message=_l("Choose one of the review buttons."))])
