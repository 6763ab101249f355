"""Loaders for the participant's pages: their own enrolment and the steps of its journey, or
404 for anyone else's."""
from flask import abort
from flask_login import current_user

from app.learning.queries import build_journey, find_step, own_enrollment


def get_own_enrollment(cohort_id):
    """The signed-in participant's enrollment in a cohort; 404 for anyone else's."""
    enrollment = own_enrollment(current_user, cohort_id)
    if enrollment is None:
        abort(404)
    return enrollment


def load_step(cohort_id, course_slug, activity_slug):
    """The enrollment, journey and step of an activity page, or 404."""
    enrollment = get_own_enrollment(cohort_id)
    journey = build_journey(enrollment)
    journey_course, step = find_step(journey, course_slug, activity_slug)
    if step is None:
        abort(404)
    return enrollment, journey, journey_course, step
