"""Typer builds on click: the same lost command."""
import typer


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


app = typer.Typer()


@app.command()
@timeit
def hello():
    print("hello")


@app.command()  # error: WRP101 col=2
@timeit
def goodbye():
    print("goodbye")
