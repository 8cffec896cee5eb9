"""The ``watchdesk`` command: a thin front over Django management commands."""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "demo": "create the database, load the sample archive and serve it",
    "serve": "serve the site (development server)",
    "generate": "write a synthetic archive (JSON lines) for tests and benchmarks",
    "import": "bring archives in: text dumps, HTML pages, RSS/Atom feeds, JSON lines",
    "export": "write the archive as JSON lines (`watchdesk export --format jsonl`)",
    "related": "similar-article lists: `watchdesk related rebuild`",
    "eval": "quality reports: `watchdesk eval related [--json]`",
    "search": "reader search: `watchdesk search rebuild` (the index), `watchdesk search eval`",
    "digest": "weekly email digest: `watchdesk digest send`, `export`, `forget`",
    "manage": "run any Django/Wagtail management command, e.g. `watchdesk manage migrate`",
}

USAGE = (
    "usage: watchdesk COMMAND [options]\n\ncommands:\n"
    + "\n".join(f"  {name:<10} {text}" for name, text in COMMANDS.items())
    + "\n\n`watchdesk COMMAND --help` describes a command's options.\n"
)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchdesk.settings")
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        return
    command, rest = args[0], args[1:]
    if command == "manage":
        argv_for_django = ["watchdesk manage", *rest]
    elif command in COMMANDS:
        argv_for_django = ["watchdesk", command, *rest]
    else:
        sys.stderr.write(f"watchdesk: unknown command {command!r}\n\n{USAGE}")
        raise SystemExit(2)

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv_for_django)


if __name__ == "__main__":
    main()
