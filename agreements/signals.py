"""What happens to an agreement, announced once it has committed (pa_portal.events.send_on_commit).

Receivers live in the apps above (cycle/receivers.py tells people, reports/receivers.py renders
the PA1 ahead of its first download). Every signal is sent with sender=Agreement."""

from django.dispatch import Signal

# agreement, submission: the owner sent a new version to the supervisor.
agreement_submitted = Signal()
# agreement, review: the supervisor returned it for revision, with comments.
agreement_returned = Signal()
# agreement, review: the supervisor agreed to it (the PA1 now carries the signature).
agreement_agreed = Signal()
