"""Programs: the journey of courses, its JP, completion rules and the regions reached."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.auth.access import managed_organisations, role_required
from app.auth.models import Role
from app.content.models import Course
from app.errors import DomainError
from app.extensions import db
from app.rounds.access import get_managed_program
from app.rounds.forms import CompletionRulesForm, ProgramForm, program_courses_form
from app.rounds.queries import (optional_activity_ids, program_activities, program_cohorts,
                                program_courses, region_reach)
from app.rounds.services import (create_program, set_completion_rules, set_program_courses,
                                 update_program)
from app.rounds.statuses import COHORT_STATUSES

bp = Blueprint("programs", __name__, url_prefix="/manage/programs")


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def new():
    """Start a program for one of my organisations."""
    organisations = {o.id: o for o in managed_organisations(current_user)}
    if not organisations:
        abort(404)
    form = ProgramForm()
    form.organisation_id.choices = [SelectChoice(o.id, o.name) for o in organisations.values()]
    if form.validate_on_submit():
        try:
            program = create_program(
                organisations[form.organisation_id.data], slug=form.slug.data,
                title=form.title.data, description=form.description.data,
                spbe_target=form.spbe_target.data)
        except DomainError as error:
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Now choose the program's courses."), "success")
            return redirect(url_for("programs.courses", program_id=program.id))
    return render_template("rounds/programs/form.html", form=form, program=None)


@bp.route("/<int:program_id>")
@role_required(Role.ORGANISER, Role.ADMIN)
def show(program_id):
    """Show a program: its journey and JP, its rules, its rounds and the regions reached."""
    program = get_managed_program(program_id)
    journey = program_courses(program.id)
    return render_template(
        "rounds/programs/show.html", program=program, journey=journey,
        jp_total=sum((pc.course.jp for pc in journey), 0),
        cohorts=program_cohorts(program.id), statuses=COHORT_STATUSES,
        optional_count=len(optional_activity_ids(program.id)),
        reach=region_reach(program))


@bp.route("/<int:program_id>/edit", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def edit(program_id):
    """Change a program's title, address name and description."""
    program = get_managed_program(program_id)
    form = ProgramForm(obj=program)
    form.organisation_id.choices = [SelectChoice(program.organisation_id,
                                                 program.organisation.name)]
    if form.validate_on_submit():
        try:
            update_program(program, slug=form.slug.data, title=form.title.data,
                           description=form.description.data,
                           spbe_target=form.spbe_target.data)
        except DomainError as error:
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for("programs.show", program_id=program.id))
    return render_template("rounds/programs/form.html", form=form, program=program)


@bp.route("/<int:program_id>/courses", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def courses(program_id):
    """Choose the program's courses and their order."""
    program = get_managed_program(program_id)
    available = db.session.scalars(select(Course).where(Course.archived_at.is_(None))
                                   .order_by(Course.title)).all()
    positions = {pc.course_id: pc.position for pc in program_courses(program.id)}
    form = program_courses_form(available, positions)
    if form.validate_on_submit():
        chosen = form.chosen_course_ids(available)
        if chosen is not None:
            by_id = {course.id: course for course in available}
            set_program_courses(program, [by_id[course_id] for course_id in chosen])
            db.session.commit()
            flash(_("The journey is saved."), "success")
            return redirect(url_for("programs.show", program_id=program.id))
    return render_template("rounds/programs/courses.html", form=form, program=program,
                           courses=available)


@bp.route("/<int:program_id>/rules", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def rules(program_id):
    """Set what a participant must achieve to complete the program."""
    program = get_managed_program(program_id)
    activities = program_activities(program.id)
    optional = optional_activity_ids(program.id)
    form = CompletionRulesForm(obj=program)
    form.required_activity_ids.choices = [
        SelectChoice(activity.id, f"{course_title} › {activity.title}")
        for course_title, activity in activities]
    if not form.is_submitted():
        form.required_activity_ids.data = [a.id for _t, a in activities if a.id not in optional]
    if form.validate_on_submit():
        set_completion_rules(
            program, min_quiz_score=form.min_quiz_score.data,
            min_attendance_percent=form.min_attendance_percent.data,
            requires_action_plan=form.requires_action_plan.data,
            optional_activity_ids={a.id for _t, a in activities}
            - set(form.required_activity_ids.data))
        db.session.commit()
        flash(_("The completion rules are saved."), "success")
        return redirect(url_for("programs.show", program_id=program.id))
    return render_template("rounds/programs/rules.html", form=form, program=program)
