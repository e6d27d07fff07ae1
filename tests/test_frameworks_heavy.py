"""Dagster, Prefect and Airflow, broken and fixed, each in an environment of its own.

Their installs are heavy (Airflow 3 pins hundreds of packages that conflict with the
other frameworks'), so each runs in a virtual environment built once per machine and
cached (``framework_envs``); the examples run there in a subprocess. They are marked
``heavy``: the everyday test command skips them, ``pytest --heavy -m heavy`` runs them (CI
does). Each framework is pinned to the release these tests were proven with, so that a
newer release on the package index cannot change what they see.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_flake8
from framework_envs import framework_python, run_in
from test_frameworks import FRAMEWORKS, fixed_copy

pytestmark = [pytest.mark.frameworks, pytest.mark.heavy]


def checked_fixed_copy(name: str, directory: Path) -> Path:
    directory.mkdir(exist_ok=True)
    fixed = fixed_copy(FRAMEWORKS / name, directory)
    result = run_flake8("--isolated", "--select", "WRP", str(fixed))
    assert (result.returncode, result.stdout) == (0, "")
    return fixed


# -- Dagster -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dagster() -> Path:
    return framework_python("dagster", ["dagster==1.13.29"])


_DAGSTER_IMPORT = """
    import json
    try:
        import dagster_collision
    except Exception as error:
        print(json.dumps([type(error).__name__, str(error)]))
"""


def test_dagster_rejects_the_wrapped_ops_at_import(dagster: Path) -> None:
    name, message = run_in(
        dagster, _DAGSTER_IMPORT, FRAMEWORKS / "dagster_collision.py", {"DAGSTER_HOME": ""}
    )
    assert name == "DagsterInvalidDefinitionError"
    assert message.startswith("@op 'wrapper' decorated function has positional vararg")


def test_dagster_fixed(dagster: Path, tmp_path: Path) -> None:
    fixed = checked_fixed_copy("dagster_collision.py", tmp_path)
    outcome = run_in(
        dagster,
        """
        import json
        import dagster_collision
        result = dagster_collision.pipeline.execute_in_process()
        print(json.dumps([result.success, result.output_for_node("total")]))
        """,
        fixed,
        {"DAGSTER_HOME": str(tmp_path)},
    )
    assert outcome == [True, 6]


# -- Prefect -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prefect() -> Path:
    return framework_python("prefect", ["prefect==3.9.1"])


def prefect_settings(home: Path) -> dict[str, str]:
    """Settings under which Prefect's temporary server starts on a busy two-core machine.

    Prefect runs flows against a server it starts in a subprocess. Its defaults give that
    server 20 seconds to answer (it took 56 under load here) and SQLite statements 10
    seconds (the services it runs beside the API then hit "database is locked"). The tests
    need neither its scheduler nor its background services, nor its telemetry.
    """
    services = (
        "SCHEDULER", "LATE_RUNS", "FOREMAN", "PAUSE_EXPIRATIONS", "REPOSSESSOR",
        "CANCELLATION_CLEANUP", "DB_VACUUM",
    )
    return {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
        "PREFECT_SERVER_DATABASE_TIMEOUT": "120",
        "PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT": "60",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        **{f"PREFECT_SERVER_SERVICES_{service}_ENABLED": "false" for service in services},
    }


_PREFECT_RUN = """
    import json
    import prefect_collision
    print(json.dumps(prefect_collision.inventory("widget")))
"""


def test_prefect_serves_one_tasks_cached_result_to_the_other(
    prefect: Path, tmp_path: Path
) -> None:
    # price() returns 10, stock() 3: with one cache key, stock is served price's 10.
    outcome = run_in(
        prefect, _PREFECT_RUN, FRAMEWORKS / "prefect_collision.py", prefect_settings(tmp_path)
    )
    assert outcome == [10, 10]


def test_prefect_fixed(prefect: Path, tmp_path: Path) -> None:
    fixed = checked_fixed_copy("prefect_collision.py", tmp_path / "src")
    outcome = run_in(prefect, _PREFECT_RUN, fixed, prefect_settings(tmp_path / "home"))
    assert outcome == [10, 3]


# -- Airflow -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def airflow() -> Path:
    return framework_python("airflow", ["apache-airflow==3.3.2"])


_AIRFLOW_TASK_IDS = """
    import json
    import airflow_collision
    print(json.dumps(sorted(airflow_collision.etl().task_ids)))
"""


def test_airflow_renames_the_tasks(airflow: Path, tmp_path: Path) -> None:
    task_ids = run_in(
        airflow, _AIRFLOW_TASK_IDS, FRAMEWORKS / "airflow_collision.py",
        {"AIRFLOW_HOME": str(tmp_path)},
    )
    assert task_ids == ["report", "wrapper", "wrapper__1"]


def test_airflow_fixed(airflow: Path, tmp_path: Path) -> None:
    fixed = checked_fixed_copy("airflow_collision.py", tmp_path / "src")
    task_ids = run_in(airflow, _AIRFLOW_TASK_IDS, fixed, {"AIRFLOW_HOME": str(tmp_path / "home")})
    assert task_ids == ["extract", "load", "report"]
