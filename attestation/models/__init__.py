# The attestation app's data, one module per stage of the procedure.
from .attestations import (  # noqa: F401
    Attestation,
    Decision,
    KnowledgeCheck,
    OrganizationReminder,
    SelfAssessment,
    StudyArea,
)
from .commissions import Commission, CommissionMember, StudyAreaAssignment  # noqa: F401
from .conclusions import (  # noqa: F401
    Conclusion,
    ConclusionAttachment,
    ConclusionSection,
    ConclusionSignature,
)
from .knowledge import COLUMN_RANGES, Cohort, Column, ResultCell, Student  # noqa: F401
from .schedules import (  # noqa: F401
    AttestationKind,
    ControlResult,
    ControlResultImport,
    PostponementRequest,
    PriorAttestation,
    Schedule,
    ScheduleChange,
    ScheduleEntry,
)
