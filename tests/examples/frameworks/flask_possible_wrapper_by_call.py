"""Two views registered by ``add_url_rule(view_func=audit(view))``, behind a decorator
applied with no ``@`` anywhere: too little evidence for WRP001 (WRP007, off by default),
and Flask still names both endpoints ``proxy`` and refuses to start. A hostile pass found
this crash unreported."""
from flask import Flask

app = Flask(__name__)


def audit(target):
    def proxy(*a, **k):  # error: WRP007 col=5
        return target(*a, **k)

    return proxy


def report():
    return "report"


def summary():
    return "summary"


app.add_url_rule("/report", view_func=audit(report))
app.add_url_rule("/summary", view_func=audit(summary))  # error: WRP101 col=1
