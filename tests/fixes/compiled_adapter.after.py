"""A closure compiled by the decorator above its def (after numba's test_sort): wraps
would go above the compiler, copy the compiled function's state onto the compiled
wrapper and make every call a signature mismatch. No plain wrapper, so nothing is reported;
where a decorator is not known to compile, the fix is labelled unsafe.
"""


def wrap_with_state(compiler, func, _cache={}):
    key = compiler, func
    if key in _cache:
        return _cache[key]

    @compiler.compile
    def wrapper(keys, values, *args):
        state = len(keys)
        return func(state, keys, values, *args)

    _cache[key] = wrapper
    return wrapper
