"""Real files and a declared checklist for the attachment, document and verification tests."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfWriter

from casework.attachments import JPEG, PDF, PNG, Checklist, ChecklistItem, attachments_declare
from casework.documents import document_issue, document_render
from casework.models import DocumentKind
from casework.tests.sample.models import SampleApplication
from registry.tests.factories import AuthorityFactory, OrganizationFactory, applicant_for

SAMPLE_CHECKLIST = Checklist(
    ChecklistItem("charter", _("Charter"), types=(PDF,)),
    ChecklistItem("premises_photo", _("Photo of the premises"), required=False, types=(JPEG, PNG)),
)
attachments_declare(SampleApplication, checklist=SAMPLE_CHECKLIST)

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
SAMPLE_TEMPLATE = "casework/documents/sample.html"


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(format_: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=format_)
    return out.getvalue()


def elf_bytes() -> bytes:
    """A real executable: the start of /bin/true."""
    return Path("/bin/true").read_bytes()[:16384]


def mz_bytes() -> bytes:
    """A Windows program's header (DOS stub with the PE offset) padded to a plausible size."""
    header = bytearray(b"MZ" + b"\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00")
    header += b"\x00" * (0x3C - len(header)) + (0x80).to_bytes(4, "little")
    header += b"\x00" * (0x80 - len(header)) + b"PE\x00\x00"
    return bytes(header) + b"\x00" * 4096


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def sample_application(**kwargs) -> SampleApplication:
    """A submitted-looking sample case with an organization, its applicant and an authority."""
    organization = kwargs.pop("organization", None) or OrganizationFactory()
    applicant = kwargs.pop("applicant", None) or applicant_for(organization)
    authority = kwargs.pop("authority", None) or AuthorityFactory()
    return SampleApplication.objects.create(
        applicant=applicant, organization=organization, authority=authority, **kwargs
    )


def sample_content(language: str = "kk") -> dict:
    texts = {
        "kk": {
            "authority": "Алматы қаласының білім басқармасы",
            "organization": "«Әл-Фараби атындағы № 5 мектеп-гимназиясы» КММ",
            "applicant": "Ғалымжан Қасымұлы Өтепов",
            "subject": "Үздік оқушыларға арналған қосымша білім беру бағдарламасы",
            "decision": "Өтініш қанағаттандырылсын. Һәкім, Іле, Ұлытау, Үшарал, Ңң, Өскемен, "
            "Ғылым, Қазақстан, Әсем: " + KAZAKH_LETTERS + ".",
            "signatory": "Ә. Қ. Нұрланова",
            "signatory_position": "Басқарма басшысы",
        },
        "ky": {
            "authority": "Бишкек шаарынын билим берүү башкармалыгы",
            "organization": "«Чыңгыз Айтматов атындагы № 5 мектеп-гимназиясы» МББМ",
            "applicant": "Үсөнбаев Мөңкө Түгөлбаевич",
            "subject": "Жөндөмдүү окуучулар үчүн кошумча билим берүү программасы",
            "decision": "Арыз канааттандырылсын. Өзгөн, Үч-Коргон, Чоң-Алай, Көң: ңөүҢӨҮ.",
            "signatory": "Ө. Ү. Исакова",
            "signatory_position": "Башкармалыктын башчысы",
        },
        "ru": {
            "authority": "Управление образования города Алматы",
            "organization": "КГУ «Школа-гимназия № 5 имени аль-Фараби»",
            "applicant": "Отепов Галымжан Касымович",
            "subject": "Программа дополнительного образования для одарённых учащихся",
            "decision": "Заявление удовлетворить.",
            "signatory": "Нурланова А. К.",
            "signatory_position": "Руководитель управления",
        },
        "en": {
            "authority": "Almaty City Education Department",
            "organization": "Al-Farabi School-Gymnasium No. 5",
            "applicant": "Galymzhan Otepov",
            "subject": "Supplementary education programme for gifted pupils",
            "decision": "The application is granted.",
            "signatory": "A. K. Nurlanova",
            "signatory_position": "Head of department",
        },
    }[language]
    return {**texts, "case_number": "SMP-2026-000123"}


def issue_sample_document(case=None, *, language="kk", version_key=None, render=True):
    """Issue (and by default render, as the worker would) a sample decision."""
    case = case or sample_application()
    with transaction.atomic():
        document = document_issue(
            case,
            DocumentKind.DECISION,
            SAMPLE_TEMPLATE,
            sample_content(language),
            language,
            version_key or f"{case.number}:decision:{language}",
        )
    if render:
        document = document_render(document.pk)
    return document
