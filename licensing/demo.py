"""Licensing's sample data for `manage.py seed_demo` (registry.demo runs it once the registry is
built): the classifiers of the procedure, licenses with their appendices for part of the
organizations, and cases at every stage for the demo's people, made through the services as a
user would make them.

For the demo users: the applicant has a draft and a submitted application; the staff member's
queue holds a paper application received through the State Corporation that is overdue; the
demo expert is drawn for an inspection; the demo council member has a vote waiting; and a reissue
after a rename (seed 000) is granted, with its PDFs rendered here, in-process.

Everything random comes from ctx.rng, and draw seeds are searched deterministically, so the
same seed and scale give the same data. The build runs in one transaction, so it calls each
service's `inner` function, without the durable transaction of its own.
"""

import datetime
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from casework.attachments import attachment_upload
from casework.calendar import calendar_for
from casework.documents import RENDER_TASK, document_render
from casework.models import IssuedDocument, OutboxMessage
from casework.notifications import EMAIL_TASK
from registry.demo import DemoContext, demo_step
from registry.demo import names as N
from registry.models import Expert, ExpertAffiliation, Organization, OrganizationEvent, User

from . import conf, documents, draw, services
from .models import (
    ChecklistItem,
    CouncilMember,
    InspectionCriterion,
    License,
    LicenseAppendix,
    LicenseApplication,
    LicenseEvent,
    LicensingCouncil,
    RefusalReason,
)

DEMO_REGION = "35"  # the demo's staff work for the Karaganda region's department (registry.demo)
SHARE_LICENSED = 0.6
BATCH = 2000
# A minimal PDF: attachments are checked by content, and the demo's are placeholders.
SAMPLE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (kind, code, required, accepts images, kk, ru, en)
CHECKLIST = [
    *(
        (kind, "fee", True, True,
         "Лицензиялық алымның төленгенін растайтын құжат",
         "Документ, подтверждающий уплату лицензионного сбора",
         "Proof of payment of the license fee")
        for kind in ("new_license", "new_appendix", "reissue", "duplicate")
    ),
    *(
        (kind, "premises", True, False,
         "Үй-жайлардың меншік немесе жалға алу құқығын растайтын құжаттар",
         "Документы, подтверждающие право собственности или аренды помещений",
         "Title or lease of the premises")
        for kind in ("new_license", "new_appendix")
    ),
    *(
        (kind, "staff", True, False,
         "Педагог кадрлардың біліктілігі туралы мәліметтер",
         "Сведения о квалификации педагогических кадров",
         "Qualifications of the teaching staff")
        for kind in ("new_license", "new_appendix")
    ),
    ("new_license", "sanitary", True, True,
     "Санитариялық-эпидемиологиялық қорытынды",
     "Санитарно-эпидемиологическое заключение",
     "Sanitary and epidemiological conclusion"),
    *(
        (kind, "curricula", False, False,
         "Оқу жоспарлары мен бағдарламалары",
         "Учебные планы и программы",
         "Curricula and syllabi")
        for kind in ("new_license", "new_appendix")
    ),
    ("reissue", "grounds", True, True,
     "Қайта рәсімдеу негізін растайтын құжат (тіркеу туралы анықтама, құрылтайшының шешімі)",
     "Документ, подтверждающий основание переоформления (справка о регистрации, решение "
     "учредителя)",
     "Proof of the ground for reissue (registration certificate, founder's decision)"),
    ("return", "decision", True, False,
     "Құрылтайшының мамандықтар бойынша қызметті тоқтату туралы шешімі",
     "Решение учредителя о прекращении деятельности по специальностям",
     "Founder's decision to stop teaching the specialties"),
]  # fmt: skip

# (stage, code, legal basis, kk, ru, en)
REFUSAL_REASONS = [
    ("acceptance", "A01", "",
     "Құжаттар топтамасы толық ұсынылмаған",
     "Представлен неполный пакет документов",
     "The package of documents is incomplete"),
    ("acceptance", "A02", "",
     "Құжаттардың қолданылу мерзімі өткен немесе олар жарамсыз",
     "Документы недействительны или срок их действия истёк",
     "The documents are invalid or expired"),
    ("decision", "D01", "",
     "Өтініш беруші біліктілік талаптарына сәйкес келмейді",
     "Заявитель не соответствует квалификационным требованиям",
     "The applicant does not meet the qualification requirements"),
    ("decision", "D02", "",
     "Ұсынылған құжаттарда анық емес мәліметтер бар",
     "Представленные документы содержат недостоверные сведения",
     "The documents contain false information"),
    ("decision", "D03", "",
     "Лицензия беру алдындағы тексеру талаптарға сәйкессіздікті анықтады",
     "Предлицензионная проверка выявила несоответствие требованиям",
     "The pre-license inspection found the requirements not met"),
]  # fmt: skip

# (code, levels or None for every level, kk, ru, en)
CRITERIA = [
    ("C01", None,
     "Оқу үй-жайлары білім алушылар санына санитариялық және өрт қауіпсіздігі қағидаларына "
     "сәйкес келеді",
     "Учебные помещения соответствуют санитарным правилам и требованиям пожарной безопасности "
     "для числа обучающихся",
     "The premises meet sanitary and fire safety rules for the number of students"),
    ("C02", None,
     "Педагогтердің біліктілігі мемлекеттік жалпыға міндетті білім беру стандартына сәйкес келеді",
     "Квалификация педагогов соответствует государственному общеобязательному стандарту "
     "образования",
     "The teachers' qualifications meet the state education standard"),
    ("C03", None,
     "Оқу жоспарлары мен бағдарламалары стандартқа сәйкес бекітілген",
     "Учебные планы и программы утверждены в соответствии со стандартом",
     "The curricula and syllabi are approved under the standard"),
    ("C04", None,
     "Оқу-зертханалық жабдықтар, кітапхана қоры және оқу-әдістемелік әдебиет бар",
     "Имеются учебно-лабораторное оборудование, библиотечный фонд и учебно-методическая "
     "литература",
     "Laboratory equipment, library holdings and teaching materials are in place"),
    ("C05", ("tvet", "post_secondary", "higher", "postgraduate"),
     "Әрбір мамандық бойынша кәсіптік практика базаларымен шарттар жасалған",
     "По каждой специальности заключены договоры с базами профессиональной практики",
     "Every specialty has contracts with work-placement sites"),
]  # fmt: skip


@demo_step(order=20)
def licensing_samples(ctx: DemoContext) -> None:
    started = time.monotonic()
    last_message = OutboxMessage.objects.aggregate(last=Max("id"))["last"] or 0
    _classifiers(ctx)
    demo = _Demo(ctx)
    licenses = demo.licenses()
    # Every license and appendix of the register has its document, numbered and dated as the
    # register says; their PDFs are made when first asked for, so no render is queued.
    register = documents.register_documents_issue(
        License.objects.filter(pk__in=[license_.pk for license_ in licenses.values()])
    )
    OutboxMessage.objects.filter(pk__gt=last_message, task_name=RENDER_TASK).delete()
    last_register_document = IssuedDocument.objects.aggregate(last=Max("id"))["last"] or 0
    registered = time.monotonic() - started
    demo.expert_accounts()
    demo.council()
    demo.applicant_cases(licenses)
    demo.queue_cases(licenses)
    # The cases' PDFs are rendered here, so they verify without a worker; the queued render
    # then finds each one done.
    rendered = 0
    for document in IssuedDocument.objects.filter(pk__gt=last_register_document).order_by("pk"):
        document_render(document.pk)
        rendered += 1
    # The demo's people have example addresses: its notifications stay in the inbox, unmailed.
    OutboxMessage.objects.filter(pk__gt=last_message, task_name=EMAIL_TASK).delete()
    ctx.out(
        f"Licensing: {len(licenses)} licenses, {register} register documents issued in "
        f"{registered:.1f} s, {LicenseApplication.objects.count()} applications, "
        f"{rendered} PDFs rendered in {time.monotonic() - started:.1f} s."
    )


def _classifiers(ctx: DemoContext) -> None:
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            kind=kind,
            code=code,
            is_required=required,
            accepts_images=images,
            title_kk=kk,
            title_ru=ru,
            title_en=en,
            order=n,
        )
        for n, (kind, code, required, images, kk, ru, en) in enumerate(CHECKLIST)
    )
    RefusalReason.objects.bulk_create(
        RefusalReason(
            stage=stage, code=code, legal_basis=basis, text_kk=kk, text_ru=ru, text_en=en, order=n
        )
        for n, (stage, code, basis, kk, ru, en) in enumerate(REFUSAL_REASONS)
    )
    for n, (code, levels, kk, ru, en) in enumerate(CRITERIA):
        criterion = InspectionCriterion.objects.create(
            code=code, text_kk=kk, text_ru=ru, text_en=en, order=n
        )
        if levels:
            criterion.levels.set(ctx.levels[level] for level in levels)


class _Demo:
    def __init__(self, ctx: DemoContext):
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.calendar = calendar_for()
        self.applicant = ctx.users["applicant"]
        self.staff = ctx.users["staff"]
        self.head = ctx.users["head"]
        self.expert = Expert.objects.get(user=ctx.users["expert"])
        region_path = ctx.regions[f"{DEMO_REGION}0000000"].path
        self.local = [
            o
            for o in ctx.organizations
            if o.status == Organization.Status.ACTIVE
            and o.parent_id is None
            and o.region.path.startswith(region_path)
        ]
        represented = set(self.applicant.represented_organization_ids)
        self.college, self.school = (
            next(o for o in self.local if o.pk in represented and "tvet" in self._levels(o)),
            next(o for o in self.local if o.pk in represented and "tvet" not in self._levels(o)),
        )
        others = [o for o in self.local if o.pk not in represented]
        renamed = set(
            OrganizationEvent.objects.filter(
                kind=OrganizationEvent.Kind.RENAME, organization__in=others
            ).values_list("organization_id", flat=True)
        )
        # The expert's inspection: an organization without a license at a level the demo
        # expert covers, which the expert has no tie to.
        tied = set(
            ExpertAffiliation.objects.filter(expert=self.expert).values_list(
                "organization_id", flat=True
            )
        )
        self.newcomer, self.expert_level, self.expert_specialties = self._expert_case(
            [o for o in others if o.pk not in tied and o.pk not in renamed]
        )
        rest = [o for o in others if o.pk != self.newcomer.pk]
        self.renamed = next((o for o in rest if o.pk in renamed), None)
        rest = [o for o in rest if o.pk not in renamed]
        self.college_before_council = next(
            (o for o in rest if self._levels(o) & {"tvet", "higher"}), rest[0]
        )
        rest = [o for o in rest if o.pk != self.college_before_council.pk]
        self.overdue_holder = rest[0]

    def _levels(self, organization) -> set[str]:
        return self.ctx.organization_levels.get(organization.pk, set())

    def _expert_case(self, organizations):
        """An organization, a level and specialties the demo expert covers: the first
        organization teaching at one of the expert's levels (by the specialties' levels when
        the expert has specialties), else the first organization at the expert's first level."""
        specialties = list(self.expert.specialties.select_related("level").order_by("code"))
        levels = (
            sorted({s.level for s in specialties}, key=lambda level: level.code)
            if specialties
            else list(self.expert.levels.order_by("code"))
        )
        for level in levels:
            for organization in organizations:
                if level.code in self._levels(organization):
                    return (
                        organization,
                        level,
                        [s for s in specialties if s.level_id == level.pk][:1],
                    )
        level = levels[0]
        return organizations[0], level, [s for s in specialties if s.level_id == level.pk][:1]

    # --- the register ------------------------------------------------------------------------

    def licenses(self) -> dict[int, License]:
        """Licenses for part of the organizations, with an appendix per level they teach at.
        A renamed organization whose license predates the rename keeps its old name on it
        until a reissue (art. 33), as in seed 000."""
        ctx, rng = self.ctx, self.rng
        forced = {
            self.college.pk,
            self.school.pk,
            self.college_before_council.pk,
            self.overdue_holder.pk,
        }
        if self.renamed is not None:
            forced.add(self.renamed.pk)
        chosen = [
            o
            for o in ctx.organizations
            if o.status == Organization.Status.ACTIVE
            and o.parent_id is None
            and o.pk != self.newcomer.pk
            and (o.pk in forced or rng.random() < SHARE_LICENSED)
        ]
        first_renames = {}
        for event in OrganizationEvent.objects.filter(
            kind=OrganizationEvent.Kind.RENAME, organization__in=chosen
        ).order_by("effective_date", "id"):
            first_renames.setdefault(event.organization_id, event)
        authorities = {}
        licenses, appendices, plans = [], [], []
        for organization in chosen:
            rr = organization.region.path.split("/")[1][:2]
            authority = authorities.setdefault(rr, ctx.authorities[f"regional:{rr}"])
            rename = first_renames.get(organization.pk)
            if rename is not None:
                issued = rename.effective_date - datetime.timedelta(days=rng.randint(200, 2500))
                names = rename.before.get("name", {})
            else:
                issued = self.today - datetime.timedelta(days=rng.randint(200, 6000))
                names = {code: getattr(organization, f"name_{code}") for code in ("kk", "ru", "en")}
            year = issued.year
            serial = _allot(License.NUMBER_PREFIX, year)
            levels = sorted(
                self._levels(organization) or {"general_secondary"},
                key=lambda code: (ctx.levels[code].order, code),
            )
            license_ = License(
                number=f"{settings.PORTAL_JURISDICTION}-{License.NUMBER_PREFIX}-{year}-{serial:06d}",
                organization=organization,
                authority=authority,
                holder_name_kk=names.get("kk") or organization.name_kk,
                holder_name_ru=names.get("ru") or organization.name_ru,
                holder_name_en=names.get("en") or organization.name_en,
                issued_on=issued,
                appendix_counter=len(levels),
                created_at=_moment(issued),
            )
            licenses.append(license_)
            plans.append((license_, organization, levels, issued))
        License.objects.bulk_create(licenses, batch_size=BATCH)
        specialties_by_level: dict[str, list] = {}
        for specialty in ctx.specialties.values():
            specialties_by_level.setdefault(specialty.level.code, []).append(specialty)
        qualifications_by_specialty: dict[int, list] = {}
        for qualification in ctx.qualifications.values():
            qualifications_by_specialty.setdefault(qualification.specialty_id, []).append(
                qualification
            )
        links = []
        for license_, organization, levels, issued in plans:
            for serial, code in enumerate(levels, start=1):
                appendix = LicenseAppendix(
                    number=f"{license_.number}/{serial:03d}",
                    license=license_,
                    serial=serial,
                    level=ctx.levels[code],
                    address_kk=organization.address_kk,
                    address_ru=organization.address_ru,
                    address_en=organization.address_en,
                    issued_on=issued,
                )
                appendices.append(appendix)
                pool = sorted(specialties_by_level.get(code, []), key=lambda s: s.code)
                taught = rng.sample(pool, min(len(pool), rng.randint(2, 4))) if pool else []
                links.append((appendix, taught))
        LicenseAppendix.objects.bulk_create(appendices, batch_size=BATCH)
        LicenseAppendix.specialties.through.objects.bulk_create(
            [
                LicenseAppendix.specialties.through(
                    licenseappendix_id=appendix.pk, specialty_id=specialty.pk
                )
                for appendix, taught in links
                for specialty in taught
            ],
            batch_size=BATCH * 2,
        )
        LicenseAppendix.qualifications.through.objects.bulk_create(
            [
                LicenseAppendix.qualifications.through(
                    licenseappendix_id=appendix.pk, qualification_id=qualification.pk
                )
                for appendix, taught in links
                for specialty in taught
                for qualification in qualifications_by_specialty.get(specialty.pk, [])[:1]
            ],
            batch_size=BATCH * 2,
        )
        LicenseEvent.objects.bulk_create(
            [
                LicenseEvent(
                    license=license_,
                    kind=LicenseEvent.Kind.ISSUED,
                    at=license_.created_at,
                )
                for license_ in licenses
            ]
            + [
                LicenseEvent(
                    license=appendix.license,
                    appendix=appendix,
                    kind=LicenseEvent.Kind.APPENDIX_ISSUED,
                    at=appendix.license.created_at,
                )
                for appendix in appendices
            ],
            batch_size=BATCH,
        )
        return {license_.organization_id: license_ for license_ in licenses}

    # --- people the procedure needs ----------------------------------------------------------

    def expert_accounts(self) -> None:
        """Experts fill in and sign sheets in the portal: every demo expert gets an account
        (no password: they are not in the demo's log-in table)."""
        experts = list(Expert.objects.filter(user__isnull=True).order_by("pk"))
        unusable = make_password(None)
        users = [
            User(
                email=f"{expert.certificate_number.lower()}@experts.example.org",
                full_name=expert.full_name,
                password=unusable,
                language=self.rng.choice(["kk", "ru"]),
            )
            for expert in experts
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        for expert, user in zip(experts, users, strict=True):
            expert.user = user
        Expert.objects.bulk_update(experts, ["user"], batch_size=BATCH)

    def council(self) -> None:
        authority = self.staff.authority
        self.licensing_council = LicensingCouncil.objects.create(
            authority=authority,
            name_kk=f"Лицензиялау жөніндегі кеңес ({authority.name_kk})",
            name_ru=f"Совет по лицензированию ({authority.name_ru})",
            name_en=f"Licensing council ({authority.name_en})",
        )
        CouncilMember.objects.create(
            council=self.licensing_council, user=self.ctx.users["council_member"], is_chair=True
        )
        self.council_members = []
        for n in (1, 2):
            female = self.rng.random() < 0.5
            surname = self.rng.choice(N.SURNAMES)[1 if female else 0]
            given = self.rng.choice(N.GIVEN_FEMALE if female else N.GIVEN_MALE)
            patronymic = self.rng.choice(N.PATRONYMICS)[1 if female else 0]
            user = User.objects.create(
                email=f"council.member{n}@edu-karaganda.example.org",
                full_name=f"{surname} {given} {patronymic}",
                password=make_password(None),
            )
            CouncilMember.objects.create(council=self.licensing_council, user=user)
            self.council_members.append(user)

    # --- cases -------------------------------------------------------------------------------

    def applicant_cases(self, licenses) -> None:
        """The applicant's draft (a duplicate of a lost license) and submitted application (a
        new specialty for the college, which goes to inspection)."""
        services.license_application_create.inner(
            actor=self.applicant,
            organization=self.school,
            kind=LicenseApplication.Kind.DUPLICATE,
            license=licenses[self.school.pk],
            grounds_details="Оригинал лицензии повреждён при затоплении архива.",
        )
        level, specialty = self._new_specialty(licenses[self.college.pk])
        application = services.license_application_create.inner(
            actor=self.applicant,
            organization=self.college,
            kind=LicenseApplication.Kind.NEW_APPENDIX,
            license=licenses[self.college.pk],
            level=level,
            specialties=[specialty] if specialty else [],
            activity_address=self.college.address_ru,
        )
        self._documents(application, self.applicant)
        services.license_application_submit.inner(application, actor=self.applicant)

    def queue_cases(self, licenses) -> None:
        self._overdue(licenses)
        self._granted_reissue(licenses)
        self._at_council(licenses)
        self._at_inspection()

    def _paper(self, organization, kind, *, channel, received_at=None, **details):
        draft = services.license_application_create_on_paper.inner(
            actor=self.staff,
            organization=organization,
            kind=kind,
            channel=channel,
            received_at=received_at,
            **details,
        )
        self._documents(draft, self.staff)
        return services.license_application_register.inner(draft, actor=self.staff)

    def _overdue(self, licenses) -> None:
        """A duplicate received through the State Corporation a week ago: past its term."""
        received = datetime.datetime.combine(
            self.calendar.add_working_days(self.today, -5),
            datetime.time(10, 30),
            tzinfo=timezone.get_default_timezone(),
        )
        application = self._paper(
            self.overdue_holder,
            LicenseApplication.Kind.DUPLICATE,
            channel="state_corporation",
            received_at=received,
            license=licenses[self.overdue_holder.pk],
            grounds_details="Лицензия утеряна при переезде.",
        )
        services.license_application_take_for_check.inner(application, actor=self.staff)

    def _granted_reissue(self, licenses) -> None:
        """Seed 000: a school renamed in the registry has its license reissued with the new
        name; the new PDFs are rendered at the end of the step."""
        if self.renamed is None:
            return
        application = self._paper(
            self.renamed,
            LicenseApplication.Kind.REISSUE,
            channel="state_corporation",
            license=licenses[self.renamed.pk],
            reissue_ground=LicenseApplication.ReissueGround.NAME_CHANGE,
        )
        application = services.license_application_check_completeness.inner(
            application, actor=self.staff
        )
        services.license_application_grant.inner(application, actor=self.head)

    def _at_council(self, licenses) -> None:
        """A college's new specialty, inspected today and signed by its commission, waiting for
        the council: one member has voted, the demo council member (the chair) has not."""
        organization = self.college_before_council
        level, specialty = self._new_specialty(licenses[organization.pk])
        specialties = [specialty] if specialty else []
        application = self._paper(
            organization,
            LicenseApplication.Kind.NEW_APPENDIX,
            channel="in_person",
            license=licenses[organization.pk],
            level=level,
            specialties=specialties,
            activity_address=organization.address_ru,
        )
        application = services.license_application_check_completeness.inner(
            application, actor=self.staff
        )
        self._enough_candidates(organization, level, specialties, self.today, avoid=self.expert)
        application = services.license_application_send_to_inspection.inner(
            application, actor=self.staff, visit_date=self.today, seed="demo-council"
        )
        inspection = application.inspections.get()
        members = [m.expert.user for m in inspection.members.select_related("expert__user")]
        for finding in inspection.findings.order_by("order"):
            services.inspection_finding_record.inner(finding, actor=members[0], met=True)
        for user in members:
            services.inspection_sheet_sign.inner(
                inspection, actor=user, content_sha256=services.sheet_sha256(inspection)
            )
        application = services.license_application_send_to_council.inner(
            application, actor=self.staff
        )
        review = application.council_reviews.get()
        services.council_vote_cast.inner(
            review,
            actor=self.council_members[0],
            choice="for",
            comment="Требования выполнены, замечаний нет.",
        )

    def _at_inspection(self) -> None:
        """A new license with its visit next week: the demo expert is on the commission (the
        seed is the first of a fixed sequence whose draw includes them)."""
        organization = self.newcomer
        visit = self.calendar.add_working_days(self.today, 5)
        application = self._paper(
            organization,
            LicenseApplication.Kind.NEW_LICENSE,
            channel="in_person",
            level=self.expert_level,
            specialties=self.expert_specialties,
            activity_address=organization.address_ru,
        )
        application = services.license_application_take_for_check.inner(
            application, actor=self.staff
        )
        application = services.license_application_check_completeness.inner(
            application, actor=self.staff
        )
        candidates = self._enough_candidates(
            organization, self.expert_level, self.expert_specialties, visit, include=self.expert
        )
        size = int(conf.get("LICENSING_COMMISSION_SIZE"))
        seed = next(
            (
                f"demo-{n:03d}"
                for n in range(1000)
                if self.expert.pk in draw.select_commission(candidates, f"demo-{n:03d}", size)
            ),
            "demo-000",  # the demo expert's certificate does not cover the visit
        )
        services.license_application_send_to_inspection.inner(
            application, actor=self.staff, visit_date=visit, seed=seed
        )

    # --- helpers -----------------------------------------------------------------------------

    def _new_specialty(self, license_):
        """A level the license covers and a specialty of it that no appendix has yet."""
        appendix = (
            license_.appendices.select_related("level").prefetch_related("specialties").first()
        )
        level = appendix.level
        taught = {s.pk for s in appendix.specialties.all()}
        pool = sorted(
            (s for s in self.ctx.specialties.values() if s.level_id == level.pk),
            key=lambda s: s.code,
        )
        new = [s for s in pool if s.pk not in taught]
        return level, (self.rng.choice(new) if new else None)

    def _enough_candidates(self, organization, level, specialties, visit, include=None, avoid=None):
        """Make sure the draw has more eligible experts than seats: give the competence to
        certified experts without ties to the organization, in registry order."""
        size = int(conf.get("LICENSING_COMMISSION_SIZE"))
        needed = size + 2

        def eligible():
            return draw.eligible_candidates(
                organization=organization,
                level_id=level.pk,
                specialty_ids=[s.pk for s in specialties],
                visit_date=visit,
            )

        candidates = eligible()
        ids = {c.expert_id for c in candidates}
        if len(candidates) >= needed and (include is None or include.pk in ids):
            return candidates
        tied = set(
            ExpertAffiliation.objects.filter(organization=organization).values_list(
                "expert_id", flat=True
            )
        )
        pool = [
            e
            for e in Expert.objects.filter(
                certificate_valid_from__lte=visit, certificate_valid_until__gte=visit
            ).order_by("pk")
            if e.pk not in tied and e.pk not in ids and (avoid is None or e.pk != avoid.pk)
        ]
        if include is not None and include.pk not in ids:
            pool.insert(0, include)
        for expert in pool[: max(needed - len(candidates), 1 if include else 0)]:
            if specialties:
                expert.specialties.add(*specialties)
            else:
                expert.levels.add(level)
        return eligible()

    def _documents(self, application, user) -> None:
        for item in ChecklistItem.objects.filter(kind=application.kind, is_required=True):
            attachment_upload(
                case=application,
                item_code=item.code,
                upload=SimpleUploadedFile(f"{item.code}.pdf", SAMPLE_PDF),
                uploaded_by=user,
            )


def _allot(prefix: str, year: int) -> int:
    from casework.models import CaseNumberCounter

    return CaseNumberCounter.allot(prefix, year)


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(11), tzinfo=timezone.get_default_timezone())
