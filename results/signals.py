"""What happens to a results report, announced once it has committed (pa_portal.events.send_on_commit).

Receivers live in the apps above (cycle/receivers.py tells people). Every signal is sent with
sender=ResultsReport."""

from django.dispatch import Signal

# report, submission: the deputy sent a version of the report to the director.
results_submitted = Signal()
# report, review: the director returned it for revision, with a comment.
results_returned = Signal()
# report, review: the director accepted it.
results_accepted = Signal()
