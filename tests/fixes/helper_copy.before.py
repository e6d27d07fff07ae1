"""WRP001 helper-copied-metadata: the fix is unsafe, and the helper's call stays."""


def _wrap(new, old):
    for replace in ["__module__", "__name__", "__qualname__", "__doc__"]:
        setattr(new, replace, getattr(old, replace))


def requires_builtin(fxn):
    """Decorator to verify the named module is built-in."""

    def _requires_builtin_wrapper(self, fullname):
        return fxn(self, fullname)

    _wrap(_requires_builtin_wrapper, fxn)
    return _requires_builtin_wrapper
