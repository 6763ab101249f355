"""The app as a test's other processes run it (servers, workers, commands): like wsgi.py, but
on the test's clock, which goes on from the instant the test passes in SUITE_CLOCK (see
`on_the_suite_clock` in tests/conftest.py), so every process of a test sees one time."""
import os
from datetime import datetime

from app import clock, create_app

clock.travel_to(datetime.fromisoformat(os.environ["SUITE_CLOCK"]))
app = create_app()
