"""Reads of the shared case machinery for pages and the API; each costs a fixed number of
queries however many rows it returns. Add yours below."""

from django.contrib.contenttypes.models import ContentType

from casework.models import Case, TransitionLog


def state_labels(model: type[Case]) -> dict[str, str]:
    """The translated names of a procedure's states, from its `state` field's choices."""
    return {value: label for value, label in model._meta.get_field("state").flatchoices}


def case_timeline(case: Case) -> list[TransitionLog]:
    """The case's transition log, oldest first, each entry with `source_label` and
    `target_label` (translated state names). One query: the content type is cached."""
    labels = state_labels(type(case))
    entries = list(
        TransitionLog.objects.filter(
            case_type=ContentType.objects.get_for_model(case), case_id=case.pk
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    for entry in entries:
        entry.source_label = labels.get(entry.source, entry.source)
        entry.target_label = labels.get(entry.target, entry.target)
    return entries
