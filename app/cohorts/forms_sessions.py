"""Forms for the agenda: a session in its venue's local time, attendance, and self check-in."""
from datetime import datetime, timezone
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectChoice, SelectField, StringField, SubmitField
from wtforms import TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError

from app.auth.forms import strip
from app.cohorts.models import DEFAULT_TIMEZONE, SESSION_KINDS
from app.cohorts.schedule import CHECKIN_CODE_LENGTH, SESSION_KIND_LABELS, is_known_zone

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


class CheckInForm(FlaskForm):
    code = StringField(_l("Check-in code"), filters=[strip],
                       validators=[DataRequired(), Length(max=3 * CHECKIN_CODE_LENGTH)],
                       description=_l("The code shown in the room."))
    submit = SubmitField(_l("Check in"))


def chosen_statuses(form_data):
    """Read the attendance sheet ("status-<enrollment id>" = status) into
    {enrollment id: status}; rows left blank are not in it. The service checks the values."""
    chosen = {}
    for key in form_data:
        prefix, _, raw_id = key.partition("-")
        value = form_data.get(key, "")
        if prefix == "status" and raw_id.isdigit() and value:
            chosen[int(raw_id)] = value
    return chosen
