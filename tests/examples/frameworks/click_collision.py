"""Two click commands behind a decorator that drops their names: one disappears."""
import click


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@click.group()
def cli():
    pass


@cli.command()
@timeit
def hello():
    click.echo("hello")


@cli.command()  # error: WRP101 col=2
@timeit
def goodbye():
    click.echo("goodbye")


@cli.command("status")
@timeit
def status():
    # An explicit name: nothing to report.
    click.echo("ok")


@click.command()  # error: WRP102 col=2
@timeit
@click.option("--name", default="world")
def greet(name):
    click.echo(f"hello {name}")


@cli.command("wave")  # error: WRP102 col=2
@timeit
@click.option("--times", default=1)
def wave(times):
    # An explicit name keeps the command, not the options below the decorator.
    click.echo("wave " * times)
