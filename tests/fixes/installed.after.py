import functools


class Model:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        original_init = cls.__init__

        @functools.wraps(original_init)
        def wrapped_init(self, *args, **kwargs):
            original_init(self, *args, **kwargs)

        cls.__init__ = wrapped_init


def traced(klass):
    for name in ("get", "put"):
        method = getattr(klass, name)

        def call(*args, __method=method, **kwargs):
            return __method(*args, **kwargs)

        setattr(klass, name, call)
    return klass


def register(cls):
    original_init = cls.__init__

    @functools.wraps(original_init)
    def wrapped_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)

    cls.__init__ = wrapped_init
    return cls
