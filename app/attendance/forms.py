"""Forms for attendance: the sheet, and a participant's self check-in."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.form_filters import strip
from app.rounds.schedule import CHECKIN_CODE_LENGTH


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
