"""Two Airflow TaskFlow tasks behind a decorator that drops their names: ids change."""
from airflow.sdk import dag, task


def logged(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@dag(schedule=None)
def etl():
    @task
    @logged
    def extract():
        return [1, 2, 3]

    @task  # error: WRP101 col=6
    @logged
    def load(rows):
        print(rows)

    @task(task_id="report")
    @logged
    def report():
        # An explicit task id: nothing to report.
        pass

    load(extract())
    report()


etl()
