from django.core.management.base import BaseCommand

from watchdesk.monitoring import bootstrap
from watchdesk.sample.loader import site_data


class Command(BaseCommand):
    help = (
        "Create the languages, home, 'All trends' and About pages and the Analysts/Editors "
        "groups with the editorial workflow. Safe to run again."
    )

    def handle(self, *args, **options):
        data = site_data()
        structure = bootstrap.ensure_structure(data["site"], data["about"])
        self.stdout.write(
            self.style.SUCCESS(f"Site structure ready in {len(structure.homes)} languages.")
        )
