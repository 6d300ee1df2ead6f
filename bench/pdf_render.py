"""Benchmark: render a 5-page issued document (Kazakh, DejaVu fonts, QR code) in a warm process.

    .venv/bin/python bench/pdf_render.py [--runs 15] [--language kk]

Renders the sample document template with a long content snapshot, exactly as the documents
worker does (casework.documents.document_pdf: template in the document's language, QR code,
@font-face fonts read from disk, WeasyPrint), once to warm up and then --runs times, and prints
the median and spread. Target (issue 3): under 1 second. Needs no database.
"""

import argparse
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from casework.documents import document_pdf  # noqa: E402
from casework.models import DocumentKind, IssuedDocument  # noqa: E402

PARAGRAPH = {
    "kk": "Ұйым құжаттарының толықтығы мен олардың білім беру қызметіне қойылатын біліктілік "
    "талаптарына сәйкестігі тексерілді; өтініш берушінің материалдық-техникалық базасы, "
    "педагог кадрлармен қамтамасыз етілуі және оқу-әдістемелік әдебиеттері қаралды.",
    "ru": "Проверены полнота документов организации и их соответствие квалификационным "
    "требованиям к образовательной деятельности; рассмотрены материально-техническая база "
    "заявителя, обеспеченность педагогическими кадрами и учебно-методической литературой.",
    "en": "The completeness of the organization's documents and their compliance with the "
    "qualification requirements for educational activity were checked; the applicant's "
    "premises, teaching staff and teaching materials were reviewed.",
}
PROGRAMME = "Мектепке дейінгі тәрбие және оқыту"


def content(language: str, sections: int, programmes: int) -> dict:
    paragraph = PARAGRAPH[language]
    return {
        "authority": "Алматы қаласының білім басқармасы",
        "organization": "«Әл-Фараби атындағы № 5 мектеп-гимназиясы» КММ",
        "bin": "050540000123",
        "applicant": "Ғалымжан Қасымұлы Өтепов",
        "subject": "Үздік оқушыларға арналған қосымша білім беру бағдарламасы",
        "decision": paragraph,
        "case_number": "SMP-2026-000123",
        "sections": [
            {"title": f"Бөлім {i}", "paragraphs": [paragraph, paragraph * 2, paragraph]}
            for i in range(1, sections + 1)
        ],
        "programmes": [
            {"code": f"{i:04d}000", "name": PROGRAMME, "form": "күндізгі"}
            for i in range(1, programmes + 1)
        ],
        "signatory": "Ә. Қ. Нұрланова",
        "signatory_position": "Басқарма басшысы",
    }


def document(language: str, sections: int, programmes: int) -> IssuedDocument:
    return IssuedDocument(
        pk=1,
        kind=DocumentKind.DECISION,
        number="DEC-2026-000042",
        language=language,
        template="casework/documents/sample.html",
        context=content(language, sections, programmes),
        issued_at=timezone.now(),
        verification_code="bench-verification-code-000",
    )


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def five_page_document(language: str) -> IssuedDocument:
    """Grow the content until the PDF has exactly five pages."""
    sections, programmes = 4, 10
    while True:
        candidate = document(language, sections, programmes)
        count = pages(document_pdf(candidate))
        if count == 5:
            return candidate
        if count > 5:
            programmes -= 3
            if programmes < 0:
                sections, programmes = sections - 1, 20
        else:
            programmes += 6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--language", default="kk", choices=["kk", "ru", "en"])
    args = parser.parse_args()

    started = time.perf_counter()
    doc = five_page_document(args.language)
    warm_up = time.perf_counter() - started
    times, cpu_times = [], []
    for _ in range(args.runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        pdf = document_pdf(doc)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"document: {pages(pdf)} pages, {len(pdf) / 1024:.0f} KiB, language {args.language}")
    print(f"warm-up (imports excluded, sizing the content): {warm_up:.2f} s")
    print(
        f"{args.runs} warm runs: median {statistics.median(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s"
    )
    # Rendering is single-threaded: on a busy machine the CPU time is the fairer figure.
    print(
        f"{args.runs} warm runs, CPU time: median {statistics.median(cpu_times):.3f} s, "
        f"min {min(cpu_times):.3f} s, max {max(cpu_times):.3f} s (load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    print(f"peak RSS of the process: {rss_mib:.0f} MiB")
    target = 1.0
    verdict = "met" if statistics.median(times) < target else "MISSED"
    print(f"target < {target:.1f} s wall-clock median: {verdict}")


if __name__ == "__main__":
    main()
