"""Schedules (А11-А14), postponement requests (А13(1)) and control results (А5) over the API.

Staff and heads of an authority see its schedules; the services decide who may act (proposing
and dating: staff; approving and changing an approved schedule: the head), as on the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from registry.models import Organization, Specialty
from registry.predicates import represents

from .. import selectors, services
from ..models import (
    AttestationKind,
    PostponementRequest,
    Schedule,
    ScheduleChange,
    ScheduleEntry,
)
from ._common import ServiceApi, visible_attestation


class EntryOutput(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")
    bin = serializers.CharField(source="organization.bin")
    specialties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    attestation = serializers.SerializerMethodField()

    class Meta:
        model = ScheduleEntry
        ref_name = "AttestationScheduleEntry"
        fields = [
            "id",
            "organization",
            "bin",
            "kind",
            "start_date",
            "basis",
            "specialties",
            "last_attested_on",
            "notified_at",
            "removed_at",
            "attestation",
        ]

    def get_attestation(self, entry) -> int | None:
        attestation = getattr(entry, "attestation", None)
        return attestation.pk if attestation is not None else None


class ScheduleEntryOutput(EntryOutput):
    """An entry as the schedule lists it (selectors.schedule_entries_apart)."""

    holds_accreditation = serializers.BooleanField(
        read_only=True,
        help_text="Item 11 of issue 11: the organization holds an institutional accreditation "
        "certificate valid as the schedule's year begins (the page lists it apart).",
    )
    accredited_programmes = serializers.SerializerMethodField(
        help_text="Codes of the organization's programmes with a valid specialized accreditation."
    )

    class Meta(EntryOutput.Meta):
        ref_name = "AttestationScheduleListedEntry"
        fields = [*EntryOutput.Meta.fields, "holds_accreditation", "accredited_programmes"]

    def get_accredited_programmes(self, entry) -> list[str]:
        return [programme.code for programme in entry.accredited_programmes]


class PostponementOutput(serializers.ModelSerializer):
    organization = serializers.CharField(source="entry.organization.name")
    scheduled_start = serializers.DateField(source="entry.start_date")

    class Meta:
        model = PostponementRequest
        ref_name = "AttestationPostponementRequest"
        fields = [
            "id",
            "entry",
            "organization",
            "scheduled_start",
            "requested_start",
            "reasons",
            "status",
            "submitted_at",
            "decided_at",
            "decision_note",
        ]


class ChangeOutput(serializers.ModelSerializer):
    class Meta:
        model = ScheduleChange
        ref_name = "AttestationScheduleChange"
        fields = [
            "id",
            "entry",
            "kind",
            "basis",
            "previous_start",
            "new_start",
            "reason",
            "request",
            "made_at",
        ]


class ScheduleOutput(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.name")

    class Meta:
        model = Schedule
        ref_name = "AttestationSchedule"
        fields = ["id", "authority", "year", "state", "proposed_at", "approved_at", "order_number"]


class ScheduleDetailOutput(ScheduleOutput):
    entries = serializers.SerializerMethodField()
    pending_requests = serializers.SerializerMethodField()

    class Meta(ScheduleOutput.Meta):
        ref_name = "AttestationScheduleDetail"
        fields = [*ScheduleOutput.Meta.fields, "entries", "pending_requests"]

    @extend_schema_field(ScheduleEntryOutput(many=True))
    def get_entries(self, schedule):
        entries = selectors.schedule_entries_apart(schedule)["all_entries"]
        return ScheduleEntryOutput(entries, many=True).data

    @extend_schema_field(PostponementOutput(many=True))
    def get_pending_requests(self, schedule):
        return PostponementOutput(selectors.pending_postponements(schedule), many=True).data


def _schedule(request, pk: int) -> Schedule:
    """A schedule of the caller's authority, or 404 (as the schedule page does)."""
    return get_object_or_404(selectors.schedule_visible_to(request.user), pk=pk)


def _entry(request, pk: int) -> ScheduleEntry:
    return get_object_or_404(
        ScheduleEntry.objects.filter(schedule__in=selectors.schedule_visible_to(request.user)),
        pk=pk,
    )


def _detail(schedule: Schedule, code=status.HTTP_200_OK) -> Response:
    schedule = Schedule.objects.select_related("authority").get(pk=schedule.pk)
    return Response(ScheduleDetailOutput(schedule).data, status=code)


class ScheduleListApi(ListAPIView):
    """The schedules of the caller's authority, the latest year first."""

    permission_classes = [IsAuthenticated]
    serializer_class = ScheduleOutput
    filter_backends = []

    def get_queryset(self):
        return selectors.schedule_visible_to(self.request.user).order_by("-year", "authority_id")


class ScheduleProposeApi(ServiceApi):
    """А4, А5, А11: the portal proposes (or adds what is new to) the draft schedule of a year."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationScheduleProposeInput"

        year = serializers.IntegerField(min_value=2000, max_value=2100)

    @extend_schema(request=InputSerializer, responses={201: ScheduleDetailOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        authority = request.user.authority
        if authority is None:
            raise PermissionDenied
        schedule = services.schedule_propose(
            authority, data.validated_data["year"], actor=request.user
        )
        return _detail(schedule, status.HTTP_201_CREATED)


class ScheduleDetailApi(ServiceApi):
    @extend_schema(responses={200: ScheduleDetailOutput})
    def get(self, request, pk: int):
        return _detail(_schedule(request, pk))


class ScheduleApproveApi(ServiceApi):
    """А11, А12: the head approves; every organization gets its case and is told."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationScheduleApproveInput"

        order_number = serializers.CharField(max_length=50, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: ScheduleDetailOutput})
    def post(self, request, pk: int):
        schedule = _schedule(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        schedule = services.schedule_approve(
            schedule,
            actor=request.user,
            order_number=data.validated_data.get("order_number", ""),
        )
        return _detail(schedule)


class EntryDateApi(ServiceApi):
    """The start date of an organization in a draft schedule."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationEntryDateInput"

        start_date = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={200: EntryOutput})
    def post(self, request, pk: int):
        entry = _entry(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.schedule_entry_date(
            entry,
            data.validated_data["start_date"],
            actor=request.user,
        )
        return Response(EntryOutput(entry).data)


class EntryDropApi(ServiceApi):
    """Take an organization out of a draft schedule."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk: int):
        services.schedule_entry_drop(_entry(request, pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChangeInput(serializers.Serializer):
    class Meta:
        ref_name = "AttestationScheduleChangeInput"

    basis = serializers.ChoiceField(choices=ScheduleChange.Basis.choices)
    reason = serializers.CharField()


class EntryMoveApi(ServiceApi):
    """А13, А14: move an attestation of the approved schedule; refused inside three months."""

    class InputSerializer(ChangeInput):
        class Meta:
            ref_name = "AttestationEntryMoveInput"

        new_start = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={201: ChangeOutput})
    def post(self, request, pk: int):
        entry = _entry(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = services.schedule_change_move(
            entry,
            data.validated_data["new_start"],
            actor=request.user,
            basis=data.validated_data["basis"],
            reason=data.validated_data["reason"],
        )
        return Response(ChangeOutput(change).data, status=status.HTTP_201_CREATED)


class EntryRemoveApi(ServiceApi):
    """А13(2): take an organization out of the approved schedule."""

    @extend_schema(request=ChangeInput, responses={201: ChangeOutput})
    def post(self, request, pk: int):
        entry = _entry(request, pk)
        data = ChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        change = services.schedule_change_remove(entry, actor=request.user, **data.validated_data)
        return Response(ChangeOutput(change).data, status=status.HTTP_201_CREATED)


class EntryAddApi(ServiceApi):
    """А13(2), А13(3): add an organization to the approved schedule."""

    class InputSerializer(ChangeInput):
        class Meta:
            ref_name = "AttestationEntryAddInput"

        bin = serializers.SlugRelatedField(
            slug_field="bin", queryset=Organization.objects.all(), help_text="BIN"
        )
        kind = serializers.ChoiceField(choices=AttestationKind.choices)
        start_date = serializers.DateField()
        specialties = serializers.SlugRelatedField(
            slug_field="code", queryset=Specialty.objects.all(), many=True, required=False
        )

    @extend_schema(request=InputSerializer, responses={201: ChangeOutput})
    def post(self, request, pk: int):
        schedule = _schedule(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        change = services.schedule_change_add(
            schedule,
            values["bin"],
            values["start_date"],
            actor=request.user,
            kind=values["kind"],
            basis=values["basis"],
            reason=values["reason"],
            specialties=values.get("specialties", []),
        )
        return Response(ChangeOutput(change).data, status=status.HTTP_201_CREATED)


class ControlResultsApi(ServiceApi):
    """А5: a CSV of intermediate state control results (bin; specialty; tested; failed). A
    file with any wrong line loads nothing and answers 400 naming the lines."""

    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationControlResultsInput"

        year = serializers.IntegerField(min_value=2000, max_value=2100)
        file = serializers.FileField()

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationControlResultsOutput"

        id = serializers.IntegerField()
        year = serializers.IntegerField()
        file_name = serializers.CharField()
        sha256 = serializers.CharField()
        rows = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, pk: int):
        schedule = _schedule(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        source = services.control_results_import(
            schedule.authority,
            data.validated_data["year"],
            upload.read(),
            upload.name,
            actor=request.user,
        )
        return Response(self.OutputSerializer(source).data, status=status.HTTP_201_CREATED)


class PostponementRequestsApi(ServiceApi):
    """А13(1): the organization asks, with reasons, to move its attestation."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationPostponementInput"

        requested_start = serializers.DateField()
        reasons = serializers.CharField()

    @extend_schema(responses={200: PostponementOutput(many=True)})
    def get(self, request, pk: int):
        """The attestation's requests, for its organization and its authority."""
        attestation = visible_attestation(request.user, pk)
        if not (
            represents(request.user, attestation)
            or selectors.schedule_visible_to(request.user)
            .filter(pk=attestation.schedule_entry.schedule_id)
            .exists()
        ):
            raise PermissionDenied
        rows = PostponementRequest.objects.filter(
            entry=attestation.schedule_entry_id
        ).select_related("entry__organization")
        return Response(PostponementOutput(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: PostponementOutput})
    def post(self, request, pk: int):
        attestation = visible_attestation(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        postponement = services.postponement_request_submit(
            attestation.schedule_entry,
            actor=request.user,
            **data.validated_data,
        )
        return Response(PostponementOutput(postponement).data, status=status.HTTP_201_CREATED)


class PostponementDecisionApi(ServiceApi):
    """The head approves the request (the schedule changes: А14's window applies) or denies it
    with a reply."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "AttestationPostponementDecisionInput"

        approve = serializers.BooleanField()
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: PostponementOutput})
    def post(self, request, pk: int):
        postponement = get_object_or_404(
            PostponementRequest.objects.filter(
                entry__schedule__in=selectors.schedule_visible_to(request.user)
            ),
            pk=pk,
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        postponement = services.postponement_request_decide(
            postponement,
            actor=request.user,
            **data.validated_data,
        )
        return Response(PostponementOutput(postponement).data)
