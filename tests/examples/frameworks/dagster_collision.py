"""Two Dagster ops behind a decorator that drops their names: the job cannot be defined."""
from dagster import asset, job, op


def logged(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@op
@logged
def extract():
    return [1, 2, 3]


@op  # error: WRP101 col=2
@logged
def total(rows):
    return sum(rows)


@asset(name="raw_rows")
@logged
def raw_rows():
    # An explicit name: nothing to report.
    return []


@job
def pipeline():
    total(extract())
