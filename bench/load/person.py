"""A person on the portal, as the load test's roles build on it: their account from the accounts
file (bench/load/prepare.py), think time between pages, signing in with the real form or
carrying on in the session opened earlier in the day, signing out."""

import json
import os
import random
import time
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from htmlform import form_with
from locust import FastHttpUser
from locust.exception import StopUser

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
THINK = (float(os.environ.get("THINK_MIN", 10)), float(os.environ.get("THINK_MAX", 30)))
PASSWORD = ACCOUNTS["password"]
SIGNED_IN: set[int] = set()
# RESUME=0: every simulated person signs in with the form at the start (a morning, not the peak).
RESUME = os.environ.get("RESUME", "1") != "0"
SIGN_IN = "POST /accounts/login/ (sign-in)"


def think(low=None, high=None):
    time.sleep(random.uniform(low or THINK[0], high or THINK[1]))  # gevent-patched


class Person(FastHttpUser):
    abstract = True
    # Form posts are sent url-encoded, as a browser sends them.
    default_headers = {"Content-Type": "application/x-www-form-urlencoded"}

    def wait_time(self):
        return random.uniform(*THINK)

    def sign_in(self, username: str) -> None:
        page = self.client.get("/accounts/login/", name="GET /accounts/login/")
        form = form_with(page.text, "username")
        form.set("username", username)
        form.set("password", PASSWORD)
        with self.client.post(
            "/accounts/login/",
            data=urlencode(form.data()),
            name=SIGN_IN,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused for {username}: {response.status_code}")
                raise StopUser()
        SIGNED_IN.add(id(self))

    def resume(self, username: str) -> None:
        """Carry on in the session this person opened earlier in the day (bench/load/prepare.py);
        a person without one signs in."""
        key = ACCOUNTS.get("sessions", {}).get(username)
        if key is None or not RESUME:
            self.sign_in(username)
            return
        host = urlsplit(self.host).hostname
        self.client.cookiejar.set_cookie(
            Cookie(
                0,
                "sessionid",
                key,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                True,
                None,
                None,
                {},
            )
        )
        SIGNED_IN.add(id(self))

    def sign_out(self) -> None:
        page = self.client.get("/", name="GET / (home)")
        form = form_with(page.text, "csrfmiddlewaretoken")
        self.client.post(
            "/accounts/logout/",
            data=urlencode(form.data()),
            name="POST /accounts/logout/",
            allow_redirects=False,
        )
        self.client.cookiejar.clear()

    def expect(self, response, status: int, what: str) -> bool:
        if response.status_code != status:
            response.failure(f"{what}: HTTP {response.status_code}")
            return False
        response.success()
        return True
