import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from watchdesk.sample.generator import DEMO_START, generate


class Command(BaseCommand):
    help = (
        "Write a deterministic synthetic archive (JSON lines, one commentary per line) "
        "built from the sample storylines; --load also puts it into the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, required=True, help="weeks per trend")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument("--trends", type=int, default=5, help="number of trends (5)")
        parser.add_argument(
            "--start", default=DEMO_START.isoformat(), help="first Monday (2017-01-02)"
        )
        parser.add_argument("--out", default="-", help="output file, or - for standard output")
        parser.add_argument("--load", action="store_true", help="load into the database too")

    def handle(self, *args, weeks, seed, trends, start, out, load, **options):
        if weeks < 1 or trends < 1:
            raise CommandError("--weeks and --trends must be at least 1.")
        try:
            first = dt.date.fromisoformat(start)
            items = list(generate(weeks=weeks, seed=seed, start=first, trends=trends))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if out == "-" and not load:
            for item in items:
                sys.stdout.write(item.to_json() + "\n")
        elif out != "-":
            try:
                with open(out, "w", encoding="utf-8") as fh:
                    for item in items:
                        fh.write(item.to_json() + "\n")
            except OSError as exc:
                raise CommandError(f"Cannot write {out}: {exc}") from exc
            self.stderr.write(f"Wrote {len(items)} commentaries to {out}.")
        if load:
            from watchdesk.monitoring import actions
            from watchdesk.sample.loader import load_items, prepare

            catalogue = prepare({item.trend for item in items})
            with tqdm(total=len(items), desc="Loading", unit="page", file=self.stderr) as bar:
                created = load_items(items, catalogue, progress=bar.update)
            actions.rebuild_similar()
            self.stderr.write(f"Loaded {created} new commentaries.")
