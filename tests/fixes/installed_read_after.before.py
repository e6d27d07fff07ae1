"""A closure installed in place of a method whose old value is read after the closure's
def: @functools.wraps(original_init) above the def would run before 'original_init' is
bound and raise UnboundLocalError when the class is decorated. Reported, never fixed,
safe or unsafe; the one that reads first is fixed as usual."""
import functools


def add_trace(cls):
    def traced_init(self, *args, **kwargs):
        print("init")
        return original_init(self, *args, **kwargs)

    original_init = cls.__init__
    cls.__init__ = traced_init
    return cls


def add_timing(cls):
    original_run = cls.run

    def timed_run(self, *args, **kwargs):
        return original_run(self, *args, **kwargs)

    cls.run = timed_run
    return cls


@add_trace
@add_timing
class Job:
    def __init__(self):
        self.done = False

    def run(self):
        return 42
