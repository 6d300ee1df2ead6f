"""Owners download their documents: from the case page, the organization's dossier and the
notification that announces a document, each download checked against who may see the case
(the procedure's declared rule, as for the case's files) and recorded."""

from django.http import Http404
from django.views.decorators.cache import never_cache

from casework.attachments import attachment_rules
from casework.documents import (
    document_download_record,
    document_list_for_case,
    document_rendition_ready,
)
from casework.models import DocumentDownload, DocumentRendition, IssuedDocument
from casework.verification import rendition_response


def document_visible(user, pk: int) -> IssuedDocument:
    """The document, or Http404 for one whose case the user may not see (as for none)."""
    try:
        document = IssuedDocument.objects.prefetch_related("renditions").get(pk=pk)
    except IssuedDocument.DoesNotExist:
        raise Http404 from None
    case = document.case
    try:
        rules = attachment_rules(case) if case is not None else None
    except LookupError:
        rules = None
    if rules is None or not rules.can_view(user, case):
        raise Http404
    return document


@never_cache
def document_download(request, pk: int, language: str):
    document = document_visible(request.user, pk)
    try:
        rendition = document_rendition_ready(document, language)
    except DocumentRendition.DoesNotExist:
        raise Http404 from None
    document_download_record(rendition, user=request.user, via=DocumentDownload.Via.CASE)
    return rendition_response(document, rendition)


def issued_documents_context(case) -> dict:
    """What `{% include "casework/_issued_documents.html" %}` needs on a case page: the case's
    documents with a download per language (two queries however many)."""
    return {"issued_documents": list(document_list_for_case(case))}


def dossier_documents_context(organization, user, limit: int = 100) -> dict:
    """The organization's documents on its dossier, those of cases the reader may see."""
    documents = list(
        IssuedDocument.objects.filter(organization=organization)
        .select_related("superseded_by")
        .prefetch_related("renditions", "case")
        .order_by("-issued_at", "-pk")[:limit]
    )
    visible = []
    for document in documents:
        try:
            rules = attachment_rules(document.case) if document.case is not None else None
        except LookupError:
            rules = None
        if rules is not None and rules.can_view(user, document.case):
            visible.append(document)
    return {"issued_documents": visible, "for_organization": True}
