"""Every area's models, imported together so the ORM resolves the relationships named by
string and Alembic compares every table."""
from app.api import models as api  # noqa: F401
from app.audit import models as audit  # noqa: F401
from app.auth import models as auth  # noqa: F401
from app.benchmarking import models as benchmarking  # noqa: F401
from app.certificates import models as certificates  # noqa: F401
from app.content import models as content  # noqa: F401
from app.enrolment import models as enrolment  # noqa: F401
from app.learning import models as learning  # noqa: F401
from app.emails import models as emails  # noqa: F401
from app.mentoring import models as mentoring  # noqa: F401
from app.notifications import models as notifications  # noqa: F401
from app.organisations import models as organisations  # noqa: F401
from app.quizzes import models as quizzes  # noqa: F401
from app.regions import models as regions  # noqa: F401
from app.rounds import models as rounds  # noqa: F401
from app.seminars import models as seminars  # noqa: F401
from app.xapi import models as xapi  # noqa: F401
