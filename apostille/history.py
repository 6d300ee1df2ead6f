"""History of the apostille's rows (registry/history.py): the requests, the apostilles, the
classifiers an admin keeps and the specimen register, whose every change is kept with who made
it. RequestCheck rows are remade by each run of the checks and LookupAttempt is a log itself.

ApostilleRequest is not tracked: pgtrigger names a trigger's function by a 5-hex-digit hash of
"app.Model:trigger", and "apostille.ApostilleRequest:delete_delete" hashes as
"licensing.CouncilMember:delete_delete" does (e1a71). Its state changes are in casework's
TransitionLog; its details change only while a draft or returned."""

from registry import history


def declare() -> None:
    """Called once, from ApostilleConfig.ready."""
    from . import models

    for model in (
        models.Apostille,
        models.DocumentType,
        models.RefusalReason,
        models.Specimen,
    ):
        history.track(model)
