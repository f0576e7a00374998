from collections.abc import Callable

from django.db import IntegrityError, transaction

from motcua.notifications.models import Notice


def notice_send_once(*, key: str, recipient: str, send: Callable[[], None]) -> bool:
    """Send unless a notice with ``key`` was sent already; True when it was sent now.

    The key is claimed first, in the same transaction as the sending, so two runs at once
    cannot both send; if sending fails the claim is rolled back and a later run retries.
    """
    try:
        with transaction.atomic():
            Notice.objects.create(key=key, recipient=recipient)
            send()
    except IntegrityError:
        return False
    return True
