"""A wrapper hung on a class with setattr() under the function's name, its name and
docstring copied by hand (ramanchada2's spectrum methods, before their maintainers added
wraps): setattr() installs the wrapper and copies nothing onto it, so the fix is the
plain one, safe, and the copies go.
"""
import functools


class Spectrum:
    pass


def spectrum_method(fun):
    @functools.wraps(fun)
    def retf(spe, *args, **kwargs):
        return fun(spe, *args, **kwargs)

    setattr(Spectrum, fun.__name__, retf)
    return retf
