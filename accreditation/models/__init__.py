# The accreditation app's data, one module per area.
from .appeals import Appeal  # noqa: F401
from .bodies import AccreditationBody, Council, CouncilMember, Criterion, Standard  # noqa: F401
from .cases import AccreditationCase, Decision, Kind, SelfAssessmentEntry  # noqa: F401
from .certificates import Certificate, DuplicateRequest, RenewalReminder  # noqa: F401
from .council import CouncilVote  # noqa: F401
from .followup import Recommendation  # noqa: F401
from .visits import ExpertFinding, ExpertReport, ExpertSeat, ExpertVisit  # noqa: F401
