import secrets
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from watchdesk.monitoring import bootstrap
from watchdesk.monitoring.management.commands.serve import add_server_arguments, check_port
from watchdesk.monitoring.models import CommentaryPage

DEMO_USERS = (
    ("admin", "superuser", None),
    ("editor", "editor", bootstrap.EDITORS),
    ("analyst", "analyst (Security issues)", f"{bootstrap.ANALYSTS}: Security issues"),
)


class Command(BaseCommand):
    help = (
        "Create the database if needed, load the illustrative sample archive, compute "
        "derived data, print the admin login and serve the site."
    )

    def add_arguments(self, parser):
        add_server_arguments(parser)
        parser.add_argument("--no-serve", action="store_true", help="prepare everything, then exit")

    def handle(self, *args, port, host, no_serve, **options):
        check_port(port)
        started = time.monotonic()
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        try:
            call_command("migrate", interactive=False, verbosity=0)
        except DatabaseError as exc:
            raise CommandError(
                f"Cannot prepare the database: {exc}. Check DATABASE_URL or WATCHDESK_DATA_DIR."
            ) from exc

        from watchdesk.sample.generator import demo_archive
        from watchdesk.sample.loader import load_demo

        if CommentaryPage.objects.exists():
            self.stdout.write("Sample archive already loaded; keeping the database as it is.")
        else:
            total = sum(len(item.versions) for item in demo_archive())
            with tqdm(total=total, desc="Loading sample archive", unit="page") as bar:
                counts = load_demo(progress=bar.update)
            self.stdout.write(
                f"Loaded {counts['commentaries']} commentaries, imported {counts['imported']} "
                f"old pages, computed {counts['similar_lists']} similar-article lists."
            )
        password = self._demo_users()
        self.stdout.write(self.style.SUCCESS(f"Ready in {time.monotonic() - started:.1f} s."))
        base = f"http://{host}:{port}"
        self.stdout.write(
            f"\n  Site:   {base}/en/   (also /ru/ and /be/)\n"
            f"  Admin:  {base}/admin/\n"
            f"  Login:  admin / {password}\n"
            f"          (same password for the demo users 'editor' and 'analyst')\n"
        )
        if not no_serve:
            call_command("serve", port=port, host=host)

    def _demo_users(self) -> str:
        """Demo accounts with a fresh random password, printed once per run."""
        password = secrets.token_urlsafe(9)
        User = get_user_model()
        for username, role, group_name in DEMO_USERS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@localhost"}
            )
            user.is_superuser = user.is_staff = role == "superuser"
            user.first_name = role.split(" ")[0].capitalize()
            user.set_password(password)
            user.save()
            if group_name:
                groups = [Group.objects.get(name=group_name)]
                if group_name.startswith(bootstrap.ANALYSTS):
                    groups.append(Group.objects.get(name=bootstrap.ANALYSTS))
                user.groups.set(groups)
        return password
