"""`import_dataset` on a path it cannot read ends in one line of CommandError, not an OSError
traceback."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(organisation, *paths):
    with pytest.raises(CommandError) as raised:
        call_command("import_dataset", *map(str, paths), "--organisation", organisation.slug)
    message = str(raised.value)
    assert "\n" not in message
    return message


@pytest.mark.skipif(not Path("/proc/self/mem").is_file(), reason="needs Linux /proc")
def test_a_file_that_fails_to_read(organisation):
    # A regular file whose read fails with EIO, even for root.
    message = run(organisation, "/proc/self/mem")
    assert message == "Cannot read /proc/self/mem: Input/output error."


def test_a_name_too_long(organisation, tmp_path):
    message = run(organisation, tmp_path / ("bang-" * 60 + ".csv"))
    assert message.startswith("Cannot read ") and message.endswith(": File name too long.")
