"""The program's seminar rules: whether completing it needs the seminar passed, at which
predicate, and whether its certificates show the predicate."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import role_required
from app.auth.models import Role
from app.errors import commit_or_flash
from app.rounds.access import get_managed_program
from app.seminars import services
from app.seminars.forms import program_seminar_form
from app.seminars.rubric import predicate_bands

bp = Blueprint("seminar_programs", __name__, url_prefix="/manage/programs")


@bp.route("/<int:program_id>/seminar", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def rules(program_id):
    """Set the program's seminar rules."""
    program = get_managed_program(program_id)
    bands = predicate_bands()
    form = program_seminar_form(program, bands)
    if form.validate_on_submit():
        done, _result = commit_or_flash(
            services.set_program_seminar, current_user, program,
            requires_seminar=form.requires_seminar.data,
            min_seminar_predicate=form.min_seminar_predicate.data,
            certificate_shows_predicate=form.certificate_shows_predicate.data, bands=bands)
        if done:
            flash(_("The seminar rules are saved."), "success")
            return redirect(url_for("programs.show", program_id=program.id))
    return render_template("seminars/program.html", form=form, program=program)
