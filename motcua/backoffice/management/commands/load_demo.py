from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from motcua.accounts.enums import Role
from motcua.accounts.otp_services import demo_second_factor_ensure, totp_key_text
from motcua.accounts.services import DEMO_PASSWORD, demo_accounts_load
from motcua.catalog.demo import demo_catalog_load
from motcua.dossiers.demo import demo_dossiers_load
from motcua.organization.services import DemoDistrict, demo_district_load
from motcua.outreach.demo import demo_outreach_load, demo_posts_load
from motcua.reports.rollup import rollup_refresh


def demo_accounts(district: DemoDistrict) -> list[dict[str, object]]:
    justice = district.agencies["TP"]
    return [
        dict(
            username="desk",
            role=Role.DESK_OFFICER,
            agency=district.district_desk,
            full_name="Nguyễn Thị Lan",
            position="Công chức Bộ phận Một cửa",
        ),
        dict(
            username="officer",
            role=Role.PROCESSING_OFFICER,
            agency=justice,
            full_name="Trần Văn Minh",
            position="Chuyên viên",
        ),
        dict(
            username="head",
            role=Role.AGENCY_HEAD,
            agency=justice,
            full_name="Lê Thị Hoa",
            position="Trưởng phòng",
        ),
        dict(
            username="leader",
            role=Role.UNIT_LEADER,
            agency=district.district_committee,
            full_name="Hoàng Văn Sơn",
            position="Phó Chủ tịch UBND huyện",
        ),
        dict(
            username="admin",
            role=Role.ADMINISTRATOR,
            agency=district.agencies["VP"],
            full_name="Phạm Quốc Huy",
            position="Quản trị hệ thống",
            is_superuser=True,
        ),
        dict(
            username="inspector",
            role=Role.INSPECTOR,
            agency=district.agencies["TTr"],
            full_name="Vũ Thị Mai",
            position="Thanh tra viên",
        ),
        dict(
            username="citizen",
            role=Role.CITIZEN,
            agency=None,
            full_name="Đặng Văn An",
            email="citizen@example.org",
        ),
    ]


class Command(BaseCommand):
    help = "Load the demo district (Nà Hang) with one account per role. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (never on a production system).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to create demo accounts with a published password. "
                "Use --force only on a throw-away system."
            )
        with transaction.atomic():
            district = demo_district_load(province_code=settings.MOTCUA_DEMO_PROVINCE_CODE)
            users = demo_accounts_load(accounts=demo_accounts(district))
            catalogue = demo_catalog_load(district=district)
            dossiers = demo_dossiers_load(users={u.username: u for u in users})
            admin = next(u for u in users if u.username == "admin")
            app, recovery_codes = demo_second_factor_ensure(user=admin)
            posts = demo_posts_load(unit=district.district, author=admin)
            sessions, reviews = demo_outreach_load(district=district, author=admin)
        rollup_refresh()  # the statistics show the demo dossiers at once
        self.stdout.write(self.style.SUCCESS(f"Demo district loaded: {district.district}."))
        self.stdout.write(
            f"Procedures: {len(catalogue.created)} new, {len(catalogue.revised)} revised, "
            f"{len(catalogue.unchanged)} unchanged."
        )
        self.stdout.write(f"Demo dossiers: {dossiers} new.")
        self.stdout.write(f"Demo news posts: {posts} new.")
        self.stdout.write(f"Demo outreach sessions: {sessions} new; reviews: {reviews} new.")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for user in users:
            where = user.agency or "-"
            self.stdout.write(f"  {user.username:<10} {user.get_role_display():<22} {where}")
        self.stdout.write(
            f"The admin logs in in two steps. Add this key to an authenticator app (or open "
            f"the address on the phone): {totp_key_text(app.key)}\n  {app.config_url}\n"
            f"  or use a recovery code (each once): {' '.join(recovery_codes)}"
        )
