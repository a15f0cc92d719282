from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cityportal.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import QuarterlyReport, QuarterPlan, Target

        # The plan and the stored reports (the previous quarter's figures) feed every snapshot.
        for model in (QuarterPlan, Target, QuarterlyReport):
            post_save.connect(forget_live_snapshots, sender=model)
            post_delete.connect(forget_live_snapshots, sender=model)


def forget_live_snapshots(sender, **kwargs):
    from .snapshot import forget_live

    forget_live()
