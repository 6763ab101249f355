"""SPBE scores of every generated region for a few years: a level per indicator, the index
computed from them as the application computes it, and the band's predicate."""
from sqlalchemy import select

from app.benchmarking.index import compute_index, predicate_for
from app.benchmarking.models import FrameworkBand, FrameworkElement, IndicatorLevel, RegionScore
from app.benchmarking.services import framework_by_slug
from app.extensions import db

FRAMEWORK = "spbe-2020"
SOURCE = "generated for performance measurements"


def seed_scores(writer, rng, regions, years):
    """Official scores for `regions` in `years`, skipping those already recorded (the
    published ones); each region has its own maturity and improves a little every year."""
    framework = framework_by_slug(FRAMEWORK)
    indicators = db.session.scalars(select(FrameworkElement).filter_by(
        framework_id=framework.id, kind="indicator").order_by(FrameworkElement.position)).all()
    bands = db.session.scalars(select(FrameworkBand).filter_by(framework_id=framework.id)).all()
    recorded = {(code, year) for code, year in db.session.execute(
        select(RegionScore.region_code, RegionScore.year).filter_by(
            framework_id=framework.id, stage="official"))}
    rows, levels = [], []
    for region in regions:
        maturity = rng.gauss(2.4, 0.6)
        for step, year in enumerate(years):
            if (region.code, year) in recorded:
                continue
            by_indicator = {element.id: min(framework.scale_max, max(
                framework.scale_min, round(maturity + 0.2 * step + rng.gauss(0, 0.8))))
                for element in indicators}
            index = compute_index(indicators, by_indicator)
            rows.append({"region_code": region.code, "framework_id": framework.id,
                         "year": year, "stage": "official", "index": index,
                         "predicate": predicate_for(bands, index) or "", "source": SOURCE})
            levels.append(by_indicator)
    ids = writer.insert(RegionScore, rows, returning=True)
    for score_id, by_indicator in zip(ids, levels):
        for element_id, level in by_indicator.items():
            writer.add(IndicatorLevel, {"score_id": score_id, "element_id": element_id,
                                        "level": level})
    writer.flush(IndicatorLevel)
