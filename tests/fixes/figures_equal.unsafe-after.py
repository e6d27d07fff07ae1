"""A test decorator that omits functools.wraps on purpose (after matplotlib's
check_figures_equal): its wrapper is parametrized, sets __signature__ and hoists the
test's pytest marks by hand. wraps would copy the marks (the wrapper's __dict__) and
pytest would see the test's parametrization twice: the fix is unsafe.
"""
import functools
import inspect

import pytest


def check_figures_equal(*, extensions=("png", "pdf")):
    def decorator(func):
        signature = inspect.signature(func)

        @functools.wraps(func)
        @pytest.mark.parametrize("ext", extensions)
        def wrapper(*args, ext, **kwargs):
            fig_test, fig_ref = [], []
            func(*args, fig_test=fig_test, fig_ref=fig_ref, **kwargs)
            assert fig_test == fig_ref, ext

        parameters = [
            p for p in signature.parameters.values() if p.name not in ("fig_test", "fig_ref")
        ]
        parameters.append(inspect.Parameter("ext", inspect.Parameter.KEYWORD_ONLY))
        wrapper.__signature__ = signature.replace(parameters=parameters)
        wrapper.pytestmark = getattr(func, "pytestmark", []) + wrapper.pytestmark
        return wrapper

    return decorator


@check_figures_equal()
@pytest.mark.parametrize("a", [1, 2])
def test_plot(fig_test, fig_ref, a):
    fig_test.append(a)
    fig_ref.append(a)
