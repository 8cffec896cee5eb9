"""Running the ``watchdesk`` command as a user would, against its own SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_watchdesk(args: list[str], data_dir: Path, *, input: str | None = None, **env):
    full = {**os.environ, "WATCHDESK_DATA_DIR": str(data_dir), **env}
    # Always its own SQLite database, whatever database the suite itself runs on.
    full["DATABASE_URL"] = f"sqlite:///{data_dir / 'cli.sqlite3'}"
    return subprocess.run(
        [sys.executable, "-c", "from watchdesk.cli import main; main()", *args],
        env=full,
        input=input,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
