"""The attestation API under /api/v1/attestation/: as thin as the pages, over the same services
and with the same rules of who may do what (the services check it; a caller who may not even
see the attestation gets 404). Refusals are casework's: 409 with `detail` (the reason, naming
the clause) and `code`; input that does not parse is 400; an action the caller may not take 403.

Attestations (cases.py, knowledge.py)
- GET  attestations/, attestations/<id>/     the caller's attestations; one with А35's figures
- POST attestations/<id>/decision/            А33-А35; also /license-suspension/ (А34) and
                                              /follow-up/ (А36-А38)
- POST attestations/<id>/test-form/, /roster/, /sample/   А24, А27
- GET  attestations/<id>/grid/; POST results/ one cell; 409 with the other's value on a clash

Schedules (schedules.py)
- GET  schedules/, schedules/<id>/; POST schedules/propose/    А4, А5, А11
- POST schedules/<id>/approve/, /entries/, /control-results/   А11, А12, А13, А5
- POST schedule-entries/<id>/date/, /drop/ (draft); /move/, /remove/ (approved; А14)
- GET, POST attestations/<id>/postponement-requests/; POST postponement-requests/<id>/decision/

Preparation (preparation.py)
- GET, PATCH attestations/<id>/self-assessment/; POST .../submit/     А15
- GET  attestations/<id>/files/; POST attestations/<id>/files/<item>/  casework attachments
- GET, POST attestations/<id>/commissions/; GET attestations/<id>/commission-candidates/  А16-А18
- POST commissions/<id>/members/, /approve/, /areas/, /written-work-panel/; DELETE
  commission-members/<id>/; POST area-assignments/<id>/report/            А17, А18, А20, А23, А26
- POST attestations/<id>/visit/                                           А19

Conclusion (conclusions.py)
- GET, PATCH attestations/<id>/conclusion/; POST .../draft/, .../signatures/, .../acknowledgement/
"""
