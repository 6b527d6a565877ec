"""What happens to an evaluation, announced once it has committed (pa_portal.events.send_on_commit).

Receivers live in the apps above (cycle/receivers.py tells people). Sent with sender=Committee."""

from django.dispatch import Signal

# committee: HR appointed (or re-appointed) the committee of one agreement.
committee_assigned = Signal()
# committee: every evaluator of the committee has finalised their sheet.
sheets_finalised = Signal()
