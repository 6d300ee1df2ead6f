"""Query-string filters of the registry API.

They narrow what a selector returns; they never widen it. Who may see which rows is decided in
`registry.selectors` only.
"""

import django_filters
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework.filters import OrderingFilter

from .models import (
    Authority,
    EducationLevel,
    Expert,
    Organization,
    Procedure,
    Qualification,
    Region,
    Specialty,
)
from .selectors import organization_matching


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` with the primary key as the last key, so a page boundary never falls between
    two rows that sort equal and a row is never shown twice or skipped while paging."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and "pk" not in ordering and "-pk" not in ordering:
            ordering = [*ordering, "pk"]
        return ordering


def _region_by_kato(**kwargs):
    return django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="kato", **kwargs
    )


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Name in any language, or the beginning of the BIN"),
    )
    region = _region_by_kato(
        method="filter_region",
        label=_("KATO code of a region; its districts and towns are included"),
    )
    level = django_filters.ModelChoiceFilter(
        field_name="levels",
        queryset=EducationLevel.objects.all(),
        to_field_name="code",
        label=_("Code of an education level"),
    )
    status = django_filters.ChoiceFilter(choices=Organization.Status.choices)
    ownership = django_filters.ChoiceFilter(choices=Organization.Ownership.choices)

    class Meta:
        model = Organization
        fields = ["q", "region", "level", "status", "ownership"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(organization_matching(value))

    def filter_region(self, queryset, name, value: Region):
        return queryset.filter(region__path__startswith=value.path)


class RegionFilter(django_filters.FilterSet):
    parent = _region_by_kato(label=_("KATO code of the parent region"))
    kind = django_filters.ChoiceFilter(choices=Region.Kind.choices)

    class Meta:
        model = Region
        fields = ["parent", "kind"]


class AuthorityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Authority.Kind.choices)
    procedure = django_filters.ChoiceFilter(
        choices=Procedure.choices, method="filter_procedure", label=_("Procedure handled")
    )
    jurisdiction = _region_by_kato(label=_("KATO code of the jurisdiction's root region"))
    covers = _region_by_kato(
        method="filter_covers",
        label=_("KATO code of a region: authorities whose jurisdiction includes it"),
    )

    class Meta:
        model = Authority
        fields = ["kind", "procedure", "jurisdiction", "covers"]

    def filter_procedure(self, queryset, name, value):
        if connection.features.supports_json_field_contains:
            return queryset.filter(procedures__contains=[value])
        # SQLite (the embedded demo) has no JSON containment; the codes are plain words, so a
        # match on the quoted code in the stored text is exact.
        return queryset.filter(procedures__icontains=f'"{value}"')

    def filter_covers(self, queryset, name, value: Region):
        ancestors = []
        path = ""
        for kato in value.path.strip("/").split("/"):
            path += kato + "/"
            ancestors.append(path)
        return queryset.filter(jurisdiction__path__in=ancestors)


class EducationLevelFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(choices=EducationLevel.Group.choices)

    class Meta:
        model = EducationLevel
        fields = ["group"]


class SpecialtyFilter(django_filters.FilterSet):
    level = django_filters.ModelChoiceFilter(
        queryset=EducationLevel.objects.all(),
        to_field_name="code",
        label=_("Code of an education level"),
    )

    class Meta:
        model = Specialty
        fields = ["level"]


class QualificationFilter(django_filters.FilterSet):
    specialty = django_filters.ModelChoiceFilter(
        queryset=Specialty.objects.all(), to_field_name="code", label=_("Code of a specialty")
    )

    class Meta:
        model = Qualification
        fields = ["specialty"]


class ExpertFilter(django_filters.FilterSet):
    level = django_filters.ModelChoiceFilter(
        field_name="levels",
        queryset=EducationLevel.objects.all(),
        to_field_name="code",
        label=_("Code of an education level the expert covers"),
    )
    specialty = django_filters.ModelChoiceFilter(
        field_name="specialties",
        queryset=Specialty.objects.all(),
        to_field_name="code",
        label=_("Code of a specialty the expert covers"),
    )
    certified_on = django_filters.DateFilter(
        method="filter_certified_on", label=_("Date on which the certificate is valid")
    )

    class Meta:
        model = Expert
        fields = ["level", "specialty", "certified_on"]

    def filter_certified_on(self, queryset, name, value):
        return queryset.filter(
            certificate_valid_from__lte=value, certificate_valid_until__gte=value
        )
