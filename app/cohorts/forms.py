"""Forms of the organiser's and administrator's pages for organisations, programs and
cohorts. Rules that need the database live in the services."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, EmailField, IntegerField, SelectField
from wtforms import SelectChoice, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.auth.forms import strip
from app.cohorts.labels import DELIVERY_MODE_LABELS, ENROLLMENT_ROLE_LABELS
from app.cohorts.forms_sessions import TIMEZONES

SLUG = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
              message=_l("Use lowercase letters, digits and hyphens, e.g. bpsdm-jabar."))
REGION_CODE = Regexp(r"^\d{2}(\.\d{2}){0,3}$",
                     message=_l("Use a Kemendagri code such as 32.11."))


def choices(labels):
    return [SelectChoice(value, label) for value, label in labels.items()]


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name"), filters=[strip],
                             validators=[DataRequired(), Length(max=60)])
    slug = StringField(_l("Address name"), filters=[strip],
                       description=_l("Used in addresses and certificate numbers."),
                       validators=[DataRequired(), Length(max=80), SLUG])
    region_code = StringField(_l("Region code"), filters=[strip],
                              description=_l("Kemendagri code of the province or regency it "
                                             "serves, e.g. 32 for Jawa Barat."),
                              validators=[Optional(), REGION_CODE])
    submit = SubmitField(_l("Save"))


class OrganiserForm(FlaskForm):
    email = EmailField(_l("Email of an existing account"), filters=[strip],
                       validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Make organiser"))


class ProgramForm(FlaskForm):
    organisation_id = SelectField(_l("Organisation"), coerce=int)
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address name"), filters=[strip],
                       validators=[DataRequired(), Length(max=80), SLUG])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    spbe_target = DecimalField(
        _l("SPBE target index"), places=2, validators=[Optional(), NumberRange(min=1, max=5)],
        description=_l("The index the program helps its regions reach, e.g. 3.50; empty for "
                       "the province's target."))
    submit = SubmitField(_l("Save"))


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProgramCoursesForm(FlaskForm):
    """The journey's courses as a position per course; courses left blank are not included."""
    submit = SubmitField(_l("Save the journey"))

    def chosen_course_ids(self, courses):
        """The course ids in journey order, or None after adding errors to the fields."""
        positions = {}
        for course in courses:
            field = self[f"course_{course.id}"]
            if field.data is None:
                continue
            if field.data in positions:
                field.errors.append(_l("Another course already has position %(position)s.",
                                       position=field.data))
                return None
            positions[field.data] = course.id
        return [positions[position] for position in sorted(positions)]


def program_courses_form(courses, positions):
    """A ProgramCoursesForm with one position field per course, filled with `positions`."""
    class Form(ProgramCoursesForm):
        pass

    for course in courses:
        setattr(Form, f"course_{course.id}", IntegerField(
            course.title, validators=[Optional(), NumberRange(min=1, max=99)]))
    form = Form()
    # Only a fresh form shows the saved positions: in a submitted one, a blank means "left out".
    if not form.is_submitted():
        for course in courses:
            form[f"course_{course.id}"].data = positions.get(course.id)
    return form


class CompletionRulesForm(FlaskForm):
    required_activity_ids = CheckboxesField(_l("Required activities"), coerce=int)
    min_quiz_score = IntegerField(
        _l("Minimum quiz score (%)"), validators=[Optional(), NumberRange(min=0, max=100)],
        description=_l("Every required quiz must reach this score; leave empty for the quiz's "
                       "own pass mark."))
    min_attendance_percent = IntegerField(
        _l("Minimum attendance (%)"), validators=[Optional(), NumberRange(min=0, max=100)],
        description=_l("Share of the round's sessions attended (present or late)."))
    requires_action_plan = BooleanField(_l("An approved action plan is required"))
    submit = SubmitField(_l("Save the rules"))


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)],
                       description=_l("e.g. Angkatan II 2027"))
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()])
    ends_on = DateField(_l("Ends on"), validators=[DataRequired()])
    delivery_mode = SelectField(_l("Delivery mode"), choices=choices(DELIVERY_MODE_LABELS))
    online = BooleanField(_l("Online"))
    place = StringField(_l("Place"), filters=[strip], validators=[Length(max=200)],
                        description=_l("Venue and city; leave empty for an online round."))
    partner_institution = StringField(
        _l("Partner institution"), filters=[strip], validators=[Length(max=200)],
        description=_l("e.g. an overseas institute hosting a study visit."))
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=1)],
                            description=_l("Places for participants; empty for no limit."))
    timezone = SelectField(_l("Time zone"), choices=choices(TIMEZONES),
                           default=lambda: current_app.config["TIMEZONE"],
                           description=_l("Where the round takes place; its new sessions start "
                                          "in this zone."))
    submit = SubmitField(_l("Save"))

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The round cannot end before it starts."))

    def validate_place(self, field):
        if not self.online.data and not field.data:
            raise ValidationError(_l("Give the place, or mark the round as online."))

    def details(self):
        return {name: self[name].data for name in (
            "name", "starts_on", "ends_on", "delivery_mode", "online", "place",
            "partner_institution", "capacity", "timezone")}


class ReplicateForm(FlaskForm):
    name = StringField(_l("Name of the new round"), filters=[strip],
                       validators=[DataRequired(), Length(max=200)])
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()],
                          description=_l("The agenda moves with it, day for day."))
    submit = SubmitField(_l("Create the next round"))


class EnrolForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip],
                       validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role in the round"), choices=choices(ENROLLMENT_ROLE_LABELS))
    name = StringField(_l("Full name"), filters=[strip], validators=[Length(max=200)],
                       description=_l("Needed only for someone without an account yet."))
    nip = StringField(_l("NIP"), filters=[strip], validators=[
        Optional(), Regexp(r"^\d{18}$", message=_l("A NIP has exactly 18 digits."))])
    position = StringField(_l("Position (jabatan)"), filters=[strip],
                           validators=[Length(max=200)])
    institution = StringField(_l("Institution"), filters=[strip], validators=[Length(max=200)])
    region_code = StringField(_l("Region code"), filters=[strip],
                              validators=[Optional(), REGION_CODE])
    submit = SubmitField(_l("Enrol"))

    def profile(self):
        return {name: self[name].data for name in (
            "name", "nip", "position", "institution", "region_code")}
