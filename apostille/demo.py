"""The apostille's sample data for `manage.py seed_demo` (registry.demo runs it after licensing,
whose licenses the license check reads): the document kinds and refusal reasons linked to the
levels the demo imported, the specimen register of the demo region's licensed schools, a
citizen (printed in the log-in table) with a request in review, an affixed e-Apostille and a
refusal, and the staff member of the authority that handles apostilles for those schools.

The e-Apostille's PDF is made when first asked for (the download, or its QR code's page), so
seed_demo stays fast. The build runs in one transaction, so it calls each service's `inner`.
"""

import datetime
import io

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from pypdf import PdfWriter

from casework.attachments import attachment_upload
from casework.documents import RENDER_TASK
from casework.models import OutboxMessage
from casework.notifications import EMAIL_TASK
from licensing.selectors import license_coverage_on
from registry import services as registry_services
from registry.demo import Credential, DemoContext, demo_step
from registry.demo.build import _iin, _person, _second_factor
from registry.models import EducationLevel, Expert, Organization, Procedure, Role, User
from registry.selectors import authority_for

from . import services
from .classifiers import classifiers_seed
from .models import DocumentType, RefusalReason, Specimen

DEMO_REGION = "35"  # the demo's people live in the Karaganda region (registry.demo)
SCHOOL_LEVEL = "general_secondary"
CANDIDATES = 40
CITIZEN_EMAIL = "citizen@example.com"
STAFF_EMAIL = "apostille@example.com"


def _scan(title: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(f"{title}.pdf", out.getvalue())


def _licensed_schools(ctx: DemoContext, level: EducationLevel, day: datetime.date) -> list:
    """Schools of the demo region whose license covered general secondary education on `day`
    (licensing answers, through its selector)."""
    prefix = ctx.regions[f"{DEMO_REGION}0000000"].path
    candidates = [
        o
        for o in ctx.organizations
        if o.status == Organization.Status.ACTIVE
        and o.region.path.startswith(prefix)
        and SCHOOL_LEVEL in ctx.organization_levels.get(o.pk, ())
    ][:CANDIDATES]
    return [o for o in candidates if license_coverage_on(o.pk, level.pk, day).covered]


@demo_step(order=40)
def apostille_samples(ctx: DemoContext) -> None:
    last_message = OutboxMessage.objects.aggregate(last=Max("id"))["last"] or 0
    classifiers_seed(DocumentType, RefusalReason, EducationLevel)
    level = ctx.levels.get(SCHOOL_LEVEL)
    issued_on = ctx.today.replace(month=6, day=20) - datetime.timedelta(days=365)
    schools = _licensed_schools(ctx, level, issued_on) if level else []
    if len(schools) < 3:
        ctx.out("Apostille: fewer than three licensed schools in the demo region; no samples.")
        return
    schools = schools[:3]
    authority = authority_for(schools[0].region, Procedure.APOSTILLE)
    if authority is None:
        ctx.out("Apostille: no authority handles apostilles for the demo region; no samples.")
        return
    rng = ctx.rng
    iins = set(User.objects.exclude(iin="").values_list("iin", flat=True)) | set(
        Expert.objects.values_list("iin", flat=True)
    )
    password_hash = make_password(ctx.password)

    # The specimen register: each school's director since 2010 and a deputy since 2016.
    directors = {}
    for school in schools:
        director, _female = _person(rng)
        deputy, _female = _person(rng)
        directors[school.pk] = director
        Specimen.objects.bulk_create(
            [
                Specimen(
                    organization=school,
                    signer_name=director,
                    capacity=Specimen.Capacity.HEAD,
                    position="Директор",
                    valid_from=datetime.date(2010, 9, 1),
                ),
                Specimen(
                    organization=school,
                    signer_name=deputy,
                    capacity=Specimen.Capacity.DEPUTY,
                    position="Заместитель директора по учебной работе",
                    valid_from=datetime.date(2016, 9, 1),
                ),
            ]
        )

    # The staff member of the authority that handles apostilles for these schools.
    name, female, birth = _person(rng, with_birth=True)
    staff = User.objects.create(
        email=STAFF_EMAIL,
        password=password_hash,
        full_name=name,
        iin=_iin(rng, birth, female, iins),
        language="ru",
    )
    registry_services.role_grant(user=staff, role=Role.STAFF, authority=authority)
    secret, backup = _second_factor(staff, "apostille-staff")
    ctx.credentials.append(
        Credential(
            role="staff (apostille)",
            email=STAFF_EMAIL,
            password=ctx.password,
            totp_secret=secret,
            backup_codes=backup,
            note=str(authority),
        )
    )

    # The citizen, with their IIN: one request in review, one affixed, one refused.
    name, female, birth = _person(rng, with_birth=True)
    birth = birth.replace(year=max(birth.year, 1990))
    citizen = User.objects.create(
        email=CITIZEN_EMAIL,
        password=password_hash,
        full_name=name,
        iin=_iin(rng, birth, female, iins),
        language="ru",
    )
    registry_services.role_grant(user=citizen, role=Role.CITIZEN)
    ctx.users[str(Role.CITIZEN)] = citizen
    ctx.credentials.append(
        Credential(
            role=Role.CITIZEN.value,
            email=CITIZEN_EMAIL,
            password=ctx.password,
            note=f"IIN {citizen.iin}",
        )
    )
    kinds = {kind.code: kind for kind in DocumentType.objects.all()}
    kind = kinds.get("certificate_general_secondary") or next(iter(kinds.values()))

    def request_for(school, number, country, language="ru"):
        request = services.apostille_request_create.inner(
            actor=citizen,
            document_type=kind,
            level=level,
            series="ЖОБ",
            document_number=number,
            issued_on=issued_on,
            issuer=school,
            signer_name=directors[school.pk],
            country_of_use=country,
            language=language,
            fee_receipt_number=f"KZ-PAY-{rng.randint(100000, 999999)}",
        )
        attachment_upload(
            case=request, item_code="scan", upload=_scan(f"diploma-{number}"), uploaded_by=citizen
        )
        request = services.apostille_request_submit.inner(request, actor=citizen)
        services.apostille_fee_confirm.inner(request, actor=staff)
        return services.apostille_request_accept.inner(request, actor=staff)

    request_for(schools[0], f"{rng.randint(1000000, 9999999)}", "Deutschland")
    affixed = request_for(schools[1], f"{rng.randint(1000000, 9999999)}", "France", "en")
    apostille = services.apostille_affix.inner(affixed, actor=staff)
    refused = request_for(schools[2], f"{rng.randint(1000000, 9999999)}", "Italia")
    reason = RefusalReason.objects.filter(is_active=True).order_by("order", "pk").first()
    services.apostille_refuse.inner(
        refused,
        actor=staff,
        reasons=[reason] if reason else [],
        text="Печать на скане неразборчива.",
    )
    # The PDFs are made when first asked for; the demo's people are not mailed.
    OutboxMessage.objects.filter(
        pk__gt=last_message, task_name__in=[RENDER_TASK, EMAIL_TASK]
    ).delete()
    ctx.out(
        f"Apostille: specimens of {len(schools)} schools; citizen {CITIZEN_EMAIL} with a request "
        f"in review, e-Apostille {apostille.number} of {apostille.issued_on} and a refusal."
    )
