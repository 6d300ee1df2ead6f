from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from casework.views import case_action_errors, case_page_context

from .models import SampleApplication
from .services import sample_application_submit


@login_required
def application_detail(request, pk):
    application = get_object_or_404(SampleApplication, pk=pk, applicant=request.user)
    return render(request, "sample/application_detail.html", case_page_context(application))


@login_required
@require_POST
@case_action_errors
def application_submit(request, pk):
    application = get_object_or_404(SampleApplication, pk=pk, applicant=request.user)
    application = sample_application_submit(
        application, actor=request.user, comment=request.POST.get("comment", "")
    )
    return redirect(application)
