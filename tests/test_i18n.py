"""Both languages are complete, Indonesian is the default, and the choice is remembered."""
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import force_locale

from app.templating import format_datetime_with_zone

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "app" / "translations"


def ui_strings():
    """Every string the code and templates mark for translation, extracted afresh, with its
    context (pgettext's, else None): "Open" a round is opened and "Open" the button differ."""
    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_ngettext": (1, 2)}
    return {(context, message if isinstance(message, str) else message[0])
            for _file, _line, message, _comments, context
            in extract_from_dir(ROOT, method_map, options_map, keywords=keywords)}


def read_catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_ui_string_has_a_translation(locale):
    catalog = read_catalog(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po")
    missing = [m.id for m in catalog if m.id and (not m.string or (
        isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []
    untranslated = ui_strings() - {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id)
                                   for m in catalog if m.id and m.string}
    assert untranslated == set(), "run `make update-translations` and translate these"


PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdfr%])")


def placeholders(text):
    """The named placeholders and conversions a message formats with; "%%" is a literal."""
    return sorted((name, kind) for name, kind in PLACEHOLDER.findall(text) if kind != "%")


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_translation_formats_with_its_messages_placeholders(locale):
    """A translation that drops or breaks a placeholder fails at run time ("incomplete
    format"), so each form of each translation must take exactly its message's."""
    catalog = read_catalog(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po")
    wrong = []
    for message in catalog:
        if not message.id or not message.python_format:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = {tuple(placeholders(text)) for text in ids}
        for text in strings:
            try:
                text % {name: 1 for name, _kind in placeholders(text)}
            except (ValueError, TypeError, KeyError):
                wrong.append((ids[0], text))
                continue
            names = {name for name, _kind in placeholders(text)}
            if not any(names <= {name for name, _kind in form} for form in allowed):
                wrong.append((ids[0], text))
    assert wrong == []


def test_indonesian_is_the_default(client):
    page = client.get("/sign-in").text
    assert '<html lang="id">' in page
    assert "Masuk ke Madangan" in page


def test_the_language_switch_works_for_visitors(client):
    client.post("/language", data={"locale": "en", "next": "/sign-in"})
    page = client.get("/sign-in").text
    assert '<html lang="en">' in page and "Sign in to Madangan" in page


def test_a_signed_in_users_choice_is_kept_on_the_account(client, sign_in, db, participant):
    sign_in(participant)
    response = client.post("/language", data={"locale": "en", "next": "/"})
    assert response.location == "/"
    db.session.refresh(participant)
    assert participant.locale == "en"
    client.post("/sign-out", data={})
    client.post("/language", data={"locale": "id", "next": "/"})
    sign_in(participant)
    assert '<html lang="en">' in client.get("/").text


def test_an_unknown_language_is_ignored(client):
    client.post("/language", data={"locale": "xx", "next": "/sign-in"})
    assert '<html lang="id">' in client.get("/sign-in").text


@pytest.mark.parametrize("locale, shown", [("id", "23/11/26 08.00 WIB"),
                                           ("en", "11/23/26, 8:00 AM WIB")])
def test_moments_are_shown_in_the_readers_format_and_name_their_zone(app, locale, shown):
    with app.test_request_context(), force_locale(locale):
        moment = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)
        assert format_datetime_with_zone(moment, "short").replace("\u202f", " ") == shown
