"""The load benchmark's instruments (bench/load/instruments.py): a Server-Timing header with the
request's time, CPU time and query count, and a floor view that exists only when asked for
(bench.load.settings, which the load benchmark runs the portal with)."""

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from accounts.models import Office
from bench.load import instruments as bench
from bench.load import settings as bench_settings


def test_server_timing_counts_the_queries_the_request_ran(db):
    def view(request):
        list(Office.objects.all())
        Office.objects.filter(code="x").exists()
        return HttpResponse("ok")

    response = bench.ServerTimingMiddleware(view)(RequestFactory().get("/"))
    match = re.fullmatch(
        r"app;dur=([\d.]+), cpu;dur=([\d.]+), sql;desc=(\d+), db;dur=([\d.]+)", response["Server-Timing"]
    )
    assert match is not None
    assert match.group(3) == "2"
    assert 0 <= float(match.group(4)) <= float(match.group(1))  # time in SQL is part of the request


def test_the_floor_answers_without_a_database_or_a_sign_in():
    response = bench.floor(RequestFactory().get("/bench/floor"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_the_floor_is_not_routed_unless_the_benchmark_asks_for_it(settings):
    assert settings.ROOT_URLCONF == "pa_portal.urls"
    with pytest.raises(Resolver404):
        resolve("/bench/floor")
    assert resolve("/bench/floor", urlconf="bench.load.urls").func is bench.floor


def test_only_the_benchmark_settings_add_the_instruments(settings):
    assert not any("bench" in name for name in settings.MIDDLEWARE)
    assert bench_settings.MIDDLEWARE == [
        "bench.load.instruments.ServerTimingMiddleware",
        *settings.MIDDLEWARE,
    ]
    assert bench_settings.ROOT_URLCONF == "bench.load.urls"
