"""The only ways into and out of a case's files: an upload against a checklist item and a
download that asks the procedure whether this viewer may see the case."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.attachments import (
    attachment_get_visible,
    attachment_rules,
    attachment_upload,
    declared_case_model,
    download_name,
)
from casework.models import Attachment


class AttachmentUploadForm(forms.Form):
    file = forms.FileField()


@login_required
@require_GET
def attachment_download(request, pk: int):
    try:
        attachment = attachment_get_visible(request.user, pk)
        handle = attachment.file.open("rb")
    except (Attachment.DoesNotExist, FileNotFoundError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(attachment),
        content_type=attachment.content_type,
    )
    # The type is the one sniffed at upload; the browser must not guess another from the bytes.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_upload_view(request, case_type: str, case_id: int, item: str):
    model = declared_case_model(case_type)
    if model is None:
        raise Http404
    case = get_object_or_404(model, pk=case_id)
    if not attachment_rules(case).can_view(request.user, case):
        raise Http404
    form = AttachmentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
    else:
        try:
            attachment = attachment_upload(
                case=case,
                item_code=item,
                upload=form.cleaned_data["file"],
                uploaded_by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("“%(name)s” is attached (version %(version)s).")
                % {"name": attachment.original_name, "version": attachment.version},
            )
    return redirect(_back(request, case))


def _back(request, case) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    if hasattr(case, "get_absolute_url"):
        return case.get_absolute_url()
    return "/"
