"""Domain errors: raised by services, shown to people as translated messages."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused an action.

    Subclasses set ``message`` (a lazy translation with ``%(name)s`` placeholders) and
    are raised with the values for those placeholders, so the text is translated in the
    language of whoever reads it, not of whoever raised it.
    """

    message: str | Promise = ""
    code: str = "domain_error"

    def __init__(self, message: str | Promise | None = None, **params: object) -> None:
        if message is not None:
            self.message = message
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)
