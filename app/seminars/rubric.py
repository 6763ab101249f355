"""The seminar's scoring rubric and its predicate bands, read from data files and checked
field by field: criteria with weights, how much each scorer's total counts, and which
predicate a final score earns."""
import re
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import get_locale

from app.seminars.models import SCORER_ROLES

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_RUBRIC = DATA_DIR / "rubric.toml"
DEFAULT_BANDS = DATA_DIR / "predicates.toml"
SLUG = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TOTAL_WEIGHT = 100


class RubricError(ValueError):
    """A rubric or band file breaks a rule; the message names the file and the field."""


def bilingual(label_id, label_en):
    """The label in the page's language: Indonesian unless the page is in English."""
    return label_en if str(get_locale()) == "en" else label_id


@dataclass(frozen=True)
class Criterion:
    key: str
    label_id: str
    label_en: str
    weight: int

    @property
    def label(self):
        return bilingual(self.label_id, self.label_en)


@dataclass(frozen=True)
class Rubric:
    key: str
    title_id: str
    title_en: str
    criteria: tuple
    role_weights: dict  # scorer role: weight

    @property
    def keys(self):
        return [criterion.key for criterion in self.criteria]

    def criterion(self, key):
        return next(criterion for criterion in self.criteria if criterion.key == key)

    def total(self, scores):
        """The weighted total of {criterion key: score}, to two places."""
        weighted = sum(Decimal(scores[c.key]) * c.weight for c in self.criteria)
        return two_places(weighted / sum(c.weight for c in self.criteria))


@dataclass(frozen=True)
class Band:
    key: str
    label_id: str
    label_en: str
    min_score: int
    passed: bool

    @property
    def label(self):
        return bilingual(self.label_id, self.label_en)


def two_places(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def read_toml(path):
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RubricError(f"{path}: {error}") from error


def text_field(data, name, where):
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RubricError(f"{where}: `{name}` must be a non-empty text")
    return value.strip()


def slug_field(data, where):
    key = data.get("key")
    if not isinstance(key, str) or not SLUG.match(key):
        raise RubricError(f"{where}: `key` must be a slug of lowercase letters, digits and "
                          f"underscores, starting with a letter (got {key!r})")
    return key


def weight_field(data, name, where, minimum=1):
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RubricError(f"{where}: `{name}` must be a whole number of at least {minimum} "
                          f"(got {value!r})")
    return value


def check_unique(keys, where):
    seen = set()
    for key in keys:
        if key in seen:
            raise RubricError(f"{where}: the key {key!r} is used twice")
        seen.add(key)


def parse_rubric(data, where):
    """A Rubric from a rubric file's data; RubricError names the field at fault."""
    entries = data.get("criteria")
    if not isinstance(entries, list) or not entries:
        raise RubricError(f"{where}: `criteria` must list at least one criterion")
    criteria = []
    for number, entry in enumerate(entries, start=1):
        at = f"{where}: criteria[{number}]"
        criteria.append(Criterion(slug_field(entry, at), text_field(entry, "label_id", at),
                                  text_field(entry, "label_en", at),
                                  weight_field(entry, "weight", at)))
    check_unique([c.key for c in criteria], f"{where}: criteria")
    if sum(c.weight for c in criteria) != TOTAL_WEIGHT:
        raise RubricError(f"{where}: the criteria's `weight`s add up to "
                          f"{sum(c.weight for c in criteria)}, not {TOTAL_WEIGHT}")
    roles = data.get("role_weights")
    if not isinstance(roles, dict) or set(roles) != set(SCORER_ROLES):
        raise RubricError(f"{where}: `role_weights` must give exactly "
                          f"{', '.join(SCORER_ROLES)}")
    role_weights = {role: weight_field(roles, role, f"{where}: role_weights", minimum=0)
                    for role in SCORER_ROLES}
    if sum(role_weights.values()) != TOTAL_WEIGHT:
        raise RubricError(f"{where}: `role_weights` add up to {sum(role_weights.values())}, "
                          f"not {TOTAL_WEIGHT}")
    return Rubric(slug_field(data, where), text_field(data, "title_id", where),
                  text_field(data, "title_en", where), tuple(criteria), role_weights)


def parse_bands(data, where):
    """The predicate bands from a band file's data, best first; RubricError names the field."""
    entries = data.get("bands")
    if not isinstance(entries, list) or not entries:
        raise RubricError(f"{where}: `bands` must list at least one band")
    bands = []
    for number, entry in enumerate(entries, start=1):
        at = f"{where}: bands[{number}]"
        minimum = weight_field(entry, "min_score", at, minimum=0)
        if minimum > 100:
            raise RubricError(f"{at}: `min_score` must be at most 100 (got {minimum})")
        if not isinstance(entry.get("passed"), bool):
            raise RubricError(f"{at}: `passed` must be true or false")
        bands.append(Band(slug_field(entry, at), text_field(entry, "label_id", at),
                          text_field(entry, "label_en", at), minimum, entry["passed"]))
    check_unique([band.key for band in bands], f"{where}: bands")
    if any(a.min_score <= b.min_score for a, b in zip(bands, bands[1:])):
        raise RubricError(f"{where}: the bands' `min_score`s must fall from the first band "
                          f"to the last")
    if bands[-1].min_score != 0:
        raise RubricError(f"{where}: the last band's `min_score` must be 0, so every score "
                          f"earns a predicate")
    return tuple(bands)


@lru_cache(maxsize=8)
def load_rubric(path=DEFAULT_RUBRIC):
    return parse_rubric(read_toml(path), str(path))


@lru_cache(maxsize=8)
def load_bands(path=DEFAULT_BANDS):
    return parse_bands(read_toml(path), str(path))


def predicate_bands():
    """The configured predicate bands (SEMINAR_PREDICATE_BANDS, a file), best first."""
    return load_bands(Path(current_app.config.get("SEMINAR_PREDICATE_BANDS") or DEFAULT_BANDS))


def predicate_for(score, bands):
    """The band a final score falls in."""
    return next(band for band in bands if score >= band.min_score)


def band_rank(key, bands):
    """A band's place from the best (0), or None for a key the bands do not have."""
    return next((rank for rank, band in enumerate(bands) if band.key == key), None)
