import datetime as dt

from django import forms
from django.utils import timezone

from pa_portal import dates
from pa_portal.forms import ThaiDateField, ThaiTimeField


class ExtensionForm(forms.Form):
    """HR's extension of one person's deadline: a day in พ.ศ. and, if not the whole day, a time.
    The cleaned `until` is the moment the extension ends (the end of the day when no time is
    given: midnight after it, which the portal shows as "สิ้นวันที่ …")."""

    until = ThaiDateField(
        label="ขยายเวลาถึงวันที่",
        help_text="วัน เดือน ปี พ.ศ. เช่น 16/12/2569",
        error_messages={"required": "กรุณาระบุวันที่ขยายเวลาถึง"},
    )
    until_time = ThaiTimeField(
        label="ถึงเวลา (ไม่ระบุ = ถึงสิ้นวัน)",
        required=False,
        help_text="เวลาประเทศไทย เช่น 16:30",
    )
    reason = forms.CharField(
        label="เหตุผลของการขยายเวลา",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "กรุณาระบุเหตุผลของการขยายเวลา"},
    )

    def __init__(self, *args, initial=None, **kwargs):
        initial = dict(initial or {})
        until = initial.get("until")
        if isinstance(until, dt.datetime):
            local = timezone.localtime(until)
            if local.time() == dt.time(0, 0):
                initial["until"] = local.date() - dt.timedelta(days=1)
            else:
                initial["until"], initial["until_time"] = local.date(), local.time()
        super().__init__(*args, initial=initial, **kwargs)

    def clean(self):
        data = super().clean()
        day = data.get("until")
        if day is None:
            return data
        # A deadline that has already passed would extend nothing.
        if problem := dates.before_today(day, timezone.localdate()):
            self.add_error("until", problem)
            return data
        at = data.get("until_time")
        zone = timezone.get_current_timezone()
        if at is None:
            data["until"] = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=zone)
        else:
            data["until"] = dt.datetime.combine(day, at, tzinfo=zone)
        return data


class ResultsCalendarForm(forms.Form):
    """HR's results-report calendar for one fiscal year: the opening day and the deadline, both
    in พ.ศ.; the deadline runs to the end of its day unless a time is given."""

    opens_on = ThaiDateField(
        label="วันที่เปิดให้รายงานผล",
        help_text="วัน เดือน ปี พ.ศ. เช่น 1/7/2570",
        error_messages={"required": "กรุณาระบุวันที่"},
    )
    deadline = ThaiDateField(
        label="กำหนดส่งรายงานผล",
        help_text="วัน เดือน ปี พ.ศ. เช่น 15/9/2570",
        error_messages={"required": "กรุณาระบุวันที่"},
    )
    deadline_time = ThaiTimeField(label="ถึงเวลา (ไม่ระบุ = ถึงสิ้นวัน)", required=False)

    def clean(self):
        data = super().clean()
        day = data.get("deadline")
        if day is None:
            return data
        at = data.pop("deadline_time", None)
        zone = timezone.get_current_timezone()
        if at is None:
            data["deadline"] = dt.datetime.combine(day, dt.time(23, 59), tzinfo=zone)
        else:
            data["deadline"] = dt.datetime.combine(day, at, tzinfo=zone)
        return data
