"""Errors as RFC 9457 problem details (application/problem+json), for every API response
that is not a success."""
from http import HTTPStatus

import marshmallow as ma
from flask import current_app, has_request_context, request

PROBLEM_JSON = "application/problem+json"
API_PREFIX = "/api/"


def is_api_request():
    return has_request_context() and request.path.startswith(API_PREFIX)


class ProblemErrorSchema(ma.Schema):
    """What was wrong with one part of the request."""

    detail = ma.fields.String(required=True)
    pointer = ma.fields.String(metadata={
        "description": "JSON Pointer to the member of the request body at fault, e.g. "
                       "`#/enrollments/2/email`."})
    parameter = ma.fields.String(metadata={"description": "The query or path parameter at fault."})
    row = ma.fields.Integer(metadata={"description": "The 1-based item of a list it concerns."})


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = ma.fields.String(required=True, metadata={"example": "about:blank"})
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    instance = ma.fields.String(required=True)
    errors = ma.fields.List(ma.fields.Nested(ProblemErrorSchema))


def problem_response(error):
    """The problem details of an HTTPException; webargs' validation messages and errors
    passed to `abort(..., errors=[...])` become the `errors` list."""
    body = {"type": "about:blank", "title": HTTPStatus(error.code).phrase, "status": error.code,
            "instance": request.path}
    data = getattr(error, "data", None) or {}
    body["detail"] = data.get("message") or error.description
    errors = data.get("errors")
    if errors is None and "messages" in data:
        errors = validation_errors(data["messages"])
    if errors:
        body["errors"] = errors
    response = current_app.json.response(body)
    response.status_code = error.code
    response.mimetype = PROBLEM_JSON
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value  # e.g. Allow, with a 405
    response.headers.update(data.get("headers") or {})
    return response


def validation_errors(messages):
    """Flatten webargs' {location: {field: [messages] | nested}} into problem `errors`."""
    errors = []
    for location, fields in messages.items():
        for path, detail in _leaves(fields, ()):
            if location == "json":
                errors.append({"pointer": "#/" + "/".join(str(part) for part in path),
                               "detail": detail})
            else:
                errors.append({"parameter": ".".join(str(part) for part in path),
                               "detail": detail})
    return errors


def _leaves(messages, path):
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _leaves(value, path if key == "_schema" else (*path, key))
    elif isinstance(messages, list):
        for message in messages:
            yield from _leaves(message, path)
    else:
        yield path, str(messages)
