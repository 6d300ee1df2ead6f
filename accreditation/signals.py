"""К26: the accreditation register follows the registry. registry.services sends
`organization_event_recorded` after a reorganization or liquidation commits; registry never
imports accreditation."""

from django.db import transaction


def _follow(sender, event, **kwargs) -> None:
    from registry.models import OrganizationEvent

    from . import conf
    from .services.certificates import accreditation_follow_registry_change

    organization = event.organization
    if event.kind == OrganizationEvent.Kind.LIQUIDATION:
        successor, annul = None, True
    elif event.kind == OrganizationEvent.Kind.REORGANIZATION:
        successor = organization.successor
        annul = not conf.get("ACCREDITATION_REORGANIZATION_CARRIES_OVER")
    else:
        return
    with transaction.atomic():
        accreditation_follow_registry_change(
            organization, successor=successor, annul=annul, actor=None, basis=event.basis
        )


def connect() -> None:
    from registry.services import organization_event_recorded

    organization_event_recorded.connect(_follow, dispatch_uid="accreditation_follow_registry")
