"""Fixtures of the learning-record tests: a real Learning Record Store on loopback that can go
down and come back, and the statements the app kept."""
import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from app.xapi.models import XapiStatement
from tests.certificates.conftest import certificate, complete, completed  # noqa: F401
from tests.certificates.conftest import holder, stub_pdf  # noqa: F401
from tests.conftest import free_port

USERNAME, PASSWORD = "madangan", "lrs-secret"


class LRS:
    """A small LRS: `requests` are (path, headers, statements) in order of arrival;
    `statements` are those it accepted. `unavailable()` makes it answer 503, `stop()` makes
    it stop listening, `start()` brings it back on the same port."""

    def __init__(self):
        self.port = free_port()
        self.requests = []
        self.statements = []
        self.status = 200
        self.server = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}/xapi"

    def handler(self):
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                lrs.requests.append((self.path, dict(self.headers), body))
                if lrs.status == 200:
                    lrs.statements.extend(body)
                    answer = json.dumps([statement["id"] for statement in body]).encode()
                else:
                    answer = b"Service Unavailable"
                self.send_response(lrs.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        return Handler

    def start(self):
        self.status = 200
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def unavailable(self):
        self.status = 503

    def credentials(self, index=0):
        """The (username, password) of the `index`-th request's basic auth."""
        scheme, encoded = self.requests[index][1]["Authorization"].split()
        assert scheme == "Basic"
        return tuple(base64.b64decode(encoded).decode().split(":", 1))


@pytest.fixture
def lrs(app):
    """The LRS the app sends its statements to during the test."""
    server = LRS()
    server.start()
    settings = {"XAPI_ENDPOINT": server.endpoint, "XAPI_USERNAME": USERNAME,
                "XAPI_PASSWORD": PASSWORD, "XAPI_TIMEOUT_SECONDS": 2}
    saved = {key: app.config[key] for key in settings}
    app.config.update(settings)
    try:
        yield server
    finally:
        app.config.update(saved)
        server.stop()


@pytest.fixture
def no_lrs(app):
    """No LRS configured."""
    saved = app.config["XAPI_ENDPOINT"]
    app.config["XAPI_ENDPOINT"] = ""
    try:
        yield
    finally:
        app.config["XAPI_ENDPOINT"] = saved


@pytest.fixture
def kept(db):
    """The statements kept in the database, oldest first; optionally of one verb."""
    def statements(verb=None):
        db.session.expire_all()
        query = select(XapiStatement).order_by(XapiStatement.created_at)
        if verb is not None:
            query = query.where(XapiStatement.verb == verb)
        return db.session.scalars(query).all()
    return statements
