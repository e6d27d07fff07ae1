"""Functions sent to process pools and pickle behind a decorator that drops their names."""
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor


def logged(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@logged
def square(x):
    return x * x


def square_all(numbers):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return list(pool.map(square, numbers))  # error: WRP102 col=21


def square_in_pool(number):
    with multiprocessing.get_context("spawn").Pool(1) as workers:
        return workers.apply_async(square, (number,)).get(timeout=60)  # error: WRP102 col=16


def saved():
    return pickle.dumps(square)  # error: WRP102 col=12


def undecorated(x):
    return x


def saved_undecorated():
    return pickle.dumps(undecorated)
