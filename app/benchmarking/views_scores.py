"""Organisers' pages for SPBE scores: the list, entering one, importing a file."""
import base64
import binascii

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import role_required
from app.auth.models import Role
from app.benchmarking import score_import
from app.benchmarking import queries_scores as queries
from app.benchmarking.forms import MAX_IMPORT_BYTES, ScoreImportForm, score_form
from app.benchmarking.labels import STAGE_LABELS
from app.benchmarking.models import Framework
from app.benchmarking.services import (InvalidScore, ScoreRefused, managed_region_codes,
                                       record_score, score_years)
from app.extensions import db
from app.regions.queries import find_region, regions_by_code

bp = Blueprint("scores", __name__, url_prefix="/manage/scores")


def get_framework():
    """The framework named by ?framework= (its id), else the newest; 404 when there is none."""
    framework_id = request.values.get("framework", type=int)
    if framework_id:
        return db.get_or_404(Framework, framework_id)
    frameworks = queries.frameworks()
    if not frameworks:
        abort(404)
    return frameworks[0]


@bp.route("/")
@role_required(Role.ORGANISER, Role.ADMIN)
def index():
    """List the scores of the regions the user may enter scores for."""
    year = request.args.get("year", type=int)
    page = db.paginate(queries.managed_scores(managed_region_codes(current_user), year),
                       per_page=50)
    regions = regions_by_code({score.region_code for score in page.items})
    return render_template("benchmarking/scores/index.html", page=page, year=year,
                           years=score_years(), regions=regions,
                           frameworks={f.id: f for f in queries.frameworks()},
                           stage_labels=STAGE_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def new():
    """Enter a region's score, as an index or as every indicator's level."""
    framework = get_framework()
    outline = queries.framework_outline(framework.id)
    indicators = [indicator for _d, _a, group in outline for indicator in group]
    form = score_form(indicators, range(framework.scale_min, framework.scale_max + 1))
    if form.validate_on_submit():
        levels = {i.id: int(form[f"level_{i.id}"].data) for i in indicators
                  if form[f"level_{i.id}"].data}
        region = find_region(form.region_code.data.strip())
        try:
            if region is None:
                raise InvalidScore(_("%(code)s is not a known region code.",
                                     code=form.region_code.data))
            if levels and len(levels) != len(indicators):
                raise InvalidScore(_("Give a level for every indicator or for none."))
            record_score(current_user, region, framework, form.year.data, form.stage.data,
                         index=form.index.data, levels=levels or None, source=form.source.data)
        except (InvalidScore, ScoreRefused) as error:
            form.region_code.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The score of %(region)s is saved.", region=region.name), "success")
            return redirect(url_for("scores.index", year=form.year.data))
    status = 200 if not form.errors else 422
    return render_template("benchmarking/scores/new.html", form=form, framework=framework,
                           outline=outline, frameworks=queries.frameworks()), status


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def import_file():
    """Check an uploaded score file and show every row with its problems; nothing is saved."""
    framework = get_framework()
    form = ScoreImportForm()
    if form.validate_on_submit():
        content = form.file.data.read()
        if len(content) > MAX_IMPORT_BYTES:
            form.file.errors.append(_("The file is larger than 1 MB; split it."))
        else:
            scores = score_import.read_scores(current_user, framework, form.file.data.filename,
                                              content)
            return render_preview(framework, form.file.data.filename, content, scores)
    return render_template("benchmarking/scores/import.html", form=form, framework=framework,
                           frameworks=queries.frameworks(), aliases=score_import.COLUMN_ALIASES)


@bp.route("/import/apply", methods=["POST"])
@role_required(Role.ORGANISER, Role.ADMIN)
def apply_import():
    """Record every row of the checked file in one transaction, or none.

    The file comes back as a hidden field and is checked again in full, so what is saved is
    exactly what a fresh upload of it would show.
    """
    framework = get_framework()
    filename = request.form.get("filename", "")
    try:
        content = base64.b64decode(request.form.get("content", ""), validate=True)
    except (binascii.Error, ValueError):
        abort(400)
    if not content or len(content) > MAX_IMPORT_BYTES:
        abort(400)
    try:
        scores = score_import.import_scores(current_user, framework, filename, content)
    except score_import.ScoresHaveProblems as error:
        db.session.rollback()
        flash(str(error), "danger")
        return render_preview(framework, filename, content, error.scores, 409)
    db.session.commit()
    flash(_("%(count)d scores from %(filename)s are saved.", count=len(scores.rows),
            filename=filename), "success")
    return redirect(url_for("scores.index"))


def render_preview(framework, filename, content, scores, status=200):
    return render_template("benchmarking/scores/preview.html", framework=framework,
                           filename=filename, content=base64.b64encode(content).decode("ascii"),
                           scores=scores, stage_labels=STAGE_LABELS), status
