"""Filters every area's form fields share."""


def strip(value):
    """Typed text without the spaces around it, as people paste it."""
    return value.strip() if isinstance(value, str) else value
