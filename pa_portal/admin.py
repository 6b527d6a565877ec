"""The admin's one way of writing: every ModelAdmin of the portal is a `PortalAdmin`.

The admin may change a domain record only as the portal would, and never without a trace:
- every addition, change and deletion is announced to the registered recorders (the audit app
  registers one in its AppConfig.ready(): the kernel cannot import it), inside the admin's own
  transaction, with the fields' before and after;
- a deleted row's files are removed with it, once the deletion has committed;
- a model whose deletion the portal does through a service overrides `delete_model` and
  `delete_queryset` to call it (evaluations.admin.EvidenceAdmin), and one the portal never lets
  change refuses through `has_change_permission` / `has_delete_permission` or read-only fields.
`pa_portal/tests/test_admin_writes.py` walks every registered ModelAdmin and checks that each
change and delete is refused or leaves an audit entry.

The admin is Thai as the portal is: every date (and date-and-time) field is entered with the
portal's Thai date field (day month พ.ศ., with its calendar), a date column of a list shows the
date in พ.ศ., and a field whose model has no Thai name gets one from its admin's `labels`.
"""

from collections.abc import Callable
from functools import cache

from django import forms
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.forms.models import model_to_dict

from .forms import ThaiDateField, ThaiDateInput, ThaiSplitDateTimeField, ThaiSplitDateTimeWidget
from .thai import thai_date, thai_datetime

# recorder(request, obj, action, changes): action is "admin.added", "admin.changed" or "admin.deleted".
_recorders: list[Callable] = []


def admin_recorder_register(recorder: Callable) -> None:
    if recorder not in _recorders:
        _recorders.append(recorder)


def _record(request, obj, action: str, changes: dict) -> None:
    for recorder in _recorders:
        recorder(request, obj, action, changes)


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name
    return value


_SECRET_FIELDS = {"password"}


def _fields_of(obj) -> dict:
    return {
        name: "(ซ่อน)" if name in _SECRET_FIELDS else _plain(value)
        for name, value in model_to_dict(obj).items()
    }


def _remove_files_on_commit(obj) -> None:
    names = [
        (field_file.storage, field_file.name)
        for field in obj._meta.get_fields()
        if isinstance(field, models.FileField) and (field_file := getattr(obj, field.name))
    ]
    for storage, name in names:
        # Only once the row is gone for good: a rolled-back delete keeps its file.
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


THAI_DATE_FIELDS = {
    models.DateField: {"form_class": ThaiDateField, "widget": ThaiDateInput},
    models.DateTimeField: {"form_class": ThaiSplitDateTimeField, "widget": ThaiSplitDateTimeWidget},
}


@cache
def _column(model, name, label):
    """A list column: a date field shown in พ.ศ. (Django's own column shows ค.ศ.), or a column
    under its Thai label; any other column as it is."""
    if not isinstance(name, str):
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    is_date = isinstance(field, models.DateField)
    if label is None and not is_date:
        return name
    if is_date:
        show = thai_datetime if isinstance(field, models.DateTimeField) else thai_date

        def value(obj):
            return show(getattr(obj, name)) or None

    elif field is not None and field.choices:

        def value(obj):
            return getattr(obj, f"get_{name}_display")()

    else:

        def value(obj):
            found = getattr(obj, name)
            return found() if callable(found) else found

    boolean = isinstance(field, models.BooleanField)
    value = admin.display(
        description=label or field.verbose_name,
        ordering=name if field is not None else None,
        **({"boolean": True} if boolean else {"empty_value": "-"}),
    )(value)
    value.__name__ = name
    return value


def _titled_filter(title):
    """The filter Django would choose for a field, under a Thai title."""

    def make(field, request, params, model, model_admin, field_path):
        spec = admin.FieldListFilter.create(field, request, params, model, model_admin, field_path=field_path)
        spec.title = title
        return spec

    return make


_PERMISSION_ACTIONS = {"add": "เพิ่ม", "change": "แก้ไข", "delete": "ลบ", "view": "ดู"}


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    """A permission in Thai: Django stores the built-in ones as "Can add <model>" in English."""

    def label_from_instance(self, permission):
        action, _, model = permission.codename.partition("_")
        if action in _PERMISSION_ACTIONS and model == permission.content_type.model:
            return f"{permission.content_type} | {_PERMISSION_ACTIONS[action]}"
        return str(permission)


class LabelledInline:
    """For an inline: Thai labels (`labels`) and the Thai date fields, as PortalAdmin has."""

    labels: dict[str, str] = {}
    formfield_overrides = THAI_DATE_FIELDS

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["labels"] = {**self.labels, **(kwargs.get("labels") or {})}
        return super().get_formset(request, obj, **kwargs)


class PortalAdmin(admin.ModelAdmin):
    # Thai labels for fields (and list columns, filters) whose model names them only in English
    # (`created_at` -> "Created at"): the admin shows them on forms, read-only fields, columns and
    # filters (a filter by its path, "domain__standard").
    labels: dict[str, str] = {}
    formfield_overrides = THAI_DATE_FIELDS

    def get_form(self, request, obj=None, **kwargs):
        kwargs["labels"] = {**self.labels, **(kwargs.get("labels") or {})}
        return super().get_form(request, obj, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Permission:
            kwargs.setdefault("form_class", PermissionChoiceField)
            kwargs.setdefault("queryset", Permission.objects.select_related("content_type"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_display(self, request):
        return [
            _column(self.model, name, self.labels.get(name)) for name in super().get_list_display(request)
        ]

    def get_list_filter(self, request):
        return [
            (entry, _titled_filter(self.labels[entry]))
            if isinstance(entry, str) and entry in self.labels
            else entry
            for entry in super().get_list_filter(request)
        ]

    def save_model(self, request, obj, form, change):
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            request._admin_before = _fields_of(stored) if stored is not None else {}
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        _record(request, obj, "admin.added", {"after": _fields_of(obj)})
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        before, after = getattr(request, "_admin_before", {}), _fields_of(obj)
        changed = {
            name: {"before": before.get(name), "after": value}
            for name, value in after.items()
            if before.get(name) != value
        }
        _record(request, obj, "admin.changed", {"fields": changed, "message": message})
        return entry

    def log_deletions(self, request, queryset):
        objects = list(queryset)
        entries = super().log_deletions(request, objects)
        for obj in objects:
            _record(request, obj, "admin.deleted", {"before": _fields_of(obj)})
        return entries

    def delete_model(self, request, obj):
        _remove_files_on_commit(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _remove_files_on_commit(obj)
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(PortalAdmin):
    """For records that only the application's services may write (standards from fixtures,
    committees through the conflict rules, sheets, the audit trail): the admin lists them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
