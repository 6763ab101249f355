"""Domain errors shared across areas; services raise them, views turn them into messages."""


class DomainError(Exception):
    """A rule of the domain was broken; the message is safe to show to the user."""
