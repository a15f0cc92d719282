"""Tasks for the worker tests: each notes in a file when a run starts and when it ends, and in
`<file>.pid` the process running it; the first run lasts long enough for its worker to be
killed."""

import os
import time

from django_tasks import task


@task(takes_context=True)
def rerunnable(context, path: str) -> None:
    _note_run(context.attempt, path)


@task(takes_context=True)
def not_rerunnable(context, path: str) -> None:
    _note_run(context.attempt, path)


@task()
def keeps_dying(path: str) -> None:
    """Each run lasts until its worker is killed."""
    _note_run(1, path, always=True)


@task()
def breaks(path: str) -> None:
    """Each run raises once it has started."""
    with open(path, "a") as runs:
        runs.write("start\n")
    raise RuntimeError("broken")


def _note_run(attempt: int, path: str, always: bool = False) -> None:
    # RQ records no result for a run it retries, so its reruns count as attempt 1 again: the
    # file tells the first run.
    first = not os.path.exists(path)
    with open(f"{path}.pid", "w") as pid:
        pid.write(str(os.getpid()))
    with open(path, "a") as runs:
        runs.write(f"start {attempt}\n")
    if always or (attempt == 1 and first):
        time.sleep(300)
    with open(path, "a") as runs:
        runs.write("done\n")
