"""Domain events: a lower app announces what happened, higher apps react in their `receivers.py`.

An event is sent once the transaction that caused it commits, so a rolled-back action announces
nothing and a slow or failing reaction (an e-mail, a PDF render) never undoes the action itself."""

from django.db import transaction
from django.dispatch import Signal


def send_on_commit(signal: Signal, sender, **kwargs) -> None:
    # robust: the action has committed; a receiver's failure is logged, not shown as an error page.
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs), robust=True)
