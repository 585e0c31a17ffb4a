"""The complete demo: every app's `demo.seed`, lowest layer first.

Each app seeds only its own part; this top layer is the one place that knows them
all, so no app imports the demo of an app above it.
"""

from finance import demo as finance_demo
from meetings import demo as meetings_demo
from partnerships import demo as partnerships_demo
from plans import demo as plans_demo
from projects import demo as projects_demo
from reporting import demo as reporting_demo

# In this order; each gets what the earlier ones returned.
DEMOS = (
    partnerships_demo,
    meetings_demo,
    projects_demo,
    finance_demo,
    plans_demo,
    reporting_demo,
)


def seed(stdout=None) -> dict:
    """Seed every app's demo (idempotent); returns the objects they built on each other."""
    context: dict = {}
    for demo in DEMOS:
        context.update(demo.seed(stdout=stdout, **context) or {})
    return context
