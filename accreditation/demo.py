"""Accreditation's sample data for `manage.py seed_demo` (after licensing, whose licenses it
needs): two certified bodies with their standards, a council with every group of К7, experts
covering higher education, a university accredited four years ago whose certificate expires within
14 months (renewal time, К21), a case at the external expert visit with the demo expert on its
commission, and a refused case with its written notice (К22).

The demo's people for this procedure are added to the log-in table: the body's staff member and
head (with a second factor), a representative of the accredited university; the demo expert and
council member are the registry's. Everything goes through the services (their `inner`
functions: the build is one transaction); the draw's seed is searched deterministically so the
demo expert sits on the commission.
"""

import base64
import datetime
import time

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.attachments import attachment_upload
from casework.documents import document_render
from casework.models import IssuedDocument, OutboxMessage
from casework.notifications import EMAIL_TASK
from licensing.selectors import license_in_force_covering
from registry import services as registry_services
from registry.demo import Credential, DemoContext, demo_step
from registry.identifiers import with_check_digit
from registry.models import Authority, Expert, Organization, Role, User

from . import conf, draw, services
from .checklist import REPORT_ITEM
from .models import AccreditationBody, CouncilMember, Criterion, Decision, Kind, Standard

SAMPLE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BACKUP_CODES = ("20260101", "20260202", "20260303", "20260404", "20260505")

# (code, kk, ru, en) of the standards every demo body assesses against, two criteria each.
STANDARDS = [
    ("S1", "Сапаны қамтамасыз ету саясаты", "Политика обеспечения качества",
     "Quality assurance policy"),
    ("S2", "Білім беру бағдарламаларын әзірлеу және бекіту",
     "Разработка и утверждение образовательных программ",
     "Design and approval of programmes"),
    ("S3", "Студентке бағытталған оқыту", "Студентоцентрированное обучение",
     "Student-centred learning"),
]  # fmt: skip


@demo_step(order=25)
def accreditation_samples(ctx: DemoContext) -> None:
    started = time.monotonic()
    last_message = OutboxMessage.objects.aggregate(last=Max("id"))["last"] or 0
    last_document = IssuedDocument.objects.aggregate(last=Max("id"))["last"] or 0
    today = ctx.today
    bodies = _bodies(ctx)
    body = bodies[0]
    staff = _person(ctx, "accreditation.staff@example.com", Role.STAFF, body.authority, "ru")
    head = _person(ctx, "accreditation.head@example.com", Role.HEAD, body.authority, "kk")
    _council(ctx, body, head)
    _experts(ctx)

    universities = _licensed_universities(ctx, 3)
    if len(universities) < 3:
        ctx.out("Accreditation: fewer than three licensed universities, no sample cases.")
        return
    accredited, at_visit, refused = universities

    # A university accredited four years ago: its certificate expires within 14 months (К21).
    decided_on = today - relativedelta(years=5) + relativedelta(months=13)
    services.accreditation_decision_record.inner(
        actor=staff,
        body=body,
        external_id=f"DEMO-{decided_on.year}-001",
        organization=accredited,
        kind=Kind.INSTITUTIONAL,
        decision=Decision.ACCREDIT,
        decided_on=decided_on,
        report_url="https://iqaa.example.org/reports/demo-001",
    )
    representative = _person(
        ctx, "university@example.com", Role.APPLICANT, accredited, "ru", role_label="applicant"
    )
    # A refused case two months ago, with its written notice (К22).
    services.accreditation_decision_record.inner(
        actor=staff,
        body=body,
        external_id=f"DEMO-{today.year}-002",
        organization=refused,
        kind=Kind.INSTITUTIONAL,
        decision=Decision.REFUSE,
        decided_on=today - datetime.timedelta(days=60),
        reasons="Стандарт S2: образовательные программы не прошли внешнюю экспертизу.",
    )
    _case_at_visit(ctx, body, staff, at_visit)

    rendered = 0
    for document in IssuedDocument.objects.filter(pk__gt=last_document).order_by("pk"):
        document_render(document.pk)
        rendered += 1
    OutboxMessage.objects.filter(pk__gt=last_message, task_name=EMAIL_TASK).delete()
    ctx.out(
        f"Accreditation: {len(bodies)} bodies, an accredited university ({accredited.bin}, "
        f"represented by {representative.email}), a case at the expert visit, a refused case; "
        f"{rendered} PDFs rendered in {time.monotonic() - started:.1f} s."
    )


def _bodies(ctx) -> list[AccreditationBody]:
    authorities = sorted(
        (a for a in ctx.authorities.values() if a.kind == Authority.Kind.ACCREDITATION_BODY),
        key=lambda a: a.pk,
    )[:2]
    bodies = []
    for index, authority in enumerate(authorities):
        body = AccreditationBody.objects.create(
            authority=authority,
            bin=_body_bin(ctx, index),
            certification_number=authority.register_entry_number or f"KZ-AO-{index + 1:03d}",
            certified_from=ctx.today - relativedelta(years=10),
            certified_until=authority.register_entry_valid_until
            or ctx.today + relativedelta(years=3),
            website=f"https://{authority.short_name.lower() or 'body'}.example.org",
        )
        for order, (code, kk, ru, en) in enumerate(STANDARDS, start=1):
            standard = Standard.objects.create(
                body=body, code=code, title_kk=kk, title_ru=ru, title_en=en, order=order
            )
            for n in (1, 2):
                Criterion.objects.create(
                    standard=standard,
                    code=str(n),
                    order=n,
                    text_kk=f"{kk}: {n}-өлшем",
                    text_ru=f"{ru}: критерий {n}",
                    text_en=f"{en}: criterion {n}",
                )
        bodies.append(body)
    return bodies


def _body_bin(ctx, index: int) -> str:
    serial = 0
    while True:
        number = with_check_digit(f"0{index + 1}014{700000 + serial:06d}")
        serial += 1
        if number and not AccreditationBody.objects.filter(bin=number).exists():
            return number


def _person(ctx, email, role, target, language, role_label=None) -> User:
    user = User.objects.create(
        email=email,
        password=make_password(ctx.password),
        full_name=ctx.rng.choice(
            ["Сейткали Айгерим Нурлановна", "Оспанов Ерлан Маратович", "Ким Дина Сергеевна"]
        ),
        language=language,
    )
    if isinstance(target, Organization):
        registry_services.role_grant(user=user, role=role, organization=target)
        note = f"{target.short_name_ru or target.name_ru} ({target.bin})"
    else:
        registry_services.role_grant(user=user, role=role, authority=target)
        note = str(target)
    label = role_label or f"accreditation {role}"
    credential = Credential(role=label, email=email, password=ctx.password, note=note)
    if user.needs_second_factor:
        key = f"demo-totp-acc-{role}".encode().ljust(20, b"-")[:20]
        TOTPDevice.objects.create(user=user, name="default", key=key.hex(), confirmed=True)
        backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=backup, token=t) for t in BACKUP_CODES)
        credential.totp_secret = base64.b32encode(key).decode()
        credential.backup_codes = BACKUP_CODES
    ctx.credentials.append(credential)
    return user


def _council(ctx, body, head) -> None:
    """К6–К7: the demo council member sits for the authority; four others complete the groups."""
    groups = list(CouncilMember.Group.values)
    members = [{"user": ctx.users["council_member"], "group": groups[0]}]
    for n, group in enumerate(groups[1:], start=1):
        user = User.objects.create(
            email=f"acc.council{n}@{body.authority.short_name.lower()}.example.org",
            full_name=f"Член совета {n}",
            password=make_password(None),
        )
        members.append({"user": user, "group": group})
    services.accreditation_council_form.inner(
        actor=head,
        body=body,
        name=f"Аккредитационный совет {body.authority.short_name}",
        members=members,
    )


def _experts(ctx) -> None:
    """Experts on external commissions cover higher education: the demo expert and others."""
    higher = ctx.levels["higher"]
    pool = [ctx.experts[0], *Expert.objects.filter(user__isnull=False).order_by("pk")[1:8]]
    for expert in pool:
        expert.levels.add(higher)


def _licensed_universities(ctx, count: int) -> list[Organization]:
    levels = conf.get("ACCREDITATION_LEVEL_CODES")
    found = []
    for organization in ctx.organizations:
        if (
            organization.parent_id is None
            and organization.status == Organization.Status.ACTIVE
            and "higher" in ctx.organization_levels.get(organization.pk, ())
            and license_in_force_covering(organization, levels) is not None
        ):
            found.append(organization)
            if len(found) == count:
                break
    return found


def _case_at_visit(ctx, body, staff, organization) -> None:
    """A case taken through application, contract, self-assessment, review and recommendations
    to a scheduled visit, with the demo expert on the commission."""
    representative = User.objects.create(
        email=f"rector.office@{organization.bin}.example.org",
        full_name="Ректорат",
        password=make_password(None),
    )
    registry_services.role_grant(
        user=representative, role=Role.APPLICANT, organization=organization
    )
    case = services.accreditation_case_create.inner(
        actor=representative, organization=organization, body=body, kind=Kind.INSTITUTIONAL
    )
    case = services.accreditation_case_submit.inner(case, actor=representative)
    services.accreditation_contract_sign.inner(case, actor=representative)
    case = services.accreditation_contract_sign.inner(
        type(case).objects.get(pk=case.pk), actor=staff
    )
    for criterion in Criterion.objects.filter(standard__body=body).select_related("standard"):
        services.accreditation_self_assessment_save.inner(
            case,
            actor=representative,
            criterion=criterion,
            rating="met",
            text="Критерий выполнен; подтверждающие документы приложены.",
        )
    attachment_upload(
        case=case,
        item_code=REPORT_ITEM,
        upload=SimpleUploadedFile("self-assessment.pdf", SAMPLE_PDF, "application/pdf"),
        uploaded_by=representative,
    )
    case = services.accreditation_self_assessment_submit.inner(
        type(case).objects.get(pk=case.pk), actor=representative
    )
    case = services.accreditation_review.inner(
        case, actor=staff, text="Отчёт по самооценке полон; замечания — в рекомендациях."
    )
    services.accreditation_recommendation_add.inner(
        case,
        actor=staff,
        text="Опубликовать данные о трудоустройстве выпускников.",
        due_on=ctx.today + relativedelta(months=6),
    )
    # К14: three months' notice; К15: three working days from a Tuesday.
    start = ctx.today + relativedelta(months=3, days=7)
    start += datetime.timedelta(days=(1 - start.weekday()) % 7)
    end = start + datetime.timedelta(days=2)
    candidates = draw.eligible_candidates(
        organization=organization, programme_ids=[], start_on=start
    )
    size = int(conf.get("ACCREDITATION_COMMISSION_SIZE"))
    seed = next(
        (
            f"demo-{n}"
            for n in range(500)
            if ctx.experts[0].pk in draw.draw(candidates, f"demo-{n}", size)
        ),
        "demo-0",
    )
    services.accreditation_visit_schedule.inner(
        case, actor=staff, start_on=start, end_on=end, seed=seed
    )
