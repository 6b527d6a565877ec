"""Instruments for the load benchmark (bench/load), installed only by its settings module
(bench/load/settings.py, DJANGO_SETTINGS_MODULE=bench.load.settings); the product never has them.

`floor` is /bench/floor: the cheapest page Django can serve through the portal's own middleware,
so the portal's pages can be reported as a ratio to the framework's floor.
ServerTimingMiddleware: each response tells its server time, the CPU time of its thread, its SQL
query count and the time spent in SQL in a `Server-Timing` header; the load test collects them.
"""

import time

from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import HttpResponse
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def floor(request):
    return HttpResponse("ok", content_type="text/plain")


class _QueryCounter:
    """Counts the queries and the wall time spent in them (from the call until the thread has
    the result, which includes waiting for the interpreter lock afterwards)."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


class ServerTimingMiddleware:
    """Outermost middleware: the time covers every other middleware and the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        started, cpu_started = time.perf_counter(), time.thread_time()
        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        # The thread's own CPU time: what the request cost, however busy the machine was.
        cpu_ms = (time.thread_time() - cpu_started) * 1000
        response["Server-Timing"] = (
            f"app;dur={elapsed_ms:.1f}, cpu;dur={cpu_ms:.1f}, sql;desc={counter.count}, "
            f"db;dur={counter.seconds * 1000:.1f}"
        )
        return response
