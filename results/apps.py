from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = "รายงานผลการพัฒนางานตามข้อตกลง"
