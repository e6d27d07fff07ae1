"""Django REST framework @action methods behind a decorator that drops their attributes."""
from rest_framework import routers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response


def audited(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


class ReportViewSet(viewsets.ViewSet):
    def list(self, request):
        return Response(["all"])

    @audited
    @action(detail=False)  # error: WRP102 col=6
    def recent(self, request):
        return Response(["recent"])


class ExportViewSet(viewsets.ViewSet):
    def list(self, request):
        return Response(["all"])

    @action(detail=False)  # error: WRP102 col=6
    @audited
    def csv(self, request):
        return Response(["a,b"])

    @action(detail=False, url_path="json", url_name="json")
    def as_json(self, request):
        return Response([])


reports = routers.SimpleRouter()
reports.register("reports", ReportViewSet, basename="report")
exports = routers.SimpleRouter()
exports.register("exports", ExportViewSet, basename="export")
