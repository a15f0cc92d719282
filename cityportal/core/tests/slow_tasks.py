"""Tasks for the worker tests: each notes in a file when a run starts and when it ends; the
first run lasts long enough for its worker to be killed."""

import time

from django_tasks import task


@task(takes_context=True)
def rerunnable(context, path: str) -> None:
    _note_run(context.attempt, path)


@task(takes_context=True)
def not_rerunnable(context, path: str) -> None:
    _note_run(context.attempt, path)


def _note_run(attempt: int, path: str) -> None:
    with open(path, "a") as runs:
        runs.write(f"start {attempt}\n")
    if attempt == 1:
        time.sleep(300)
    with open(path, "a") as runs:
        runs.write("done\n")
