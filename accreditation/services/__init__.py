"""Accreditation's use cases, one function each (entry points are durable transactions; `.inner`
runs inside a caller's). Every state change goes through casework.services.case_transition."""

from .appeals import accreditation_appeal_decide, accreditation_appeal_file  # noqa: F401
from .applications import (  # noqa: F401
    accreditation_case_create,
    accreditation_case_submit,
    accreditation_case_withdraw,
    accreditation_contract_sign,
)
from .certificates import (  # noqa: F401
    accreditation_duplicate_issue,
    accreditation_duplicate_request,
    accreditation_follow_registry_change,
    certificates_expire,
    renewal_reminders_send,
)
from .council import (  # noqa: F401
    accreditation_council_close,
    accreditation_council_form,
    accreditation_council_refer,
    accreditation_council_seat,
    accreditation_council_vote,
    accreditation_decide,
    accreditation_report_publish,
)
from .external import accreditation_decision_record  # noqa: F401
from .followup import (  # noqa: F401
    accreditation_recommendation_close,
    accreditation_recommendation_evidence,
    recommendations_mark_overdue,
)
from .self_assessment import (  # noqa: F401
    accreditation_recommendation_add,
    accreditation_review,
    accreditation_self_assessment_save,
    accreditation_self_assessment_submit,
)
from .visits import (  # noqa: F401
    accreditation_expert_report_submit,
    accreditation_report_open,
    accreditation_visit_complete,
    accreditation_visit_schedule,
)
