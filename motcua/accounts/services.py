from django.db import transaction

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.organization.models import Agency

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
