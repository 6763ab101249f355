"""Bulk inserts in large batches: SQLAlchemy Core executemany, no ORM object per row."""
from collections import Counter

from sqlalchemy import insert

from app.extensions import db


class BatchWriter:
    """Insert rows in batches of `batch_size`, committing after each batch when `commit`
    (flushing only otherwise, so tests keep everything in their rolled-back transaction),
    and report the running count of each table to `progress(table, count)`."""

    def __init__(self, *, batch_size, commit, progress=None):
        self.batch_size = batch_size
        self.commit = commit
        self.progress = progress
        self.counts = Counter()
        self._buffers = {}

    def insert(self, model, rows, *, returning=False):
        """Insert `rows` now; with `returning`, return their ids in the order of `rows`."""
        ids = []
        for start in range(0, len(rows), self.batch_size):
            chunk = rows[start:start + self.batch_size]
            if returning:
                statement = insert(model).returning(model.id, sort_by_parameter_order=True)
                ids.extend(db.session.execute(statement, chunk).scalars())
            else:
                db.session.execute(insert(model), chunk)
            self._done(model, len(chunk))
        return ids

    def add(self, model, row):
        """Buffer a row whose id nobody needs; it is written once its batch is full."""
        buffer = self._buffers.setdefault(model, [])
        buffer.append(row)
        if len(buffer) >= self.batch_size:
            self.flush(model)

    def flush(self, model=None):
        """Write the buffered rows of `model`, or of every model."""
        for buffered in [model] if model is not None else list(self._buffers):
            rows = self._buffers.pop(buffered, [])
            if rows:
                db.session.execute(insert(buffered), rows)
                self._done(buffered, len(rows))

    def _done(self, model, count):
        if self.commit:
            db.session.commit()
        else:
            db.session.flush()
        self.counts[model.__tablename__] += count
        if self.progress:
            self.progress(model.__tablename__, self.counts[model.__tablename__])
