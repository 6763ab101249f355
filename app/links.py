"""Addresses made where there may be no request (CLI, workers): in emails, badges and statements."""
from flask import current_app, has_request_context, url_for


def path_for(endpoint, **values):
    """The path of an endpoint, inside a request or outside one."""
    if has_request_context():
        return url_for(endpoint, **values)
    adapter = current_app.url_map.bind("localhost",
                                       script_name=current_app.config["APPLICATION_ROOT"])
    return adapter.build(endpoint, values)


def absolute_url(path):
    """A path of the app as a full address people can open from an email."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + path
