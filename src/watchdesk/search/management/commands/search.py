import json

from django.core.management.base import BaseCommand
from tqdm import tqdm

from watchdesk.monitoring import search_index
from watchdesk.monitoring.models import CommentaryPage


class Command(BaseCommand):
    help = (
        "Reader search. `rebuild` writes every commentary into the full-text index again; "
        "`eval` measures the gold queries (sample/gold/search.json) on the loaded archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "eval"], help="what to do")
        parser.add_argument("--json", action="store_true", help="eval: print JSON")

    def handle(self, *args, action, **options):
        if action == "rebuild":
            total = CommentaryPage.objects.count()
            with tqdm(total=total, desc="Search index", unit="commentary") as bar:
                written = search_index.rebuild(progress=bar.update)
            self.stdout.write(self.style.SUCCESS(f"Indexed {written} commentaries."))
            return
        from watchdesk.search import evaluation

        outcomes = evaluation.evaluate()
        report = evaluation.summary(outcomes)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=1))
            return
        for o in outcomes:
            figures = (
                f"suggestion {'right' if o.suggestion_ok else 'WRONG'}"
                if o.suggestion_ok is not None
                else f"precision {o.precision:.2f} recall {o.recall:.2f}"
            )
            self.stdout.write(
                f"{o.query!r:<32} {json.dumps(o.filters)[:50]:<50} {figures} ({o.detail})"
            )
        self.stdout.write(json.dumps(report))
