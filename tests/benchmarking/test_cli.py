"""`flask regions load`, `flask spbe load` and the demo seed's scores."""
from sqlalchemy import func, select

from app.benchmarking.models import Framework, RegionScore
from app.regions.models import Region


def test_regions_load_counts_38_provinces_and_514_regencies_and_cities(app, db):
    runner = app.test_cli_runner()
    runner.invoke(args=["regions", "load"])  # trims a stray space the migration kept
    db.session.get(Region, "32.11").name = "Sumedang (old name)"
    db.session.flush()

    result = runner.invoke(args=["regions", "load"])

    assert result.exit_code == 0, result.output
    assert ("38 provinces, 514 regencies/cities (416 kabupaten, 98 kota): 0 created, "
            "1 updated, 551 unchanged.") in result.output
    assert db.session.get(Region, "32.11").name == "Kabupaten Sumedang"


def test_regions_load_twice_changes_nothing(app, db):
    runner = app.test_cli_runner()
    runner.invoke(args=["regions", "load"])
    result = runner.invoke(args=["regions", "load"])
    assert "0 created, 0 updated, 552 unchanged." in result.output
    assert db.session.scalar(select(func.count()).select_from(Region)) == 552


def test_spbe_load_loads_every_shipped_framework_and_can_run_again(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["spbe", "load"])
    second = runner.invoke(args=["spbe", "load"])
    assert first.exit_code == 0, first.output
    assert "spbe-2020: 47 indicators, 5 bands (created" in first.output
    assert "spbe-2020: 47 indicators, 5 bands (updated, 0 elements changed)." in second.output


def test_spbe_load_refuses_a_broken_folder_and_saves_nothing(app, db, framework_copy):
    (framework_copy / "bands.csv").write_text("predicate,min_inclusive\nKurang,1\n")
    result = app.test_cli_runner().invoke(args=["spbe", "load", "--folder",
                                                str(framework_copy)])
    assert result.exit_code == 1
    assert "spbe-copy/bands.csv row 1: missing column max_exclusive" in result.output
    assert db.session.scalar(select(func.count()).select_from(Framework)) == 0


def test_seed_demo_records_the_published_west_java_scores(app, db):
    app.test_cli_runner().invoke(args=["seed", "demo", "--password", "demo-password-1"])
    score = db.session.scalar(select(RegionScore).filter_by(region_code="32.73", year=2024))
    assert (str(score.index), score.predicate, score.stage) == ("4.59", "Memuaskan", "official")
    assert "faktabandungraya.com" in score.source
    assert db.session.scalar(select(func.count()).select_from(RegionScore)) == 10
