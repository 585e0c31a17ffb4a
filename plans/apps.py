from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Business plans and goals")

    def ready(self):
        # R61: a consensus matter that adopts a plan acts back on it when it closes
        # (matters cannot import plans, which sits above it).
        from matters import outcomes
        from plans import adoption

        outcomes.register("plans.adoption", adoption.matter_closed)

        # R62: indicators computed from the meetings' attendance (meetings sits below
        # plans, so plans registers them itself).
        from plans import indicators, meeting_indicators

        for computation in meeting_indicators.COMPUTATIONS:
            indicators.register(computation)
