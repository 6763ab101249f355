"""Bootstrap-Flask's form macros, tied to screen readers: a field names its error messages and
its description in aria-describedby, and a field with errors is aria-invalid.

Bootstrap-Flask renders the messages without ids, and no argument of render_field adds them,
so its template is read as installed and given the ids here, rather than copied: an upgrade
keeps its fixes, and one that moves what is changed here stops the app at start-up instead of
silently losing the ties.
"""
from pathlib import Path

import flask_bootstrap
from jinja2 import ChoiceLoader, FunctionLoader

TEMPLATE = "bootstrap5/form.html"
SOURCE = Path(flask_bootstrap.__file__).parent / "templates" / TEMPLATE

# Before the field is rendered, in render_field: the attributes that tie it to its texts.
FIELD_SETUP = ("    {% set form_group_classes = form_group_classes"
               " or config.BOOTSTRAP_FORM_GROUP_CLASSES %}\n")
ARIA_ATTRIBUTES = """
    {%- if field.errors %}
        {% set error_ids = [] %}
        {% for _error in field.errors %}
            {% do error_ids.append(field.id ~ '-error-' ~ loop.index) %}
        {% endfor %}
        {% do kwargs.update({'aria-invalid': 'true', 'aria-describedby': error_ids|join(' ')}) %}
    {%- elif field.description %}
        {% do kwargs.update({'aria-describedby': field.id ~ '-description'}) %}
    {%- endif %}
"""
# The texts they point at, in render_field (the hidden-errors macro above it has no field).
IDS = {
    '<div class="invalid-feedback d-block">{{ error }}</div>':
        '<div class="invalid-feedback d-block" id="{{ field.id }}-error-{{ loop.index }}">'
        '{{ error }}</div>',
    '<small class="form-text text-body-secondary{{ description_classes|safe }}">':
        '<small class="form-text text-body-secondary{{ description_classes|safe }}" '
        'id="{{ field.id }}-description">',
}


def accessible_form_template():
    source = SOURCE.read_text(encoding="utf-8")
    head, macro, body = source.partition("{% macro render_field(")
    if not macro or FIELD_SETUP not in body or not all(text in body for text in IDS):
        raise RuntimeError(f"Bootstrap-Flask's {TEMPLATE} has changed: update "
                           "app/accessible_forms.py to tie fields to their messages again.")
    body = body.replace(FIELD_SETUP, FIELD_SETUP + ARIA_ATTRIBUTES, 1)
    for plain, with_id in IDS.items():
        body = body.replace(plain, with_id)
    return head + macro + body


def init_app(app):
    source = accessible_form_template()
    app.jinja_env.loader = ChoiceLoader([
        FunctionLoader(lambda name: (source, str(SOURCE), lambda: True)
                       if name == TEMPLATE else None),
        app.jinja_env.loader])
