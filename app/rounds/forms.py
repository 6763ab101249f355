"""Forms of the organiser's pages for programs, rounds and their agendas: a session in its
venue's local time. Rules that need the database live in the services."""
from datetime import datetime, timezone
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DecimalField, IntegerField, SelectChoice,
                     SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField,
                     TimeField)
from wtforms.validators import (DataRequired, InputRequired, Length, NumberRange, Optional,
                                ValidationError)
from wtforms.widgets import CheckboxInput, ListWidget

from app.form_filters import strip
from app.organisations.forms import SLUG
from app.rounds.labels import DELIVERY_MODE_LABELS, SESSION_KIND_LABELS
from app.rounds.models import DEFAULT_TIMEZONE, SESSION_KINDS
from app.rounds.schedule import is_known_zone


# Indonesia's three zones first, then where study visits and partner universities are.
TIMEZONES = {
    "Asia/Jakarta": _l("Western Indonesia — Jakarta, Bandung (WIB)"),
    "Asia/Makassar": _l("Central Indonesia — Makassar, Bali (WITA)"),
    "Asia/Jayapura": _l("Eastern Indonesia — Jayapura, Ambon (WIT)"),
    "Asia/Singapore": _l("Singapore"),
    "Asia/Kuala_Lumpur": _l("Malaysia — Kuala Lumpur"),
    "Asia/Tokyo": _l("Japan — Tokyo"),
    "Asia/Seoul": _l("South Korea — Seoul"),
    "Australia/Sydney": _l("Australia — Sydney, Canberra"),
    "Australia/Perth": _l("Australia — Perth"),
    "Europe/Amsterdam": _l("Netherlands — Amsterdam, The Hague"),
    "Europe/London": _l("United Kingdom — London"),
    "America/New_York": _l("United States — New York, Washington"),
}


def known_zone(form, field):
    if not is_known_zone(field.data or ""):
        raise ValidationError(_l("Choose a time zone from the list."))


def web_address(form, field):
    """Allow only http and https links: a meeting link is opened by every participant."""
    if field.data:
        parts = urlsplit(field.data)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(_l("Give a web address starting with https://."))


class LocalDecimalField(DecimalField):
    """A number that may be typed with a decimal comma, as Indonesians write it."""

    def process_formdata(self, valuelist):
        super().process_formdata([value.replace(",", ".") for value in valuelist])


def choices(labels):
    return [SelectChoice(value, label) for value, label in labels.items()]


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


class SessionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[SelectChoice(kind, SESSION_KIND_LABELS[kind])
                                            for kind in SESSION_KINDS])
    title = StringField(_l("Title"), filters=[strip],
                        validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=[strip],
                                validators=[Length(max=5000)])
    timezone = SelectField(_l("Time zone of the venue"), default=DEFAULT_TIMEZONE,
                           validators=[known_zone],
                           description=_l("Times below are local times in this zone."))
    start_date = DateField(_l("Date"), validators=[InputRequired()])
    start_time = TimeField(_l("Starts at"), validators=[InputRequired()])
    end_date = DateField(_l("End date"), validators=[Optional()],
                         description=_l("Only for sessions that end on a later day."))
    end_time = TimeField(_l("Ends at"), validators=[InputRequired()])
    place = StringField(_l("Place"), filters=[strip], validators=[Length(max=200)],
                        description=_l("Venue and room, or leave empty for an online session."))
    meeting_url = StringField(_l("Meeting link"), filters=[strip],
                              validators=[Length(max=500), web_address],
                              description=_l("For online or hybrid sessions (Zoom, Meet…)."))
    jp = LocalDecimalField(_l("JP (training hours)"), places=2, default=Decimal(0),
                           validators=[InputRequired(), NumberRange(
                               min=0, max=999, message=_l("JP is a number from 0 to 999."))])
    submit = SubmitField(_l("Save session"))

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = dict(TIMEZONES)
        if zone and zone not in choices:
            choices[zone] = zone  # a zone set elsewhere stays selectable when editing
        self.timezone.choices = [SelectChoice(name, label) for name, label in choices.items()]

    @classmethod
    def for_cohort(cls, cohort):
        """The form for a new session, in the round's zone and place."""
        return cls(zone=cohort.timezone, data=dict(
            timezone=cohort.timezone, place=cohort.place, start_date=cohort.starts_on))

    @classmethod
    def for_session(cls, session):
        """The form filled with a session's details in its own local time."""
        zone = ZoneInfo(session.timezone)
        start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        return cls(zone=session.timezone, data=dict(
            kind=session.kind, title=session.title, description=session.description,
            timezone=session.timezone, start_date=start.date(), start_time=start.time(),
            end_date=end.date() if end.date() != start.date() else None,
            end_time=end.time(), place=session.place, meeting_url=session.meeting_url,
            jp=session.jp))

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if self.ends_at <= self.starts_at:
            self.end_time.errors.append(
                _l("“Ends at” must be later than the start (%(date)s %(time)s).",
                   date=self.start_date.data.isoformat(),
                   time=self.start_time.data.strftime("%H:%M")))
            return False
        return True

    def _local(self, day, time):
        return datetime.combine(day, time, tzinfo=ZoneInfo(self.timezone.data)).astimezone(
            timezone.utc)

    @property
    def starts_at(self):
        return self._local(self.start_date.data, self.start_time.data)

    @property
    def ends_at(self):
        return self._local(self.end_date.data or self.start_date.data, self.end_time.data)

    @property
    def details(self):
        """What the schedule services take."""
        return dict(kind=self.kind.data, title=self.title.data,
                    description=self.description.data, timezone=self.timezone.data,
                    starts_at=self.starts_at, ends_at=self.ends_at, place=self.place.data,
                    meeting_url=self.meeting_url.data,
                    jp=self.jp.data.quantize(Decimal("0.01")))
