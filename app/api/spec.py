"""The API extension (flask-smorest) and the blueprint every API module uses: problem
details for errors, pagination in headers, bearer tokens on every view but the public ones."""
import http
import json

import flask_smorest
from flask import current_app, request, url_for
from flask_smorest.utils import prepare_response
from sqlalchemy import func, select
from webargs.flaskparser import FlaskParser

from app.api.auth import authenticate, public, rate_limit_key
from app.api.problems import PROBLEM_JSON, ProblemSchema
from app.extensions import db, limiter

API_TITLE = "Madangan API"
API_DESCRIPTION = """\
Programs, training rounds (cohorts), enrolments, progress, attendance, certificates, regions
and SPBE scores of a Madangan installation, for HR systems, dashboards and partner institutes.

**Tokens.** Every request but verification and this document carries a personal access
token, made under *API tokens* in one's account: `Authorization: Bearer mdg_…`. A token sees
what its owner sees on the web pages and nothing more; a *read* token may only read.

**Lists** are paged with `page` and `page_size` (at most 200); the `X-Pagination` header
gives the totals and the `Link` header the neighbouring pages. `updated_since` (ISO 8601 with
a time zone) returns only what changed since then, for incremental sync.

**Errors** are RFC 9457 problem details (`application/problem+json`); `errors` names each
field (`pointer`) or parameter at fault.
"""


class Api(flask_smorest.Api):
    """flask-smorest, with errors documented and answered as problem details, and only for
    API requests: the web pages keep their own error pages."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        """The app's error handler (app.templating) answers API requests with problems."""

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem (RFC 9457).", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_pagination_header(self):
        """The header carries JSON text: a string to OpenAPI, whose header objects it
        cannot be."""
        self.spec.components.header("PAGINATION", {
            "description": "The list's totals as JSON: total, total_pages, first_page, "
                           "last_page, page, previous_page, next_page.",
            "schema": {"type": "string"}}, lazy=True)


class ArgumentsParser(FlaskParser):
    """webargs' parser, answering JSON nested too deep to decode as invalid JSON (a 400)
    rather than letting Python's RecursionError through as a 500."""

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            raise json.JSONDecodeError("nested too deeply", "…", 0) from None


class Blueprint(flask_smorest.Blueprint):
    """An API blueprint: token authentication, a rate limit, pages of 50 by default."""

    ARGUMENTS_PARSER = ArgumentsParser()
    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": 50, "max_page_size": 200}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_request(authenticate)
        limiter.limit(lambda: current_app.config["API_RATE_LIMIT"],
                      key_func=rate_limit_key)(self)

    def public(self, view):
        """A view that needs no token, documented as such."""
        return self.doc(security=[])(public(view))

    def _set_pagination_metadata(self, page_params, result, headers):
        """X-Pagination as flask-smorest writes it, and an RFC 8288 Link header."""
        result, headers = super()._set_pagination_metadata(page_params, result, headers)
        metadata = json.loads(headers[self.PAGINATION_HEADER_NAME])
        links = [f'<{_page_url(metadata[name])}>; rel="{rel}"'
                 for name, rel in (("first_page", "first"), ("previous_page", "prev"),
                                   ("next_page", "next"), ("last_page", "last"))
                 if name in metadata]
        if links:
            headers["Link"] = ", ".join(links)
        return result, headers


def _page_url(page):
    return url_for(request.endpoint, _external=True,
                   **{**request.view_args, **request.args.to_dict(), "page": page})


def page_of(query, pagination):
    """One page of a select's scalars, counting them all for the pagination headers."""
    pagination.item_count = db.session.scalar(
        select(func.count()).select_from(query.order_by(None).subquery()))
    if pagination.first_item >= pagination.item_count:
        return []  # past the end, which may lie beyond any offset the database takes
    return db.session.scalars(
        query.limit(pagination.page_size).offset(pagination.first_item)).all()
