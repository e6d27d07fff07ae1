"""update_wrapper's arguments reversed, one a line with comments: each comment follows its
argument, and the line ends that carry none stay as they were."""
import functools


def commented(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(
        func,  # the function: gives its name
        wrapper,  # the wrapper: takes it
    )
    return wrapper


def closing_on_its_own_line(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(
        func,  # the function
        wrapper  # the wrapper
    )
    return wrapper


def one_commented(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(
        func,
        wrapper,  # only this one
    )
    return wrapper


def same_line(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(func,  # stays: the other argument ends no line
                             wrapper)
    return wrapper
