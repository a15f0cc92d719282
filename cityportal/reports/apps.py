from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cityportal.reports"
    label = "reports"
    verbose_name = "Báo cáo"
