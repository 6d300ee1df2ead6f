from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from casework.attachments import attachment_page_context, attachment_upload
from casework.models import Attachment
from casework.tests.files import (
    elf_bytes,
    image_bytes,
    pdf_bytes,
    sample_application,
    stored_files,
    upload,
)
from registry.tests.factories import (
    AuthorityFactory,
    UserFactory,
    admin_user,
    applicant_for,
    staff_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return sample_application()


def attach(case, name="Устав.pdf", content=None, item="charter"):
    return attachment_upload(
        case=case,
        item_code=item,
        upload=upload(name, content or pdf_bytes()),
        uploaded_by=case.applicant,
    )


def download_url(attachment):
    return reverse("attachment_download", args=[attachment.pk])


def upload_url(case, item="charter"):
    return reverse("attachment_upload", args=["sample.sampleapplication", case.pk, item])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# Download ------------------------------------------------------------------------------------


def test_the_applicant_downloads_with_a_safe_name_and_nosniff(client, case):
    content = pdf_bytes()
    attachment = attach(case, content=content)
    client.force_login(case.applicant)
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%A3%D1%81%D1%82%D0%B0%D0%B2.pdf"
    )
    assert "private" in response["Cache-Control"]


def test_a_png_sent_as_pdf_downloads_with_the_png_extension(client, case):
    attachment = attach(case, name="photo.pdf", content=image_bytes("PNG"), item="premises_photo")
    client.force_login(case.applicant)
    response = client.get(download_url(attachment))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="photo.png"'


def test_control_characters_and_quotes_never_reach_the_header(client, case):
    attachment = attach(case, name='evil"\r\nSet-Cookie: x=1;.pdf')
    client.force_login(case.applicant)
    response = client.get(download_url(attachment))
    assert response["Content-Disposition"] == ('attachment; filename="evil\\"Set-Cookie: x=1;.pdf"')


def test_another_representative_of_the_organization_may_download(client, case):
    attachment = attach(case)
    client.force_login(applicant_for(case.organization))
    assert client.get(download_url(attachment)).status_code == 200


def test_staff_of_the_handling_authority_may_download(verified_client, case):
    attachment = attach(case)
    response = verified_client(staff_of(case.authority)).get(download_url(attachment))
    assert response.status_code == 200


def test_a_stranger_gets_not_found(client, case):
    attachment = attach(case)
    client.force_login(UserFactory())
    assert client.get(download_url(attachment)).status_code == 404


def test_staff_of_another_authority_gets_not_found(verified_client, case):
    attachment = attach(case)
    response = verified_client(staff_of(AuthorityFactory())).get(download_url(attachment))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, case):
    attachment = attach(case)
    response = client.get(download_url(attachment))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_earlier_version_stays_downloadable(client, case):
    first = attach(case, content=pdf_bytes())
    attach(case, content=pdf_bytes() + b"\n%2")
    client.force_login(case.applicant)
    assert client.get(download_url(first)).status_code == 200


# Upload --------------------------------------------------------------------------------------


def test_an_upload_through_the_page_is_attached(client, case):
    client.force_login(case.applicant)
    response = client.post(
        upload_url(case),
        {"file": upload("charter.pdf", pdf_bytes()), "next": "/dashboard/"},
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert Attachment.objects.get().original_name == "charter.pdf"


def test_a_refused_upload_through_the_page_says_why_and_stores_nothing(client, case):
    client.force_login(case.applicant)
    response = client.post(
        upload_url(case),
        {"file": upload("charter.pdf", elf_bytes()), "next": "/dashboard/"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    [message] = messages_of(response)
    assert "was not accepted" in message and "executable program (ELF)" in message
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_path_sent_in_the_multipart_file_name_is_reduced_to_its_base_name(client, case):
    boundary = "----portal-test-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="../../etc/passwd.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + pdf_bytes()
        + f"\r\n--{boundary}\r\n".encode()
    )
    body += b'Content-Disposition: form-data; name="next"\r\n\r\n/dashboard/\r\n'
    body += f"--{boundary}--\r\n".encode()
    client.force_login(case.applicant)
    response = client.generic(
        "POST", upload_url(case), body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.pdf"
    [stored] = stored_files()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT) / "attachments")
    assert stored.name != "passwd.pdf"


def test_a_stranger_cannot_upload_to_a_case(client, case):
    client.force_login(UserFactory())
    response = client.post(upload_url(case), {"file": upload("charter.pdf", pdf_bytes())})
    assert response.status_code == 404
    assert not Attachment.objects.exists() and stored_files() == []


def test_an_undeclared_case_type_is_not_found(client, case):
    client.force_login(case.applicant)
    url = reverse("attachment_upload", args=["registry.organization", case.pk, "charter"])
    assert client.post(url, {"file": upload("c.pdf", pdf_bytes())}).status_code == 404


# The case page's checklist ---------------------------------------------------------------------


def test_the_checklist_shows_each_item_its_current_file_earlier_versions_and_upload_forms(rf, case):
    first = attach(case, name="old.pdf", content=pdf_bytes())
    current = attach(case, name="new.pdf", content=pdf_bytes() + b"\n%2")
    request = rf.get("/cases/1/")
    request.user = case.applicant
    with translation.override("en"):
        html = render_to_string(
            "casework/_attachments.html",
            {"case": case, **attachment_page_context(case, case.applicant)},
            request=request,
        )
    assert "Charter" in html and "Photo of the premises" in html
    assert f'href="{download_url(current)}"' in html and f'href="{download_url(first)}"' in html
    assert "1 earlier version" in html
    assert f'action="{upload_url(case)}"' in html
    assert f'action="{upload_url(case, "premises_photo")}"' in html


def test_admins_see_attachments_in_the_admin_but_cannot_add_or_edit_them(verified_client, case):
    attachment = attach(case)
    client = verified_client(admin_user())
    assert client.get(reverse("admin:casework_attachment_changelist")).status_code == 200
    assert client.get(reverse("admin:casework_attachment_add")).status_code == 403
    page = client.get(reverse("admin:casework_attachment_change", args=[attachment.pk]))
    assert page.status_code == 200 and b'name="original_name"' not in page.content
