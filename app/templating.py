"""Template helpers: locale-aware formatting, what every page needs, friendly error pages."""
from flask import current_app, g, render_template, request, session, url_for
from flask_babel import (force_locale, format_date, format_datetime, get_locale,
                         get_timezone, get_translations)
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context
from markupsafe import Markup
from sqlalchemy import inspect
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from app.api.problems import is_api_request, problem_response
from app.clock import zone_abbreviation
from app.formatting import format_number


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
DATABASE_RETRY_SECONDS = 30
DATABASE_UNAVAILABLE_TITLE = _l("Please try again in a minute")
DATABASE_UNAVAILABLE = _l("The database cannot be reached at the moment. Nothing you have "
                          "saved is lost: please try again in a minute.")


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


def render_database_unavailable(error):
    """503 while the database cannot be reached (down, restarting, locked), so people are
    told to retry rather than shown a crash. The page needs no database: it is rendered
    without the context processors (which load the signed-in user) in the language known
    without asking the database."""
    current_app.logger.error("Database unavailable during %s %s: %s", request.method,
                             request.path, error)
    if is_api_request():
        return problem_response(ServiceUnavailable(str(DATABASE_UNAVAILABLE),
                                                   retry_after=DATABASE_RETRY_SECONDS))
    with force_locale(_locale_without_database()):
        html = current_app.jinja_env.get_template("database_unavailable.html").render(
            current_locale=str(get_locale()), page_translations=get_translations(),
            title=str(DATABASE_UNAVAILABLE_TITLE), explanation=str(DATABASE_UNAVAILABLE))
    return html, 503, {"Retry-After": str(DATABASE_RETRY_SECONDS), "Cache-Control": "no-store"}


def _locale_without_database():
    """The signed-in user's language if the request loaded them before the database went,
    else the one chosen this visit, else the default."""
    languages = current_app.config["LANGUAGES"]
    user_state = inspect(g.get("_login_user"), raiseerr=False)  # None: not loaded, anonymous
    loaded = user_state.dict if user_state is not None else {}
    for locale in (loaded.get("locale"), session.get("locale")):
        if locale in languages:
            return locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


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


def format_datetime_with_zone(moment, format="medium"):
    """A moment in the reader's language and the site's zone, which it names ("WIB"): people
    in Makassar or Jayapura read it knowing which clock it means."""
    zone = str(get_timezone())  # its name, whichever library the zone object comes from
    return f"{format_datetime(moment, format)} {zone_abbreviation(moment, zone)}"


def init_app(app):
    app.register_error_handler(HTTPException, render_error)
    for database_error in (OperationalError, InterfaceError):
        app.register_error_handler(database_error, render_database_unavailable)
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext,
                                 ngettext=template_ngettext)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime_with_zone
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.globals["page_url"] = page_url

    @app.context_processor
    def page_globals():
        return {"languages": current_app.config["LANGUAGES"], "current_locale": str(get_locale()),
                "page_translations": get_translations(),
                "site_organisation": current_app.config["SITE_ORGANISATION"],
                "brand_colour": current_app.config["BRAND_COLOUR"]}
