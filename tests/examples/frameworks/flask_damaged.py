"""Flask registrations a damaging decorator breaks without a collision, and some it cannot."""
from flask import Blueprint, Flask
from flask.views import MethodView


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


app = Flask(__name__)
admin = Blueprint("admin", __name__)
shop = Blueprint("shop", __name__)
ops = Blueprint("ops", __name__)


@app.get("/")  # error: WRP102 col=2
@timeit
def index():
    return "index"


@app.route("/about", endpoint="about")
@timeit
def about():
    # An explicit endpoint is a name of its own: nothing to report.
    return "about"


@admin.route("/")  # error: WRP102 col=2
@timeit
def dashboard():
    return "admin"


@shop.route("/")  # error: WRP102 col=2
@timeit
def catalogue():
    # Blueprints prefix their own name: 'admin.wrapper' and 'shop.wrapper' do not collide.
    return "shop"


def health():
    return "ok"


ops.add_url_rule("/health", view_func=timeit(health))  # error: WRP102 col=1


class Things(MethodView):
    decorators = [timeit]

    def get(self):
        return "things"


# as_view() names the endpoint itself: nothing to report.
ops.add_url_rule("/things", view_func=Things.as_view("things"))


@timeit
def undecorated_by_flask():
    # Not registered anywhere: only the decorator is reported.
    return None


class Cache:
    def get(self, key):
        return lambda function: function


cache = Cache()


@cache.get("key")
@timeit
def not_a_route():
    # ``get`` on an object that is not a Flask app or blueprint registers nothing.
    return None
