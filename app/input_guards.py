"""Input no view should meet: numbers beyond what the database stores, and NUL characters.

Checked before any view runs, so each view need not: such input gets 404 or 400, never a
database error.
"""
import re

from flask import abort, request
from werkzeug.routing import IntegerConverter


class RowNumberConverter(IntegerConverter):
    """`<int:…>` in addresses: a number beyond a database integer names no row, so it is a
    404 rather than an overflow in the query."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2 ** 31 - 1)
        super().__init__(map, *args, **kwargs)


# A page, row id or year in a query string has at most 15 digits: anything longer names
# nothing, and a page that large would overflow the query's offset.
LONG_NUMBER = re.compile(r"^[+-]?[0-9]{16,}$")


def refuse_unstorable_input():
    """Answer 400 before a view hands the database what it cannot take: such a number in the
    query string, or a NUL character (no text people write has one, and PostgreSQL can
    neither store nor compare it) in the address, the query string or a form."""
    queried = [text for pair in request.args.items(multi=True) for text in pair]
    posted = [text for pair in request.form.items(multi=True) for text in pair]
    texts = [request.path, *queried, *posted]
    if any("\x00" in text for text in texts) or any(LONG_NUMBER.match(text) for text in queried):
        abort(400)


def init_app(app):
    app.url_map.converters["int"] = RowNumberConverter
    app.before_request(refuse_unstorable_input)
