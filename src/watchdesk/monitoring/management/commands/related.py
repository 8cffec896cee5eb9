from django.core.management.base import BaseCommand
from tqdm import tqdm

from watchdesk.monitoring import actions
from watchdesk.monitoring.models import CommentaryPage


class Command(BaseCommand):
    help = "Similar-article lists. `rebuild` recomputes every list from scratch."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"], help="what to do")

    def handle(self, *args, action, **options):
        total = CommentaryPage.objects.live().count()
        with tqdm(total=total, desc="Similar articles", unit="commentary") as bar:
            written = actions.rebuild_similar(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {written} similar-article lists."))
