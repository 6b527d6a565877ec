"""Deadline day on the PA portal: deputies save and submit, directors review, evaluators score,
HR exports one packet, and a floor view measures the framework's own cost in the same run.

Run by bench/load/run.sh (headless). Environment:
  LOAD_ACCOUNTS   accounts file written by bench/load/prepare.py
  LOAD_RESULTS    directory for submissions.jsonl and server_timing.json
  STEADY_SECONDS  seconds measured once everyone is in (+ WARMUP, default 20)
  RESUME          1 (default): people carry on in the session prepare.py made for them, as at
                  the peak hour; 0: everyone signs in with the form first
  THINK_MIN/MAX   seconds a person pauses between two pages (default 10–30: the page
                  autosaves every 30 s while someone types)
Every successful submit is recorded with the Part 1 content that was posted, so
bench/load/verify.py can check afterwards that nothing was lost.
A person's account, think time, sign-in and session are in person.py, beside this file.
"""

import json
import os
import random
import re
import time
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import urlencode

import gevent
from htmlform import form_with
from locust import events, task
from locust.exception import StopUser
from person import ACCOUNTS, SIGN_IN, SIGNED_IN, Person, think

RESULTS = Path(os.environ.get("LOAD_RESULTS", "."))

# Deputies with a draft, office by office; each locust user takes one for the whole run.
POOL = deque(d for d in ACCOUNTS["deputies"] if d["status"] == "draft")
# Offices whose deputies are in play first: their directors are the ones who review.
REVIEW_OFFICES = deque(dict.fromkeys(d["office"] for d in POOL))
EVALUATORS = deque(ACCOUNTS["evaluators"])
SUBMITTED: list[dict] = []
TIMING = defaultdict(lambda: {"app_ms": [], "cpu_ms": [], "sql": [], "db_ms": []})
MARK = iter(range(1, 10**9))
ENVIRONMENT = []
WARMUP = float(os.environ.get("WARMUP", 20))
# Seconds of steady state to measure, then stop (0: run until locust's own --run-time).
STEADY = float(os.environ.get("STEADY_SECONDS", 0))
AUTOSAVE = {"Accept": "application/json"}
# Sign-ins happen while the users arrive; the steady state is measured after that (--reset-stats).
RAMP = defaultdict(list)


@events.request.add_listener
def _server_timing(name, response, exception, **kwargs):
    header = response.headers.get("Server-Timing") if response is not None and response.headers else None
    if not header:
        return
    match = re.search(r"app;dur=([\d.]+), cpu;dur=([\d.]+), sql;desc=(\d+), db;dur=([\d.]+)", header)
    if match:
        TIMING[name]["app_ms"].append(float(match.group(1)))
        TIMING[name]["cpu_ms"].append(float(match.group(2)))
        TIMING[name]["sql"].append(int(match.group(3)))
        TIMING[name]["db_ms"].append(float(match.group(4)))
        if name == SIGN_IN:
            RAMP["server_ms"].append(float(match.group(1)))
    if name == SIGN_IN:
        RAMP["client_ms"].append(kwargs.get("response_time", 0))


@events.init.add_listener
def _remember(environment, **kwargs):
    ENVIRONMENT.append(environment)


@events.spawning_complete.add_listener
def _steady_state(user_count, **kwargs):
    """Measure the steady state: once every user has signed in (a sign-in costs ~0.5 s of CPU, so
    the arrivals queue for a while after the last user is spawned) and WARMUP seconds more,
    the statistics start again from zero."""

    def reset_when_settled():
        deadline = time.time() + 600
        while len(SIGNED_IN) < user_count - Floor.fixed_count and time.time() < deadline:
            gevent.sleep(1)
        gevent.sleep(WARMUP)
        ENVIRONMENT[0].runner.stats.reset_all()
        TIMING.clear()
        RAMP["steady_from"] = [time.time()]
        if STEADY:
            gevent.sleep(STEADY)
            ENVIRONMENT[0].runner.quit()

    gevent.spawn(reset_when_settled)


@events.test_stop.add_listener
def _write_results(environment, **kwargs):
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / "submissions.jsonl").open("w", encoding="utf-8") as out:
        for record in SUBMITTED:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    (RESULTS / "server_timing.json").write_text(json.dumps(TIMING), encoding="utf-8")
    RAMP["stopped_at"] = [time.time()]
    (RESULTS / "sign_in.json").write_text(json.dumps(RAMP), encoding="utf-8")


class Deputy(Person):
    """One deputy for the whole run, in one session, as on the last day before the deadline:
    opens the agreement, saves Part 1 a few times (form posts and autosaves, each with the
    revision the page gave), opens Part 2, submits. While the agreement waits for the director
    they look at its status now and then; once it comes back they revise and submit again."""

    weight = 85

    def on_start(self):
        if not POOL:
            raise StopUser()
        self.account = POOL.popleft()
        self.pk = self.account["agreement"]
        self.resume(self.account["username"])

    @task
    def work(self):
        page = self.client.get(f"/agreements/{self.pk}/", name="GET /agreements/[id]/")
        if f"/agreements/{self.pk}/part1/" in page.text:
            self.revise_and_submit()
        else:
            think()
            self.client.get("/", name="GET / (home)")

    def revise_and_submit(self):
        pk = self.pk
        # Part 1 is edited a domain a page (the standard has five); each page saves its own rows.
        url = f"/agreements/{pk}/part1/?domain={random.randint(1, 5)}"
        think()
        page = self.client.get(url, name="GET /agreements/[id]/part1/?domain=")
        form = form_with(page.text, "revision")
        for _ in range(random.randint(1, 3)):
            think()
            self._edit_rows(form, random.randint(1, 3))
            with self.client.post(
                url,
                data=urlencode(form.data()),
                headers={**AUTOSAVE, "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"},
                name="POST /agreements/[id]/part1/?domain= (autosave)",
                catch_response=True,
            ) as response:
                if response.status_code != 200 or not response.json().get("ok"):
                    response.failure(f"autosave refused: {response.status_code} {response.text[:300]}")
                    return
                response.success()
                form.set("revision", str(response.json()["revision"]))
        think()
        self._edit_rows(form, 1)
        with self.client.post(
            url,
            data=urlencode(form.data()),
            name="POST /agreements/[id]/part1/?domain= (save)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not self.expect(response, 302, "Part 1 save"):
                return
        # The browser follows the redirect; the record keeps what was posted, which is what the
        # submission must contain.
        self.client.get(url, name="GET /agreements/[id]/part1/?domain=")
        think()
        # The page of one challenge issue, as the overview's "แก้ไขส่วนที่ 2" opens it (code from
        # before one issue a page, a0d9cbd, ignores ?issue= and prints all three).
        self.client.get(
            f"/agreements/{pk}/part2/?issue={random.randint(1, 3)}", name="GET /agreements/[id]/part2/?issue="
        )
        think()
        page = self.client.get(f"/agreements/{pk}/submit/", name="GET /agreements/[id]/submit/")
        submit = form_with(page.text, "csrfmiddlewaretoken")
        think()
        with self.client.post(
            f"/agreements/{pk}/submit/",
            data=urlencode(submit.data()),
            name="POST /agreements/[id]/submit/",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not self.expect(response, 302, "submit"):
                return
        detail = self.client.get(f"/agreements/{pk}/", name="GET /agreements/[id]/")
        versions = [int(v) for v in re.findall(r"ฉบับที่ (\d+) ส่งเมื่อ", detail.text)]
        SUBMITTED.append(
            {
                "agreement": pk,
                "version": max(versions) if versions else None,
                "username": self.account["username"],
                "part1": {name: value for name, value in form.data() if "__" in name},
            }
        )

    def _edit_rows(self, form, count: int) -> None:
        """Append a unique note to the Tasks of `count` rows and rewrite an indicator."""
        codes = [name.split("__", 1)[1] for name in form.names() if name.startswith("tasks__")]
        for code in random.sample(codes, count):
            mark = next(MARK)
            form.set(f"tasks__{code}", f"{form.get(f'tasks__{code}')} (ปรับปรุงครั้งที่ {mark})")
            form.set(
                f"indicator__{code}__office", f"ร้อยละ {80 + mark % 20} ของงานตามข้อ {code} แล้วเสร็จตามกำหนด"
            )
            if not form.get(f"kind__{code}__office"):
                form.set(f"kind__{code}__office", "quantitative")
            if not form.get(f"outcome__{code}__office"):
                form.set(f"outcome__{code}__office", "สำนักงานเขตพื้นที่การศึกษาดำเนินงานได้ตามแผน")


class Director(Person):
    """An office director on deadline day: looks at the queue, returns most submissions with a
    comment (their deputies revise and submit again) and agrees to the rest."""

    weight = 8

    def on_start(self):
        if not REVIEW_OFFICES:
            raise StopUser()
        self.office = REVIEW_OFFICES.popleft()
        self.resume(ACCOUNTS["supervisors"][str(self.office)])

    @task
    def review_queue(self):
        page = self.client.get("/agreements/review/", name="GET /agreements/review/")
        pks = [int(pk) for pk in re.findall(r"/agreements/(\d+)/review/", page.text)]
        if not pks:
            return
        pk = pks[0]
        think()
        page = self.client.get(f"/agreements/{pk}/review/", name="GET /agreements/[id]/review/")
        form = form_with(page.text, "decision")
        agree = random.random() < 0.3
        form.set("decision", "agree" if agree else "return")
        form.set("comment", "เห็นชอบ" if agree else "กรุณาระบุตัวชี้วัดเชิงปริมาณให้ชัดเจนขึ้น")
        think()
        with self.client.post(
            f"/agreements/{pk}/review/",
            data=urlencode(form.data()),
            name="POST /agreements/[id]/review/",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.expect(response, 302, "review")


class Evaluator(Person):
    """Scores the sheets in the inbox (saves a draft; never finalises, so sheets stay open)."""

    weight = 4

    def on_start(self):
        EVALUATORS.rotate(-1)
        self.resume(EVALUATORS[0])

    @task
    def score(self):
        page = self.client.get("/evaluations/", name="GET /evaluations/ (inbox)")
        sheets = sorted(set(re.findall(r"/evaluations/sheets/(\d+)/", page.text)))
        if not sheets:
            return
        pk = random.choice(sheets)
        think()
        page = self.client.get(f"/evaluations/sheets/{pk}/", name="GET /evaluations/sheets/[id]/")
        try:
            form = form_with(page.text, "csrfmiddlewaretoken")
        except LookupError:
            return
        for name, options in form.choices.items():
            if name.startswith("level__"):
                form.set(name, random.choice([o for o in options if o] or [""]))
        form.set("action", "save")
        think()
        with self.client.post(
            f"/evaluations/sheets/{pk}/",
            data=urlencode(form.data()),
            name="POST /evaluations/sheets/[id]/ (save)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.expect(response, 302, "score")


class HumanResources(Person):
    """One HR officer: follows the lists and, once the measured steady state has begun, exports
    one packet (PA1 of PACKET_OFFICES offices, 20 by default) while the deputies work; the packet
    is built by the Celery worker of the pdf queue, polled and downloaded."""

    fixed_count = 1

    def on_start(self):
        self.resume(ACCOUNTS["hr"])
        self.packet = None

    @task
    def follow(self):
        status = random.choice(["submitted", "agreed", "draft"])
        self.client.get(f"/agreements/all/?status={status}", name="GET /agreements/all/?status=")
        # The export starts once the statistics have restarted, so that its renders run during
        # the measured steady state (before, it finished during the ramp and no page felt it).
        if self.packet is None and RAMP.get("steady_from"):
            self.packet = self._request_packet()
        elif self.packet and not self.packet.get("finished"):
            response = self.client.get(
                f"/reports/packets/{self.packet['pk']}/status.json",
                name="GET /reports/packets/[id]/status.json",
            )
            self.packet.update(response.json())
            if self.packet.get("finished") and self.packet.get("download_url"):
                self.client.get(self.packet["download_url"], name="GET /reports/packets/[id]/download (file)")

    def _request_packet(self):
        page = self.client.get("/reports/packets/", name="GET /reports/packets/")
        form = form_with(page.text, "offices")
        form.set_many(
            "offices", [str(pk) for pk in ACCOUNTS["offices"][: int(os.environ.get("PACKET_OFFICES", 20))]]
        )
        form.set_many("kinds", ["pa1"])
        with self.client.post(
            "/reports/packets/",
            data=urlencode(form.data()),
            name="POST /reports/packets/ (export)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not self.expect(response, 302, "packet export"):
                return {}
            match = re.search(r"/reports/packets/(\d+)/", response.headers.get("Location", ""))
        return {"pk": int(match.group(1)), "finished": False} if match else {}


class Arrival(Person):
    """People still arriving after the ramp: ~700 sign-ins spread over the last hours before the
    deadline are ~0.1 a second; three of these users sign in, look, and sign out at that rate."""

    fixed_count = 3

    def wait_time(self):
        return random.uniform(20, 40)

    @task
    def visit(self):
        account = random.choice(ACCOUNTS["deputies"])
        self.sign_in(account["username"])
        self.client.get("/", name="GET / (home)")
        self.sign_out()


class Floor(Person):
    """The floor: Django's cheapest response through the same middleware, in the same run."""

    fixed_count = 2

    def wait_time(self):
        return 1.0

    @task
    def floor(self):
        self.client.get("/bench/floor", name="GET /bench/floor (floor)")
