"""Numbers as the reader's locale writes them, for templates and for views that prepare
page texts."""
from flask_babel import format_decimal


def format_number(value, *args, **kwargs):
    """A number in the reader's locale. Whole numbers under a thousand read the same in
    every locale (no grouping), so they skip Babel, which costs tens of microseconds a call:
    a dashboard of fifty participants shows hundreds of them."""
    if type(value) is int and -1000 < value < 1000 and not args and not kwargs:
        return str(value)
    return format_decimal(value, *args, **kwargs)
