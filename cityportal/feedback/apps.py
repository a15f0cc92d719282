from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "cityportal.feedback"
    label = "feedback"
    verbose_name = "Ý kiến bạn đọc"
