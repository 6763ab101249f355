"""The seminar cast: the guided participant has an examiner besides their coach and mentor;
each of them can score through the real service."""
import pytest

from app.enrolment.services import enroll
from app.seminars import services
from app.seminars.rubric import load_rubric


def all_scores(value):
    """{criterion key: value} for every criterion of the shipped rubric."""
    return {key: value for key in load_rubric().keys}


@pytest.fixture
def examiner(make_user, cohort):
    user = make_user(roles=("coach",), name="Yusuf Examiner", email="yusuf@madangan.example",
                     locale="en")
    enroll(cohort, user, "examiner", actor=None)
    return user


@pytest.fixture
def seminar_enrollment(db, guided_enrollment, examiner):
    """The participant's enrollment with the coach, mentor and examiner assigned to it."""
    guided_enrollment.examiner_id = examiner.id
    db.session.flush()
    return guided_enrollment


@pytest.fixture
def score(db):
    """Submit `value` for every criterion as `user`, through the service."""
    def submit(user, enrollment, value, comments="", revision=0):
        return services.submit_score(user, enrollment.id, all_scores(value), comments,
                                     revision)

    return submit
