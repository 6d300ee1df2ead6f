"""Sections other apps add to an organization's dossier page (its issued documents, say).

The registry uses no other app, so they register here instead of being imported:
`dossier_section_add(template, context)` with `context(organization, user) -> dict`; the
dossier page includes each template with what its function gives, in the order added.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DossierSection:
    template: str
    context: Callable


_SECTIONS: list[DossierSection] = []


def dossier_section_add(template: str, context: Callable) -> None:
    if all(section.template != template for section in _SECTIONS):
        _SECTIONS.append(DossierSection(template, context))


def dossier_sections(organization, user) -> list[dict]:
    return [
        {"template": section.template, **section.context(organization, user)}
        for section in _SECTIONS
    ]
