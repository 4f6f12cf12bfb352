"""Helpers shared by the submissions tests: the fixture folder and one-file intake."""

import shutil
from pathlib import Path

from advice_column.submissions.intake import read_file
from advice_column.submissions.options import IntakeOptions

FIXTURES = Path(__file__).parent / "data" / "submissions"
OPTIONS = IntakeOptions(timezone="America/New_York")


def read_fixture(name, options=OPTIONS):
    """The records of one fixture file."""
    return read_file(FIXTURES / name, name, options)


def read_bytes_as(tmp_path, name, data, options=OPTIONS):
    """The records of ``data`` written to ``tmp_path/name``."""
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return read_file(path, name, options)


def copy_fixtures(folder, *names):
    """Copy fixture files (all of them when no name is given) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(FIXTURES.iterdir()):
        if not names or path.name in names:
            shutil.copy(path, folder / path.name)
    return folder
