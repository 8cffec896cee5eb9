import sys

from django.core.management.base import BaseCommand, CommandError

from watchdesk.importer.jsonl import write_jsonl


class Command(BaseCommand):
    help = "Export the archive (trends, authors, live commentaries) as JSON lines."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", default="jsonl", choices=["jsonl"], help="export format (jsonl)"
        )
        parser.add_argument("--out", default="-", help="output file, or - for standard output")

    def handle(self, *args, format, out, **options):
        try:
            if out == "-":
                count = write_jsonl(sys.stdout)
            else:
                with open(out, "w", encoding="utf-8") as stream:
                    count = write_jsonl(stream)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror or exc}") from exc
        self.stderr.write(f"Exported {count} records.")
