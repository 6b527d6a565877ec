"""The demo data and the story of the acceptance: three evaluators score one agreement end to end
in the browser, and the results page shows each total, the committee's verdict and the formula."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from cycle.management.commands.seed_demo import DEMO_PASSWORD
from evaluations.models import Committee, Evaluation, EvaluationRound


@pytest.fixture
def demo(standards, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    return EvaluationRound.objects.get()


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def test_seed_demo_opens_a_round_with_one_agreement_scored_and_one_being_scored(demo):
    assert demo.is_open and demo.fiscal_year.year == 2570
    done = Committee.objects.get(round=demo, agreement__owner__username="deputy1")
    assert done.completed_at is not None
    assert set(Evaluation.objects.filter(member__committee=done).values_list("status", flat=True)) == {
        "final"
    }
    assert done.members.count() == 3
    assert Agreement.objects.get(owner__username="deputy1").status == Agreement.Status.EVALUATED

    scoring = Committee.objects.get(round=demo, agreement__owner__username="deputy3")
    assert scoring.completed_at is None
    assert scoring.agreement.status == Agreement.Status.AGREED
    started = Evaluation.objects.get(member__committee=scoring, member__evaluator__username="evaluator1")
    assert started.scores.exclude(level=None).count() == 5
    assert scoring.agreement.office != done.agreement.office


def test_the_demo_results_page_shows_totals_verdict_and_formula(demo):
    done = Committee.objects.get(round=demo, agreement__owner__username="deputy1")
    for username in ("hr1", "deputy1", "director", "evaluator1"):
        page = sign_in(username).get(reverse("evaluations:results", args=[done.pk])).content.decode()
        for evaluation in Evaluation.objects.filter(member__committee=done):
            assert str(evaluation.total) in page
        assert "ผ่านเกณฑ์" in page
        assert "× 60 ÷ 4" in page and "ไม่ต่ำกว่า 70 คะแนน" in page


def _sheet_post_data(page: str, level: int) -> dict:
    """What a browser sends after the evaluator clicks `level` on every row and criterion."""
    names = sorted(set(re.findall(r'name="(level__[^"]+)"', page)))
    data = {name: str(level) for name in names}
    data.update({name.replace("level__", "comment__"): "" for name in names})
    data["csrfmiddlewaretoken"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return data


def test_three_evaluators_score_the_remaining_agreement_in_the_browser(demo):
    scoring = Committee.objects.get(round=demo, agreement__owner__username="deputy3")
    chair = scoring.members.get(role="chair").evaluator.username
    levels = {"evaluator1": 3, "evaluator2": 4, "evaluator3": 3}

    for username, level in levels.items():
        client = sign_in(username)
        client.handler.enforce_csrf_checks = True
        inbox = client.get(reverse("evaluations:inbox")).content.decode()
        evaluation = Evaluation.objects.get(member__committee=scoring, member__evaluator__username=username)
        sheet_url = reverse("evaluations:sheet", args=[evaluation.pk])
        assert sheet_url in inbox and "วิไลวรรณ" in inbox

        page = client.get(sheet_url).content.decode()
        assert "running-total" in page and "ส่วนที่ 1" in page
        data = _sheet_post_data(page, level)
        assert len([k for k in data if k.startswith("level__")]) == 22 + 3 * 3

        response = client.post(sheet_url, {**data, "action": "save"}, follow=True)
        assert "บันทึกร่างแล้ว" in response.content.decode()
        response = client.post(sheet_url, {**data, "action": "finalise"}, follow=True)
        assert "ยืนยันผลการประเมินแล้ว" in response.content.decode()
        evaluation.refresh_from_db()
        assert evaluation.is_final

    scoring.refresh_from_db()
    assert scoring.completed_at is not None
    page = sign_in(chair).get(reverse("evaluations:results", args=[scoring.pk])).content.decode()
    assert page.count("75.00") >= 2 and "100.00" in page
    mean = re.search(r'id="committee-mean">([^<]+)<', page).group(1)
    assert mean == "83.33"
    assert "ผ่านเกณฑ์" in re.search(r'id="committee-verdict">(.*?)</th>', page, re.S).group(1)
    assert "ส่วนที่ 2 (เต็ม 40 คะแนน)" in page


def test_hr_sees_the_round_table_with_counts_by_state(demo):
    page = sign_in("hr1").get(reverse("evaluations:round", args=[demo.pk])).content.decode()
    counts = re.search(r'id="round-counts">(.*?)</div>\s*\n', page, re.S).group(0)
    assert "ยังไม่แต่งตั้งคณะกรรมการ" in counts
    assert re.search(r"อยู่ระหว่างการประเมิน</div><div[^>]*>1<", counts)
    assert re.search(r"ประเมินเสร็จสิ้น</div><div[^>]*>1<", counts)
    assert "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาพิษณุโลก อุตรดิตถ์" in page
