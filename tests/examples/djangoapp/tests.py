"""Django's and unittest's test module, ``tests.py``, is test code where it defines tests:
a client patched in ``setUp`` is a test double, not reported (a hostile pass of stop 86)."""

from django.test import TestCase


class ClientTests(TestCase):
    def setUp(self):
        original_get = self.client.get
        self.calls = []

        def get(*args, **kwargs):
            self.calls.append(args)
            return original_get(*args, **kwargs)

        self.client.get = get

    def test_home(self):
        self.client.get("/")
