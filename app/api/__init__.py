"""The JSON API under /api/v1, described by the OpenAPI 3.1 document it serves at
/api/v1/openapi.json."""
import marshmallow as ma

from app.api.spec import API_DESCRIPTION, API_TITLE, Api
from app.extensions import csrf

API_SETTINGS = {
    "API_TITLE": API_TITLE,
    "API_VERSION": "1.0.0",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {"description": API_DESCRIPTION,
                 "license": {"name": "AGPL-3.0-or-later",
                             "identifier": "AGPL-3.0-or-later"}},
        "security": [{"bearerAuth": []}],
        "components": {"securitySchemes": {"bearerAuth": {
            "type": "http", "scheme": "bearer",
            "description": "A personal access token (mdg_…) from API tokens in your account."}}},
    },
}


def init_app(app):
    for name, value in API_SETTINGS.items():
        app.config.setdefault(name, value)
    api = Api(app)
    # Decimals (JP, SPBE indexes) travel as strings, exact; say so in the document.
    api.register_field(ma.fields.Decimal, "string", "decimal")
    from app.api.views import bp as tokens_bp
    app.register_blueprint(tokens_bp)
    from app.api import (attendance, certificates, cohorts, enrollments, me, programs,
                         progress, regions)
    for module in (me, programs, cohorts, enrollments, progress, attendance, certificates,
                   regions):
        # Tokens, not cookies, authenticate the API, so there is no form to forge.
        csrf.exempt(module.blp)
        api.register_blueprint(module.blp, url_prefix="/api/v1")
