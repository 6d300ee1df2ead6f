# The licensing app's data, one module per area.
from .applications import (  # noqa: F401
    ChecklistItem,
    LicenseApplication,
    RefusalReason,
)
from .bulk import BulkReissue, BulkReissueItem  # noqa: F401
from .council import CouncilMember, CouncilReview, CouncilVote, LicensingCouncil  # noqa: F401
from .inspections import (  # noqa: F401
    CommissionMember,
    CommissionReplacement,
    Inspection,
    InspectionCriterion,
    InspectionFinding,
    InspectionSignature,
)
from .licenses import License, LicenseAppendix, LicenseEvent  # noqa: F401
