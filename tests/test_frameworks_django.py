"""Django admin actions and Django REST framework actions, broken and fixed, for real.

One Django configuration for the session: an in-memory SQLite database, the real admin
and the real DRF router, driven through Django's test client.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

import test_frameworks
from test_frameworks import FRAMEWORKS, load

pytestmark = pytest.mark.frameworks
#: The shared fixtures: the fixed copy, and forgetting the examples loaded.
fixed = test_frameworks.fixed
forget_loaded_examples = test_frameworks.forget_loaded_examples
_URLCONF = "flake8_wraps_test_urls"


@pytest.fixture(scope="session")
def django_ready() -> None:
    import django
    from django.conf import settings
    from django.core.management import call_command

    settings.configure(
        DEBUG=True,
        SECRET_KEY="test",
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF=_URLCONF,
        INSTALLED_APPS=[
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "rest_framework",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
    )
    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client records the templates' context
    call_command("migrate", verbosity=0)


def serve(*patterns: Any) -> None:
    """Make ``patterns`` the URL configuration Django serves."""
    from django.urls import clear_url_caches

    urls = ModuleType(_URLCONF)
    urls.urlpatterns = list(patterns)  # type: ignore[attr-defined]
    sys.modules[_URLCONF] = urls
    clear_url_caches()


@pytest.fixture
def viewer(django_ready: None) -> Iterator[Any]:
    """A staff user who may view users and nothing else, and a user to act on."""
    from django.contrib.auth.models import Permission, User

    staff = User.objects.create_user("viewer", password="pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    User.objects.create_user("target", password="pw")
    yield staff
    User.objects.all().delete()


def _changelist(module: ModuleType, user: Any) -> tuple[Any, Any]:
    from django.test import Client
    from django.urls import path

    serve(path("admin/", module.site.urls))
    client = Client()
    client.force_login(user)
    return client, client.get("/admin/auth/user/")


def test_django_admin_offers_and_runs_the_action_without_its_permission(viewer: Any) -> None:
    from django.contrib.auth.models import User

    module = load(FRAMEWORKS / "django_admin_actions.py")
    client, page = _changelist(module, viewer)
    # The viewer may not delete users, which the action requires: it is offered anyway,
    # under the wrapper's name, and it runs.
    assert page.status_code == 200
    assert page.context["action_form"].fields["action"].choices == [
        ("", "---------"),
        ("wrapper", "Wrapper"),
    ]
    target = User.objects.get(username="target")
    response = client.post(
        "/admin/auth/user/", {"action": "wrapper", "_selected_action": [target.pk], "index": 0}
    )
    assert response.status_code == 302
    assert not User.objects.get(username="target").is_active


def test_django_admin_two_actions_named_wrapper_fail_the_check(django_ready: None) -> None:
    from django.contrib.auth.models import Group

    module = load(FRAMEWORKS / "django_admin_actions.py")
    group_admin = module.site._registry[Group]
    assert [(error.id, error.msg) for error in group_admin.check()] == [
        (
            "admin.E130",
            "__name__ attributes of actions defined in GroupAdmin must be unique. Name"
            " 'wrapper' is not unique.",
        )
    ]
    assert list(group_admin.get_actions(_request())) == ["delete_selected", "wrapper"]


def _request() -> Any:
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/auth/group/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    return request


@pytest.mark.parametrize("fixed", ["django_admin_actions.py"], indirect=True)
def test_django_admin_fixed(fixed: ModuleType, viewer: Any) -> None:
    from django.contrib.auth.models import Group, User

    client, page = _changelist(fixed, viewer)
    assert page.status_code == 200
    assert page.context["action_form"] is None  # nothing the viewer may run
    target = User.objects.get(username="target")
    client.post(
        "/admin/auth/user/", {"action": "deactivate", "_selected_action": [target.pk]}
    )
    assert User.objects.get(username="target").is_active
    group_admin = fixed.site._registry[Group]
    assert group_admin.check() == []
    assert list(group_admin.get_actions(_request())) == [
        "delete_selected",
        "prefix",
        "clear_permissions",
    ]


# -- Django REST framework -----------------------------------------------------------------


def test_drf_router_drops_an_action_damaged_above(django_ready: None) -> None:
    from django.urls import include, path
    from rest_framework.test import APIClient

    module = load(FRAMEWORKS / "drf_actions.py")
    assert [url.name for url in module.reports.urls] == ["report-list"]
    serve(path("", include(module.reports.urls)))
    assert APIClient().get("/reports/recent/").status_code == 404
    assert APIClient().get("/reports/").json() == ["all"]


def test_drf_router_rejects_an_action_damaged_below(django_ready: None) -> None:
    module = load(FRAMEWORKS / "drf_actions.py")
    with pytest.raises(AssertionError, match=r"Expected function \(`wrapper`\) to match its"
                       r" attribute name \(`csv`\)"):
        module.exports.urls


@pytest.mark.parametrize("fixed", ["drf_actions.py"], indirect=True)
def test_drf_actions_fixed(fixed: ModuleType, django_ready: None) -> None:
    from django.urls import include, path
    from rest_framework.test import APIClient

    serve(path("", include(fixed.reports.urls)), path("", include(fixed.exports.urls)))
    assert APIClient().get("/reports/recent/").json() == ["recent"]
    assert APIClient().get("/exports/csv/").json() == ["a,b"]
