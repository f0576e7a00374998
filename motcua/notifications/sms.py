"""Text messages: a small backend interface, chosen by the MOTCUA_SMS_BACKEND setting.

The default backend writes each message to the log; a deployment plugs in its carrier's
gateway by naming a class with the same ``send`` method.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from motcua.core.identity import mask

logger = logging.getLogger("motcua.sms")


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


class LoggingSmsBackend:
    """Records messages in the log and keeps the last ones in memory (tests read them).

    Logs are no place for personal data or credentials: the number is masked, and the
    text — which carries the dossier's lookup secret — is logged only at DEBUG level."""

    sent: list[TextMessage] = []

    def send(self, message: TextMessage) -> None:
        logger.info("SMS to %s (%d characters)", mask(message.to), len(message.body))
        logger.debug("SMS text: %s", message.body)
        type(self).sent.append(message)
        del type(self).sent[:-100]


def send_sms(*, to: str, body: str) -> None:
    backend = import_string(settings.MOTCUA_SMS_BACKEND)()
    backend.send(TextMessage(to=to, body=body))
