"""Every write of licensing, one function per use case (`<thing>_<verb>`); see each module."""

from .applications import (  # noqa: F401
    appeal_deadline,
    corrections_due,
    details_errors,
    license_application_appeal,
    license_application_appeal_decide,
    license_application_assign,
    license_application_check_completeness,
    license_application_create,
    license_application_create_on_paper,
    license_application_grant,
    license_application_rechoose,
    license_application_refuse,
    license_application_refuse_to_accept,
    license_application_register,
    license_application_resubmit,
    license_application_return_for_corrections,
    license_application_submit,
    license_application_submit_corrections,
    license_application_take_for_check,
    license_application_update,
    license_application_withdraw,
)
from .bulk import (  # noqa: F401
    bulk_reissue_retry_failed,
    bulk_reissue_run,
    bulk_reissue_start,
)
from .council import (  # noqa: F401
    council_review_close,
    council_tally,
    council_vote_cast,
)
from .inspections import (  # noqa: F401
    inspection_draw_verify,
    inspection_finding_record,
    inspection_member_replace,
    inspection_sheet_record,
    inspection_sheet_sign,
    license_application_send_to_council,
    license_application_send_to_inspection,
    sheet_sha256,
)
from .licenses import (  # noqa: F401
    license_resume,
    license_revoke,
    license_status_change,
    license_suspend,
    license_terminate,
)
from .reminders import appeal_period_reminders_send  # noqa: F401
