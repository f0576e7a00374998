"""Shapes shared by every operation: the error body and the answers each may give."""

import re

from ninja import Field, Schema


class ErrorOut(Schema):
    code: str = Field(description="Stable: programs branch on it; it never changes language.")
    message: str = Field(description="For people, in the language asked (Accept-Language).")
    fields: dict[str, list[str]] = Field(description="The inputs in error and why.")


# What any operation may answer besides its success: unreadable or bad input, too many
# requests.
COMMON_ERRORS = (400, 422, 429)


def answers(success: dict, *errors: int) -> dict:
    """The documented responses of an operation: its successes, then the error bodies."""
    return {**success, **{status: ErrorOut for status in (*errors, *COMMON_ERRORS)}}


# Operations open to anyone: the document says authentication is optional (a token, if
# sent, is still checked and counts for the rate limit). Added to the schemes listed.
OPEN_TO_ANYONE = {"security": [{}]}


# An Idempotency-Key: 8 to 64 letters, digits, ".", "_", ":" or "-".
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
