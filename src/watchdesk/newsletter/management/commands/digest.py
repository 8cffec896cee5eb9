import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from watchdesk.analysis.weeks import Week
from watchdesk.newsletter import digest, subscriptions


class Command(BaseCommand):
    help = (
        "The weekly email digest. `send` mails the week's commentaries to confirmed "
        "subscribers (run it after the Monday release); `export EMAIL` prints what is "
        "stored about one address; `forget EMAIL` deletes it."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        send = sub.add_parser("send", help="send the week's digest to every subscriber once")
        send.add_argument(
            "--week",
            help="Monday of the week to send (YYYY-MM-DD); default: the latest complete week",
        )
        send.add_argument(
            "--dry-run", action="store_true", help="count what would be sent; send nothing"
        )
        export = sub.add_parser("export", help="print one subscriber's data as JSON")
        export.add_argument("email")
        forget = sub.add_parser("forget", help="delete one subscriber's data")
        forget.add_argument("email")

    def handle(self, *args, action, **options):
        if action == "send":
            self.send(options.get("week"), options.get("dry_run", False))
        elif action == "export":
            self.export(options["email"])
        elif action == "forget":
            self.forget(options["email"])

    def send(self, week_text, dry_run):
        if week_text:
            try:
                week = Week.parse(week_text)
            except ValueError as exc:
                raise CommandError(f"--week: {exc}. Give the Monday of the week.") from None
            plan = [(week, None)]
        else:
            # Each language's own latest week: one whose translations lag is not skipped.
            plan = [(week, [language]) for language, week in digest.default_weeks().items()]
            if not plan:
                raise CommandError("Nothing has been published yet, so there is no digest to send.")
        if not dry_run:
            purged = subscriptions.purge_expired()
            if purged.unconfirmed:
                self.stderr.write(f"Deleted {purged.unconfirmed} never-confirmed addresses.")
        for week, languages in plan:
            total = digest.recipients(languages).count()
            label = f"Digest {'/'.join(languages)}" if languages else "Digest"
            with tqdm(total=total, desc=label, unit="subscriber", file=self.stderr) as bar:
                summary = digest.send_week(
                    week, dry_run=dry_run, progress=bar.update, languages=languages
                )
            for failure in summary.failures:
                self.stderr.write(f"Failed for subscriber {failure}")
            line = summary.line(dry_run=dry_run)
            if languages:
                line = f"[{', '.join(languages)}] {line}"
            if summary.failed:
                self.stdout.write(self.style.WARNING(line + " Run again to retry the failed ones."))
            else:
                self.stdout.write(self.style.SUCCESS(line))

    def export(self, email):
        subscriber = subscriptions.find(email)
        if subscriber is None:
            raise CommandError(f"No subscriber has the address {email!r}; nothing is stored.")
        self.stdout.write(
            json.dumps(subscriptions.export(subscriber), ensure_ascii=False, indent=2)
        )

    def forget(self, email):
        if not subscriptions.forget(email):
            raise CommandError(f"No subscriber has the address {email!r}; nothing is stored.")
        self.stdout.write(self.style.SUCCESS(f"Deleted the subscription of {email}."))
