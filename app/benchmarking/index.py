"""The arithmetic of an SPBE index: the weighted levels of a framework's indicators, and the
predicate of the band the index falls in."""
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


class MissingLevels(ValueError):
    """An index needs a level for every indicator of its framework."""

    def __init__(self, codes):
        super().__init__("No level for indicators " + ", ".join(codes))
        self.codes = codes


def compute_index(framework_elements, levels):
    """Σ(weight % × level) / 100 over the indicators, to two decimals (half up).

    `levels` maps an indicator's element id or its code to its level; every indicator needs
    one.
    """
    total = Decimal(0)
    missing = []
    for element in framework_elements:
        if element.kind != "indicator":
            continue
        level = levels.get(element.id) if element.id is not None else None
        if level is None:
            level = levels.get(element.code)
        if level is None:
            missing.append(element.code)
            continue
        total += Decimal(element.weight) * Decimal(level)
    if missing:
        raise MissingLevels(missing)
    return (total / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def predicate_for(bands, index):
    """The predicate of the band holding `index` (min inclusive, max exclusive; the top band
    includes its maximum), or None outside the scale."""
    index = Decimal(index)
    ordered = sorted(bands, key=lambda band: band.min_index)
    for band in ordered:
        if band.min_index <= index < band.max_index:
            return band.predicate
    if ordered and index == ordered[-1].max_index:
        return ordered[-1].predicate
    return None
