"""History of attestation's rows (registry/history.py): schedules and their entries, the
attestations, self-assessments, commissions, knowledge-test results and conclusions. Schedule
changes and reminders sent are dated records of their own and need none."""

from registry import history


def declare() -> None:
    """Called once, from AttestationConfig.ready."""
    from . import models

    for model in (
        models.Schedule,
        models.ScheduleEntry,
        models.PostponementRequest,
        models.PriorAttestation,
        models.ControlResult,
        models.Attestation,
        models.SelfAssessment,
        models.Commission,
        models.CommissionMember,
        models.StudyAreaAssignment,
        models.Conclusion,
        models.ConclusionSignature,
        models.Cohort,
        models.Student,
        models.ResultCell,
    ):
        history.track(model)
