from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        # R62: indicators of the business plan computed from the funding sources.
        from finance import indicators
        from plans import indicators as plan_indicators

        for computation in indicators.COMPUTATIONS:
            plan_indicators.register(computation)
