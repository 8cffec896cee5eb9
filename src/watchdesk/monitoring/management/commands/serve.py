from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def add_server_arguments(parser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (127.0.0.1)")


def check_port(port: int) -> None:
    if not 0 < port < 65536:
        raise CommandError(f"--port {port} is not a valid TCP port (1–65535).")


class Command(BaseCommand):
    help = (
        "Serve the site with Django's development server. In production run gunicorn "
        "(see the README's deployment section)."
    )

    def add_arguments(self, parser):
        add_server_arguments(parser)
        parser.add_argument("--reload", action="store_true", help="restart when code changes")

    def handle(self, *args, port, host, reload, **options):
        check_port(port)
        addr = f"[{host}]" if ":" in host else host
        call_command("runserver", f"{addr}:{port}", use_reloader=reload, use_threading=True)
