"""Evidence from the project around a closure (issue 18, second round): a private builder
whose result an applied public function returns, through a real flake8 run and ``explain``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import lint_package, project_package, run_flake8
from test_evidence import explain

BUILDERS = '''\
def check(*args, **kwargs):
    return args


def _by_inspection(function):
    def wrapper(*args, **kwargs):
        slots = check(*args, **kwargs)
        return function(*slots)

    return wrapper


def constraints(*args):
    return dispatch(args, _by_inspection)


def dispatch(args, build):
    return build(*args)
'''


def test_a_builder_for_a_decorator_applied_in_another_module_is_reported(tmp_path: Path) -> None:
    """Alone, ``wrapper`` hands its arguments to ``check``: a possible wrapper only. Once
    ``@constraints`` is applied in another module, the builder it returns is a decorator's."""
    package = project_package(tmp_path)
    (package / "deco.py").write_text(BUILDERS)
    result = lint_package(tmp_path)
    assert result.stdout == (
        "pkg/deco.py:6:5: WRP007 decorator '_by_inspection' returns 'wrapper' without"
        " @functools.wraps(function): function's name and docstring are lost\n"
    )
    (package / "models.py").write_text(
        "from pkg.deco import constraints\n\n\n@constraints\ndef add(a, b):\n    return a + b\n"
    )
    result = lint_package(tmp_path)
    assert result.stdout == (
        "pkg/deco.py:6:5: WRP001 decorator '_by_inspection' returns 'wrapper' without"
        " @functools.wraps(function): function's name and docstring are lost\n"
    )
    explained = explain("pkg/deco.py:6", tmp_path)
    assert (
        "        +2  built-for-applied: 'constraints' returns what '_by_inspection' builds"
        " and is applied as a decorator" in explained.stdout.splitlines()
    )


def test_a_public_builder_is_no_private_helper(tmp_path: Path) -> None:
    """A public function is applied or called in its own right: what another public
    function does with it says nothing."""
    (tmp_path / "deco.py").write_text(
        BUILDERS.replace("_by_inspection", "by_inspection")
        + "\n\n@constraints\ndef add(a, b):\n    return a + b\n"
    )
    result = run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path)
    assert result.stdout.startswith("deco.py:6:5: WRP007 decorator 'by_inspection'")
