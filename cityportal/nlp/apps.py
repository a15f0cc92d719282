from django.apps import AppConfig


class NlpConfig(AppConfig):
    name = "cityportal.nlp"
    label = "nlp"
    verbose_name = "Xử lý ngôn ngữ"
