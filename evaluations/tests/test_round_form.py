"""HR's round form takes its dates in พ.ศ. (issue 17): typed as people write them, stored as the
right day, and refused in Thai when they leave the round's fiscal year."""

import datetime as dt

from django.urls import reverse

from evaluations.forms import RoundForm
from evaluations.models import EvaluationRound


def _data(scheme, **dates):
    return {
        "fiscal_year": "2570",
        "number": "1",
        "title": "การประเมิน ครั้งที่ 1 ปีงบประมาณ 2570",
        "scheme": scheme.pk,
        "starts_on": "16/12/2569",
        "due_on": "31 มี.ค. 2570",
        **dates,
    }


def test_dates_typed_in_the_buddhist_era_are_the_right_days(scheme):
    form = RoundForm(_data(scheme, due_on="๓๑ มีนาคม ๒๕๗๐"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_on"] == dt.date(2026, 12, 16)
    assert form.cleaned_data["due_on"] == dt.date(2027, 3, 31)


def test_a_year_typed_in_the_christian_era_is_refused_in_thai(scheme):
    form = RoundForm(_data(scheme, starts_on="16/12/2026"))
    assert form.errors["starts_on"] == ["กรุณากรอกปีเป็นปีพุทธศักราช (พ.ศ.) เช่น 2569"]


def test_a_date_outside_the_rounds_fiscal_year_is_refused(scheme):
    form = RoundForm(_data(scheme, starts_on="30 ก.ย. 2569", due_on="1/10/2570"))
    message = "วันที่ต้องอยู่ในปีงบประมาณ 2570 (1 ตุลาคม พ.ศ. 2569 – 30 กันยายน พ.ศ. 2570)"
    assert form.errors == {"starts_on": [message], "due_on": [message]}


def test_hr_creates_a_round_with_thai_dates_and_sees_them_in_the_buddhist_era(people, scheme, client_for):
    hr = client_for(people["hr"])
    response = hr.post(reverse("evaluations:rounds"), _data(scheme))
    evaluation_round = EvaluationRound.objects.get()
    assert response.status_code == 302
    assert (evaluation_round.starts_on, evaluation_round.due_on) == (
        dt.date(2026, 12, 16),
        dt.date(2027, 3, 31),
    )
    listing = hr.get(reverse("evaluations:rounds")).content.decode()
    assert "16 ธ.ค. 2569 – 31 มี.ค. 2570" in listing


def test_a_refused_date_is_shown_back_as_typed_with_the_reason(people, scheme, client_for):
    response = client_for(people["hr"]).post(
        reverse("evaluations:rounds"), _data(scheme, due_on="16/12/2571")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="16/12/2571"' in page
    assert "วันที่ต้องอยู่ในปีงบประมาณ 2570" in page
    assert not EvaluationRound.objects.exists()


def test_the_form_page_loads_the_thai_calendar_and_no_browser_date_picker(people, client_for):
    page = client_for(people["hr"]).get(reverse("evaluations:rounds")).content.decode()
    assert 'type="date"' not in page
    assert "js/thaidate.js" in page and "data-thaidate" in page


def test_the_admin_refuses_a_round_date_outside_its_fiscal_year_too(open_round):
    from evaluations.forms import RoundAdminForm

    data = {
        field: getattr(open_round, field) for field in ("number", "title", "status", "starts_on", "due_on")
    }
    data.update(fiscal_year=open_round.fiscal_year.pk, scheme=open_round.scheme.pk)
    data["offices"] = list(open_round.offices.values_list("pk", flat=True))
    form_class = forms_for_admin(RoundAdminForm)
    good = form_class({**data, "due_on": "31/3/2570"}, instance=open_round)
    assert good.is_valid(), good.errors
    refused = form_class({**data, "due_on": "1/10/2570"}, instance=open_round)
    assert not refused.is_valid()
    assert refused.errors["due_on"] == ["วันที่ต้องอยู่ในปีงบประมาณ 2570 (1 ตุลาคม พ.ศ. 2569 – 30 กันยายน พ.ศ. 2570)"]


def forms_for_admin(form):
    """The form class the admin builds for rounds (its widgets: the Thai date field)."""
    from django.contrib.admin.sites import site
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    admin = site._registry[EvaluationRound]
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True)
    built = admin.get_form(request, None)
    assert issubclass(built, form)
    return built
