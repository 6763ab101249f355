"""Template helpers: locale-aware formatting, what every page needs, friendly error pages."""
from flask import current_app, render_template, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from app.api.problems import is_api_request, problem_response
from app.courses.kinds import ACTIVITY_KINDS


ERROR_PAGES = {
    400: (_l("Bad request"), _l("The form could not be accepted. It may have expired: go back, "
                                "reload the page and try again.")),
    403: (_l("Not allowed"), _l("Your account may not open this page.")),
    404: (_l("Page not found"), _l("There is nothing at this address, or it is not yours to see.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Too large"), _l("The upload is larger than this site accepts.")),
    429: (_l("Too many attempts"), _l("Please wait a minute before trying again.")),
    500: (_l("Something went wrong"), _l("The error has been logged. Please try again later.")),
}


def render_error(error):
    """A friendly page, or problem details for the API; codes without a page of ours keep
    werkzeug's."""
    if is_api_request():
        return problem_response(error)
    if error.code not in ERROR_PAGES:
        return error
    title, explanation = ERROR_PAGES[error.code]
    return render_template("error.html", code=error.code, title=title,
                           explanation=explanation), error.code


def format_number(value, *args, **kwargs):
    """A number in the reader's locale. Whole numbers under a thousand read the same in
    every locale (no grouping), so they skip Babel, which costs tens of microseconds a call:
    a dashboard of fifty participants shows hundreds of them."""
    if type(value) is int and -1000 < value < 1000 and not args and not kwargs:
        return str(value)
    return format_decimal(value, *args, **kwargs)


def page_url(number):
    """This page's address with another page number, keeping its filters and order."""
    return url_for(request.endpoint, **{**request.view_args, **request.args.to_dict(),
                                        "page": number})


# The templates' _(), gettext() and ngettext(): what Jinja's i18n extension installs for
# Flask-Babel (newstyle: the result is a format string, made Markup when autoescaping), but
# with the page's translations fetched once per render (page_globals) instead of once per
# string; macros imported without the context ask Flask-Babel.
def _formatted(context, translated, variables):
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


@pass_context
def template_gettext(context, string, **variables):
    translations = context.get("page_translations") or get_translations()
    return _formatted(context, translations.ugettext(string), variables)


@pass_context
def template_ngettext(context, singular, plural, number, **variables):
    variables.setdefault("num", number)
    translations = context.get("page_translations") or get_translations()
    return _formatted(context, translations.ungettext(singular, plural, number), variables)


def init_app(app):
    app.register_error_handler(HTTPException, render_error)
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext,
                                 ngettext=template_ngettext)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.globals["page_url"] = page_url

    @app.context_processor
    def page_globals():
        return {"languages": current_app.config["LANGUAGES"], "current_locale": str(get_locale()),
                "kinds": ACTIVITY_KINDS, "page_translations": get_translations()}
