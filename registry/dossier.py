"""Sections other apps add to an organization's dossier page (its issued documents, say).

The registry uses no other app, so they register here instead of being imported:
`dossier_section_add(template, context)` with `context(organization, user) -> dict`; the
dossier page shows each template rendered with what its function gives, in the order added.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class DossierSection:
    template: str
    context: Callable


_SECTIONS: list[DossierSection] = []


def dossier_section_add(template: str, context: Callable) -> None:
    if all(section.template != template for section in _SECTIONS):
        _SECTIONS.append(DossierSection(template, context))


def dossier_sections(organization, request) -> list[str]:
    """Each section rendered for this reader, in the order added."""
    return [
        render_to_string(
            section.template, section.context(organization, request.user), request=request
        )
        for section in _SECTIONS
    ]
