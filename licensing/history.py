"""History of licensing's rows (registry/history.py): the applications, the register of licenses
and appendices, the classifiers an admin keeps, and the inspection and council records people
fill in. LicenseEvent is the register's own dated log and needs none."""

from registry import history


def declare() -> None:
    """Called once, from LicensingConfig.ready."""
    from . import models

    for model in (
        models.LicenseApplication,
        models.License,
        models.LicenseAppendix,
        models.RefusalReason,
        models.ChecklistItem,
        models.InspectionCriterion,
        models.LicensingCouncil,
        models.CouncilMember,
        models.CouncilReview,
        models.CouncilVote,
        models.Inspection,
        models.CommissionMember,
        models.InspectionFinding,
        models.InspectionSignature,
        models.CommissionReplacement,
        models.BulkReissue,
        models.BulkReissueItem,
    ):
        history.track(model)
