"""Public verification of certificates, without signing in: by the code of the QR link, or
by number and holder's name. Shows only what the certificate attests publicly."""
from flask import Blueprint, abort, jsonify, redirect, render_template, url_for
from app.certificates import queries, services
from app.certificates.badges import open_badge
from app.certificates.forms import LookupForm
from app.extensions import limiter

bp = Blueprint("verify", __name__, url_prefix="/verify")


def get_certificate(code):
    certificate = queries.by_code(code)
    if certificate is None:
        abort(404)
    return certificate


@bp.route("", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def lookup():
    """Find a certificate by its number and its holder's name."""
    form = LookupForm()
    not_found = False
    if form.validate_on_submit():
        certificate = services.find_by_number_and_name(form.number.data, form.name.data)
        if certificate is not None:
            return redirect(url_for("verify.show", code=certificate.verification_code))
        not_found = True
    return render_template("certificates/verify/lookup.html", form=form, not_found=not_found)


@bp.route("/<code>")
def show(code):
    """Show whether a certificate is valid, and to whom and for what it was issued."""
    return render_template("certificates/verify/show.html", certificate=get_certificate(code))


@bp.route("/<code>.json")
def badge(code):
    """The certificate as an (unsigned) Open Badges 3.0 credential."""
    certificate = get_certificate(code)
    return jsonify(open_badge(certificate, queries.organisation_slug(certificate)))
