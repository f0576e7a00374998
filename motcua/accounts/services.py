import hashlib
import ipaddress
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from motcua.accounts.enums import Role, TokenScope
from motcua.accounts.models import ApiToken, User
from motcua.core.errors import DomainError
from motcua.organization.models import Agency

logger = logging.getLogger(__name__)

DEMO_PASSWORD = "demo-motcua"  # noqa: S105 - printed for the demo, refused in production


def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    agency: Agency | None,
    full_name: str = "",
    email: str = "",
    position: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        role=role,
        agency=agency,
        full_name=full_name,
        email=email,
        position=position,
        # Django's admin is the administrators' screen; other staff use the back office.
        is_staff=role == Role.ADMINISTRATOR or is_superuser,
        is_superuser=is_superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def demo_accounts_load(*, accounts: list[dict[str, object]]) -> list[User]:
    """Create each demo account that does not exist yet; existing ones are left as they are."""
    users = []
    for spec in accounts:
        existing = User.objects.filter(username=spec["username"]).first()
        users.append(existing or user_create(password=DEMO_PASSWORD, **spec))
    return users


def staff_account_ensure(
    *, username: str, role: Role, agency: Agency, full_name: str = "", position: str = ""
) -> User:
    """The account ``username``, created if missing with a password nobody can use.

    For staff who act only through services (the simulation's officers): nobody logs in
    as them until an administrator sets a password. An existing account is left as it is.
    """
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = User(username=username, role=role, agency=agency, full_name=full_name, position=position)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


VERIFY_SALT = "motcua.accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


class VerificationFailed(DomainError):
    code = "verification_failed"
    message = gettext_lazy(
        "This link is not valid or has expired. Register again to get a new one."
    )


def _verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


@task()
def send_verification(user_id: int, link_base: str) -> None:
    user = User.objects.get(pk=user_id)
    link = f"{link_base}{_verification_token(user)}/"
    with translation.override(settings.LANGUAGE_CODE):
        body = (
            _(
                "Welcome to the one-stop shop. Open this link within 3 days to confirm your "
                "e-mail address and activate your account: %s"
            )
            % link
        )
        send_mail(_("Confirm your e-mail address"), body, None, [user.email])


@task()
def send_already_registered(email: str, login_url: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = (
            _(
                "Someone asked to register an account with this e-mail address, which already has "
                "one. If it was you, log in or reset your password at %s. Otherwise ignore this "
                "message."
            )
            % login_url
        )
        send_mail(_("Your account at the one-stop shop"), body, None, [email])


@task()
def send_password_reset(subject: str, body: str, email: str) -> None:
    """The password reset link, sent apart from the request: the page answers as fast for
    an address with an account as for one without (see ``PasswordResetForm``)."""
    send_mail(subject, body, None, [email])


@transaction.atomic
def citizen_register(
    *, full_name: str, email: str, phone: str, password: str, verify_base: str, login_url: str
) -> User | None:
    """A citizen account, inactive until the e-mail address is confirmed.

    An address that already has an account gets a reminder instead, and the caller shows
    the same page either way: registering never reveals who has an account.
    """
    email = email.strip().lower()
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        transaction.on_commit(lambda: send_already_registered.enqueue(email, login_url))
        return None
    user = User(
        username=email,
        email=email,
        full_name=full_name.strip(),
        phone=phone,
        role=Role.CITIZEN,
        is_active=False,
    )
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same address registered a moment ago, in another request
        transaction.on_commit(lambda: send_already_registered.enqueue(email, login_url))
        return None
    transaction.on_commit(lambda: send_verification.enqueue(user.pk, verify_base))
    return user


@transaction.atomic
def citizen_verify_email(*, token: str) -> User:
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature as exc:
        raise VerificationFailed from exc
    user = User.objects.select_for_update().filter(pk=data.get("u"), role=Role.CITIZEN).first()
    if user is None or user.email != data.get("e"):
        raise VerificationFailed
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


# --- API tokens -------------------------------------------------------------------------

TOKEN_PREFIX = "mc"  # noqa: S105 - the visible start of every token, not a secret
KEY_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


class TokenInvalid(DomainError):
    code = "token_invalid"
    message = gettext_lazy("The token cannot be made: %(reason)s")


def token_digest(secret: str) -> str:
    """The stored form of a token's secret part (random, so one hash round is enough)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_check(
    *, name: str, scope: str, agency: Agency | None, user: User | None
) -> tuple[str, Agency | None]:
    """The name and agency a new token gets, or ``TokenInvalid`` with the reason."""
    name = name.strip()
    if not name or len(name) > 100:
        raise TokenInvalid(reason=_("give a name of at most 100 characters."))
    if scope not in TokenScope.values:
        raise TokenInvalid(reason=_("the scope is “read” or “write”."))
    if user is not None:
        if not user.is_staff_member or not user.is_active:
            raise TokenInvalid(reason=_("a token acts only for an active member of staff."))
        if agency is not None and agency.pk != user.agency_id:
            raise TokenInvalid(reason=_("the agency must be the one of the account it acts for."))
        agency = agency or user.agency
    return name, agency


@transaction.atomic
def api_token_create(
    *,
    name: str,
    scope: str,
    agency: Agency | None = None,
    user: User | None = None,
    created_by: User | None = None,
) -> tuple[ApiToken, str]:
    """Make a token; returns it with the full text, which is never shown again."""
    name, agency = api_token_check(name=name, scope=scope, agency=agency, user=user)
    key_id = "".join(secrets.choice(KEY_ID_ALPHABET) for _ in range(10))
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        key_id=key_id,
        digest=token_digest(secret),
        scope=scope,
        agency=agency,
        user=user,
        created_at=timezone.now(),
        created_by=created_by,
    )
    logger.info("API token %s (%s, %s) created by %s", key_id, name, scope, created_by)
    return token, f"{TOKEN_PREFIX}_{key_id}_{secret}"


def api_token_revoke(*, token: ApiToken, by: User | None = None) -> ApiToken:
    """Revoke once; revoking again changes nothing (the first time and person stay)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by
    )
    token.refresh_from_db()
    logger.info("API token %s revoked by %s", token.key_id, by)
    return token


def api_token_touch(*, token: ApiToken, address: str) -> None:
    """Record the last use, at most once a minute per token (not a write per request)."""
    now = timezone.now()
    recent = now - timedelta(minutes=1)
    address = address if _is_ip(address) else None
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=recent)
    ).update(last_used_at=now, last_used_from=address)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
