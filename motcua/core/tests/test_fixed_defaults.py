"""No model field has a fixed date or time as its default.

Django's system check warns (fields.W161) when such a default happens to lie within a few
seconds of the clock, so `check --deploy --fail-level WARNING` would fail at 07:30:00 and
pass a minute later. Defaults of date and time fields are callables instead.
"""

import datetime

from django.apps import apps


def test_no_date_or_time_field_has_a_fixed_default():
    fixed = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.has_default() or callable(field.default):
                continue
            if isinstance(field.default, (datetime.date, datetime.time)):
                fixed.append(f"{model._meta.label}.{field.name}")
    assert fixed == []
