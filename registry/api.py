"""The registry's read API under /api/v1/.

Each view asks a selector for the rows the caller may see and narrows them with a filter from
`registry.filters`; the nested OutputSerializer says what leaves the server. Serializers list
their fields one by one: modeltranslation adds a column per language, and `__all__` would leak
whatever is added to a model later.

`name` (and the other translated fields without a suffix) is in the request's language, taken
from the Accept-Language header or the language cookie; `name_kk`, `name_ky`, `name_ru`,
`name_en` are there for clients that show several languages at once.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated

from . import selectors
from .filters import (
    AuthorityFilter,
    EducationLevelFilter,
    ExpertFilter,
    OrganizationFilter,
    QualificationFilter,
    RegionFilter,
    SpecialtyFilter,
    StableOrderingFilter,
)
from .models import (
    Authority,
    EducationLevel,
    Expert,
    ExpertAffiliation,
    Organization,
    OrganizationEvent,
    Procedure,
    Qualification,
    Region,
    RoleAssignment,
    Specialty,
)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class RegistryListApi(ListAPIView):
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]


def _names(prefix: str = "name") -> list[str]:
    return [prefix, f"{prefix}_kk", f"{prefix}_ky", f"{prefix}_ru", f"{prefix}_en"]


def _by_code(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", read_only=True, **kwargs)


def _by_kato(**kwargs):
    return serializers.SlugRelatedField(slug_field="kato", read_only=True, **kwargs)


def _by_bin(**kwargs):
    return serializers.SlugRelatedField(slug_field="bin", read_only=True, **kwargs)


class OrganizationListApi(RegistryListApi):
    """The public registry of education organizations."""

    @extend_schema_serializer(component_name="Organization")
    class OutputSerializer(serializers.ModelSerializer):
        levels = _by_code(many=True, help_text=_("Codes of the education levels implemented."))
        region = _by_kato(help_text=_("KATO code of the region."))
        successor = _by_bin(
            allow_null=True, help_text=_("BIN of the successor after reorganization.")
        )
        parent = _by_bin(
            allow_null=True, help_text=_("BIN of the parent organization of a branch.")
        )

        class Meta:
            model = Organization
            fields = [
                "bin",
                *_names(),
                "short_name",
                "legal_form",
                "ownership",
                "levels",
                "region",
                "address",
                "status",
                "successor",
                "parent",
            ]

    serializer_class = OutputSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "bin"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        # The list shows the parent's and successor's BIN: join them instead of a query a row.
        return selectors.organization_list_public().select_related("parent", "successor")


class OrganizationDetailApi(RetrieveAPIView):
    """One organization of the public registry, by BIN."""

    @extend_schema_serializer(component_name="OrganizationDetail")
    class OutputSerializer(OrganizationListApi.OutputSerializer):
        branches = _by_bin(many=True, help_text=_("BINs of the organization's branches."))

        class Meta(OrganizationListApi.OutputSerializer.Meta):
            fields = [
                *OrganizationListApi.OutputSerializer.Meta.fields,
                "branches",
                "foreign_parent_name",
            ]

    serializer_class = OutputSerializer
    lookup_field = "bin"
    queryset = Organization.objects.none()  # for the schema; get_object asks the selector

    def get_object(self):
        try:
            return selectors.organization_get_public(self.kwargs["bin"])
        except Organization.DoesNotExist as exc:
            raise Http404 from exc


class OrganizationRepresentativeSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    phone = serializers.CharField(source="user.phone")

    class Meta:
        model = RoleAssignment
        fields = ["full_name", "email", "phone", "granted_at"]


class OrganizationEventSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(
        source="recorded_by.full_name", allow_null=True, help_text=_("Who recorded the event.")
    )

    class Meta:
        model = OrganizationEvent
        fields = [
            "kind",
            "effective_date",
            "before",
            "after",
            "basis",
            "recorded_by",
            "recorded_at",
        ]


class OrganizationDossierApi(RetrieveAPIView):
    """Non-public data of one organization: contacts, head, representatives and the dated history
    of renames, moves and reorganizations. For the organization's representatives, the staff of
    authorities whose jurisdiction covers it, and admins; anyone else gets 404, as if the BIN did
    not exist."""

    @extend_schema_serializer(component_name="OrganizationDossier")
    class OutputSerializer(serializers.ModelSerializer):
        representatives = OrganizationRepresentativeSerializer(many=True, read_only=True)
        events = OrganizationEventSerializer(many=True, read_only=True)

        class Meta:
            model = Organization
            fields = [
                "bin",
                *_names(),
                *_names("address"),
                "head_name",
                "phone",
                "email",
                "website",
                "supervising_body",
                "representatives",
                "events",
            ]

    serializer_class = OutputSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "bin"
    queryset = Organization.objects.none()  # for the schema; get_object asks the selector

    def get_object(self):
        try:
            return selectors.organization_get_dossier(self.request.user, self.kwargs["bin"])
        except Organization.DoesNotExist as exc:
            raise Http404 from exc


class RegionListApi(RegistryListApi):
    """The administrative tree: country, regions and cities, districts and towns."""

    @extend_schema_serializer(component_name="Region")
    class OutputSerializer(serializers.ModelSerializer):
        parent = _by_kato(allow_null=True, help_text=_("KATO code of the parent region."))

        class Meta:
            model = Region
            fields = ["kato", "kind", *_names(), "parent"]

    serializer_class = OutputSerializer
    filterset_class = RegionFilter
    ordering_fields = ["kato", "name"]
    ordering = ["path", "pk"]

    def get_queryset(self):
        return selectors.region_list()


class AuthorityListApi(RegistryListApi):
    """Authorities, the procedures they handle, and their jurisdiction (a region subtree)."""

    @extend_schema_serializer(component_name="Authority")
    class OutputSerializer(serializers.ModelSerializer):
        jurisdiction = _by_kato(help_text=_("KATO code of the root of the jurisdiction."))
        procedures = serializers.ListField(child=serializers.ChoiceField(Procedure.choices))

        class Meta:
            model = Authority
            fields = [
                "id",
                "kind",
                *_names(),
                "short_name",
                "jurisdiction",
                "parent",
                "procedures",
                "address",
                "email",
                "phone",
                "register_entry_number",
                "register_entry_valid_until",
            ]

    serializer_class = OutputSerializer
    filterset_class = AuthorityFilter
    ordering_fields = ["name", "kind"]
    ordering = ["jurisdiction__path", "kind", "pk"]

    def get_queryset(self):
        return selectors.authority_list()


class EducationLevelListApi(RegistryListApi):
    """Classifier of education levels and of extracurricular and special education."""

    @extend_schema_serializer(component_name="EducationLevel")
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = EducationLevel
            fields = ["code", *_names(), "group", "order"]

    serializer_class = OutputSerializer
    filterset_class = EducationLevelFilter
    ordering_fields = ["code", "order"]
    ordering = ["order", "code"]

    def get_queryset(self):
        return selectors.education_level_list()


class SpecialtyListApi(RegistryListApi):
    """Classifier of specialties, each at one education level."""

    @extend_schema_serializer(component_name="Specialty")
    class OutputSerializer(serializers.ModelSerializer):
        level = _by_code(help_text=_("Code of the education level."))

        class Meta:
            model = Specialty
            fields = ["code", *_names(), "level"]

    serializer_class = OutputSerializer
    filterset_class = SpecialtyFilter
    ordering_fields = ["code", "name"]
    ordering = ["code"]

    def get_queryset(self):
        return selectors.specialty_list()


class QualificationListApi(RegistryListApi):
    """Classifier of qualifications, each awarded within one specialty."""

    @extend_schema_serializer(component_name="Qualification")
    class OutputSerializer(serializers.ModelSerializer):
        specialty = _by_code(help_text=_("Code of the specialty."))

        class Meta:
            model = Qualification
            fields = ["code", *_names(), "specialty"]

    serializer_class = OutputSerializer
    filterset_class = QualificationFilter
    ordering_fields = ["code", "name"]
    ordering = ["code"]

    def get_queryset(self):
        return selectors.qualification_list()


class ExpertAffiliationSerializer(serializers.ModelSerializer):
    organization = _by_bin(help_text=_("BIN of the organization."))
    organization_name = serializers.CharField(source="organization.name")

    class Meta:
        model = ExpertAffiliation
        fields = ["organization", "organization_name", "position", "started_on", "ended_on"]


class ExpertListApi(RegistryListApi):
    """The registry of certified experts. Where each expert works or worked (their affiliations,
    used to keep them away from inspecting their own organization) is shown to authority staff
    and admins only."""

    @extend_schema_serializer(component_name="Expert")
    class OutputSerializer(serializers.ModelSerializer):
        levels = _by_code(many=True, help_text=_("Codes of the education levels covered."))
        specialties = _by_code(many=True, help_text=_("Codes of the specialties covered."))
        region = _by_kato(allow_null=True)
        # Not read-only, so the schema marks it optional: anonymous callers never get it.
        affiliations = ExpertAffiliationSerializer(
            many=True, required=False, help_text=_("Only for authority staff and admins.")
        )

        class Meta:
            model = Expert
            fields = [
                "id",
                "full_name",
                "certificate_number",
                "certificate_valid_from",
                "certificate_valid_until",
                "levels",
                "specialties",
                "region",
                "affiliations",
            ]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if not self.context.get("show_affiliations"):
                self.fields.pop("affiliations")

    serializer_class = OutputSerializer
    filterset_class = ExpertFilter
    ordering_fields = ["full_name", "certificate_valid_until"]
    ordering = ["full_name", "pk"]

    def get_queryset(self):
        return selectors.expert_list_for(self.request.user)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "show_affiliations": selectors.expert_affiliations_visible_to(self.request.user),
        }
