"""The cycle's side of evaluation rounds: scoring windows, their reminders and the dashboard's
scoring progress. The evaluations app is optional here, so the cycle works before it exists."""


def evaluations_ready() -> bool:
    try:
        from evaluations import models
    except ImportError:
        return False
    return hasattr(models, "EvaluationRound")


def reminder_items(now, milestones, milestone, days_phrase) -> list:
    return []


def dashboard_progress(fiscal_year) -> list:
    return []
