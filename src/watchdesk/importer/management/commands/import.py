import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from watchdesk.analysis.urls import parse_aliases
from watchdesk.importer.normalise import TrendMap, TrendMapError
from watchdesk.importer.run import Bars, run_import
from watchdesk.importer.sources import FORMATS


class Command(BaseCommand):
    help = (
        "Import monitoring archives: text dumps, saved HTML pages, RSS/Atom feeds or "
        "Watchdesk's own JSON lines. SOURCE is a file, a directory (read recursively) or -."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="SOURCE")
        parser.add_argument(
            "--format", default="auto", choices=FORMATS, help="source format (auto)"
        )
        parser.add_argument(
            "--trend-map", help="JSON file: source category (or file name) → trend slug"
        )
        parser.add_argument(
            "--same-site",
            action="append",
            default=[],
            metavar="ALTERNATE=MAIN",
            help="treat an alternate domain as the main one (repeatable)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="do everything, then roll it back"
        )
        parser.add_argument(
            "--keep-going", action="store_true", help="import what can be, report the rest"
        )
        parser.add_argument("--workers", type=int, default=None, help="parser processes (2)")

    def handle(
        self, *args, sources, format, trend_map, same_site, dry_run, keep_going, workers, **options
    ):
        try:
            mapping = TrendMap.load(trend_map) if trend_map else None
            aliases = parse_aliases(same_site)
        except (TrendMapError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        bars: list[tqdm] = []

        def start(label: str, total: int):
            bar = tqdm(total=total, desc=label, unit="item", file=sys.stderr, leave=True)
            bars.append(bar)
            return bar.update

        def close():
            for bar in bars:
                bar.close()

        summary = run_import(
            sources,
            fmt=format,
            trend_map=mapping,
            aliases=aliases,
            dry_run=dry_run,
            keep_going=keep_going,
            bars=Bars(start, close),
            workers=workers,
            stdin=sys.stdin,
        )
        for failure in summary.failures:
            self.stderr.write(self.style.ERROR(f"failed: {failure}"))
        for warning in summary.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        if summary.flagged_dates:
            self.stdout.write(
                f"{len(summary.flagged_dates)} commentaries have doubtful dates; see Reports → "
                "Date check in the admin."
            )
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{summary.line()}.")
        if summary.stopped:
            raise CommandError(
                "Stopped at the first failure; fix it or run again with --keep-going."
            )
        if summary.counts["failed"] and not keep_going:
            raise CommandError("Some items failed; see above.")
