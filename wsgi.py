"""The app for gunicorn and the `flask` command."""
import gc

from app import create_app

app = create_app()
# What start-up made lives as long as the process: frozen, it is no longer walked by every
# full garbage collection, which otherwise made a 10,000-row export grow faster than linearly.
gc.freeze()
