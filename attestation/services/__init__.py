"""Every write of attestation, one function per use case (`<thing>_<verb>`); see each module."""

from .conclusions import (  # noqa: F401
    conclusion_acknowledge,
    conclusion_draft,
    conclusion_edit,
    conclusion_sign,
    content_hash,
    recommendation_contradiction,
    recommendation_following,
    signatures_void,
    signers_to_void,
)
from .decisions import (  # noqa: F401
    attestation_decide,
    failure_messages,
    follow_up_conclude,
    license_suspension_apply,
)
from .knowledge import (  # noqa: F401
    results_enter,
    roster_import,
    sample_draw,
    test_form_set,
)
from .preparation import (  # noqa: F401
    attestation_file_upload,
    commission_approve,
    commission_form,
    commission_member_add,
    commission_member_remove,
    commission_member_replace,
    self_assessment_save,
    self_assessment_submit,
    self_assessment_update,
    study_area_assign,
    study_area_report,
    visit_start,
    written_work_panel_set,
)
from .reminders import self_assessment_reminders_send  # noqa: F401
from .schedules import (  # noqa: F401
    control_results_import,
    postponement_request_decide,
    postponement_request_submit,
    schedule_approve,
    schedule_change_add,
    schedule_change_move,
    schedule_change_remove,
    schedule_entry_date,
    schedule_entry_drop,
    schedule_propose,
)
