"""Repairs for django-fsm-2 where a procedure redeclares the base's `state` field.

A procedure gives its states translated names by declaring `state` again with choices. django-fsm
binds each transition to the first FSMField that collects it, which is the abstract Case's copy,
so the procedure's own field lists no transitions: `get_available_state_transitions()` is empty
and admin shows no transition buttons. `bind_transitions` points them at the model's own field;
CaseworkConfig.ready() runs it for every concrete Case.
"""

import inspect

from django_fsm import FSMFieldMixin


def bind_transitions(model) -> None:
    for field in model._meta.concrete_fields:
        if not isinstance(field, FSMFieldMixin):
            continue
        methods = {}
        for name, attr in inspect.getmembers(model, lambda a: hasattr(a, "_django_fsm")):
            meta = attr._django_fsm
            bound_to = meta.field if isinstance(meta.field, str) else meta.field.name
            if bound_to == field.name:
                meta.field = field
                methods[name] = attr
        field.transitions[model] = methods
