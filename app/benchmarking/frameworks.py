"""Evaluation frameworks as versioned data: a folder per framework (framework.toml,
indicators.csv, bands.csv) read into a checked plain structure, and synced into the database."""
import csv
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import delete, func, select

from app.benchmarking.models import Framework, FrameworkBand, FrameworkElement, IndicatorLevel
from app.extensions import db

FRAMEWORKS_DIR = Path(__file__).parent / "data" / "frameworks"
INDICATOR_COLUMNS = ("indicator", "name", "weight_percent", "aspect", "aspect_name", "domain",
                     "domain_name")
BAND_COLUMNS = ("predicate", "min_inclusive", "max_exclusive")
FRAMEWORK_KEYS = ("slug", "name", "scale_min", "scale_max")
WEIGHT_TOLERANCE = Decimal("0.01")


class FrameworkError(ValueError):
    """A framework folder breaks a rule; `problems` name the file, row and problem."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    parent: str = ""  # the domain of an aspect


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    weight: Decimal
    aspect: str
    kind: str = "indicator"
    id: None = None


@dataclass(frozen=True)
class Band:
    predicate: str
    min_index: Decimal
    max_index: Decimal


@dataclass
class FrameworkData:
    slug: str
    name: str
    source: str
    scale_min: int
    scale_max: int
    domains: list = field(default_factory=list)
    aspects: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    bands: list = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------

def framework_folders(root=FRAMEWORKS_DIR):
    """The framework folders under `root`, by name."""
    return sorted(path for path in Path(root).iterdir() if (path / "framework.toml").is_file())


def load_framework(folder):
    """Read and check one framework folder; raise FrameworkError listing every problem."""
    folder = Path(folder)
    problems = []
    meta = read_meta(folder / "framework.toml", problems)
    data = FrameworkData(**meta) if meta else None
    indicator_rows = read_csv(folder / "indicators.csv", INDICATOR_COLUMNS, problems)
    band_rows = read_csv(folder / "bands.csv", BAND_COLUMNS, problems)
    if data is None or indicator_rows is None or band_rows is None:
        raise FrameworkError(problems)
    read_indicators(data, indicator_rows, problems)
    read_bands(data, band_rows, problems)
    if problems:
        raise FrameworkError(problems)
    return data


def read_meta(path, problems):
    try:
        with path.open("rb") as file:
            meta = tomllib.load(file)
    except FileNotFoundError:
        problems.append(f"{path.name}: the file is missing")
        return None
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{path.name}: not valid TOML ({error})")
        return None
    missing = [key for key in FRAMEWORK_KEYS if meta.get(key) in (None, "")]
    if missing:
        problems.append(f"{path.name}: missing {', '.join(missing)}")
        return None
    if not all(isinstance(meta[key], int) for key in ("scale_min", "scale_max")) \
            or meta["scale_min"] >= meta["scale_max"]:
        problems.append(f"{path.name}: scale_min and scale_max must be whole numbers, "
                        "scale_min below scale_max")
        return None
    return {"slug": str(meta["slug"]), "name": str(meta["name"]),
            "source": str(meta.get("source", "")), "scale_min": meta["scale_min"],
            "scale_max": meta["scale_max"]}


def read_csv(path, columns, problems):
    """[(row number, {column: stripped text})], the headings being row 1; None when the file
    or one of its columns is missing."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.append(f"{path.name}: the file is missing")
        return None
    reader = csv.DictReader(text.splitlines())
    missing = [column for column in columns if column not in (reader.fieldnames or ())]
    if missing:
        problems.append(f"{path.name} row 1: missing column {', '.join(missing)}")
        return None
    rows = []
    for number, record in enumerate(reader, start=2):
        row = {column: (record.get(column) or "").strip() for column in columns}
        blank = [column for column in columns if not row[column]]
        if blank:
            problems.append(f"{path.name} row {number}: {', '.join(blank)} is blank")
            continue
        rows.append((number, row))
    return rows


def read_number(text, where, column, problems):
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problems.append(f"{where}: {column} {text!r} is not a number")
        return None
    return number


def read_indicators(data, rows, problems):
    domains, aspects, seen = {}, {}, {}
    total = Decimal(0)
    for number, row in rows:
        where = f"indicators.csv row {number}"
        weight = read_number(row["weight_percent"], where, "weight_percent", problems)
        if weight is not None and weight <= 0:
            problems.append(f"{where}: weight_percent must be above 0")
        if row["indicator"] in seen:
            problems.append(f"{where}: indicator {row['indicator']} is also in row "
                            f"{seen[row['indicator']]}")
            continue
        seen[row["indicator"]] = number
        agree(domains, row["domain"], (row["domain_name"], ""), where, "domain", problems)
        agree(aspects, row["aspect"], (row["aspect_name"], row["domain"]), where, "aspect",
              problems)
        if weight is not None:
            total += weight
            data.indicators.append(Indicator(row["indicator"], row["name"], weight,
                                             row["aspect"]))
    if rows and abs(total - 100) > WEIGHT_TOLERANCE:
        problems.append(f"indicators.csv: the weights sum to {total}, not 100")
    data.domains = [Group(code, name) for code, (name, _n, _r) in domains.items()]
    data.aspects = [Group(code, name, parent) for code, (name, parent, _r) in aspects.items()]


def agree(groups, code, values, where, kind, problems):
    """Every row naming a domain or aspect gives it the same name (and an aspect the same
    domain) as the first row that named it."""
    if code not in groups:
        groups[code] = (*values, where)
    elif groups[code][:2] != values:
        name, parent, first = groups[code]
        here = f"{values[0]!r}" + (f" in domain {values[1]}" if values[1] else "")
        there = f"{name!r}" + (f" in domain {parent}" if parent else "")
        problems.append(f"{where}: {kind} {code} is {here} here but {there} in "
                        f"{first.removeprefix('indicators.csv ')}")


def read_bands(data, rows, problems):
    bands = []
    for number, row in rows:
        where = f"bands.csv row {number}"
        low = read_number(row["min_inclusive"], where, "min_inclusive", problems)
        high = read_number(row["max_exclusive"], where, "max_exclusive", problems)
        if low is None or high is None:
            continue
        if high <= low:
            problems.append(f"{where}: max_exclusive {high} is not above min_inclusive {low}")
            continue
        bands.append((number, Band(row["predicate"], low, high)))
    if len(bands) != len(rows):
        return
    bands.sort(key=lambda item: item[1].min_index)
    if not bands:
        problems.append("bands.csv: no bands")
        return
    if bands[0][1].min_index != data.scale_min:
        problems.append(f"bands.csv row {bands[0][0]}: the lowest band starts at "
                        f"{bands[0][1].min_index}, not at the scale's minimum {data.scale_min}")
    if bands[-1][1].max_index != data.scale_max:
        problems.append(f"bands.csv row {bands[-1][0]}: the highest band ends at "
                        f"{bands[-1][1].max_index}, not at the scale's maximum "
                        f"{data.scale_max}")
    for (_number, before), (number, band) in zip(bands, bands[1:]):
        if band.min_index > before.max_index:
            problems.append(f"bands.csv row {number}: gap from {before.max_index} to "
                            f"{band.min_index}")
        elif band.min_index < before.max_index:
            problems.append(f"bands.csv row {number}: {band.predicate} overlaps "
                            f"{before.predicate} ({band.min_index} < {before.max_index})")
    data.bands = [band for _number, band in bands]


# --- the database --------------------------------------------------------------------------

def sync_framework(data):
    """Create or update the framework, its elements and bands from `data`; safe to run again.

    Returns the Framework and a summary. Elements the data no longer has are removed, unless a
    score already holds a level for them.
    """
    framework = db.session.scalar(select(Framework).filter_by(slug=data.slug))
    created = framework is None
    if created:
        framework = Framework(slug=data.slug)
        db.session.add(framework)
    framework.name, framework.source = data.name, data.source
    framework.scale_min, framework.scale_max = data.scale_min, data.scale_max
    db.session.flush()
    existing = {(element.kind, element.code): element for element in db.session.scalars(
        select(FrameworkElement).filter_by(framework_id=framework.id))}
    kept = set()
    changed = 0

    def upsert(kind, code, name, position, parent=None, weight=None):
        nonlocal changed
        element = existing.get((kind, code))
        if element is None:
            element = FrameworkElement(framework_id=framework.id, kind=kind, code=code)
            db.session.add(element)
        values = {"name": name, "position": position,
                  "parent_id": parent.id if parent else None, "weight": weight}
        if any(getattr(element, key) != value for key, value in values.items()):
            changed += 1
            for key, value in values.items():
                setattr(element, key, value)
        kept.add((kind, code))
        return element

    domains = {d.code: upsert("domain", d.code, d.name, i)
               for i, d in enumerate(data.domains, start=1)}
    db.session.flush()
    aspects = {a.code: upsert("aspect", a.code, a.name, i, domains[a.parent])
               for i, a in enumerate(data.aspects, start=1)}
    db.session.flush()
    for i, indicator in enumerate(data.indicators, start=1):
        upsert("indicator", indicator.code, indicator.name, i, aspects[indicator.aspect],
               indicator.weight)
    stale = [element for key, element in existing.items() if key not in kept]
    remove_elements(stale)
    sync_bands(framework, data.bands)
    db.session.flush()
    return framework, {"created": created, "elements changed": changed, "removed": len(stale)}


def remove_elements(elements):
    if not elements:
        return
    ids = [element.id for element in elements]
    used = db.session.scalar(select(func.count(IndicatorLevel.id))
                             .where(IndicatorLevel.element_id.in_(ids)))
    if used:
        raise FrameworkError([f"indicators {', '.join(e.code for e in elements)} are no "
                              "longer in the file but scores hold levels for them"])
    # Children first: aspects reference domains.
    for element in sorted(elements, key=lambda e: ("indicator", "aspect", "domain").index(e.kind)):
        db.session.delete(element)
        db.session.flush()


def sync_bands(framework, bands):
    current = [(b.predicate, b.min_index, b.max_index) for b in db.session.scalars(
        select(FrameworkBand).filter_by(framework_id=framework.id)
        .order_by(FrameworkBand.position))]
    wanted = [(b.predicate, b.min_index, b.max_index) for b in bands]
    if current == wanted:
        return
    db.session.execute(delete(FrameworkBand).where(FrameworkBand.framework_id == framework.id))
    for position, band in enumerate(bands, start=1):
        db.session.add(FrameworkBand(framework_id=framework.id, position=position,
                                     predicate=band.predicate, min_index=band.min_index,
                                     max_index=band.max_index))
