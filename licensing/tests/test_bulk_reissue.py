"""Bulk reissue after renames (seed 000: 112 licenses reissued when district schools were
renamed)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from casework.exceptions import CasePermissionDenied
from casework.models import DocumentKind, IssuedDocument
from licensing import documents, services
from licensing.models import BulkReissueItem, LicenseApplication, LicenseEvent
from registry.models import Organization
from registry.services import organization_rename
from registry.tests.factories import OrganizationFactory

from .factories import LicenseAppendixFactory, LicenseFactory, world

pytestmark = pytest.mark.django_db
RENAMED_ON = datetime.date.today() - datetime.timedelta(days=3)


def _licensed_schools(w, count):
    schools = [OrganizationFactory(region=w.organization.region) for _ in range(count)]
    for school in schools:
        license_ = LicenseFactory(organization=school, authority=w.authority)
        LicenseAppendixFactory(license=license_, level=w.level)
        documents.license_document_issue(license_, license_, language="ru", version="initial")
    return schools


def _csv(rows) -> bytes:
    lines = ["bin,name_ru,name_kk,name_en"] + [",".join(row) for row in rows]
    return "\n".join(lines).encode()


def _rename_rows(schools):
    return [
        (s.bin, f"КГУ «Школа-лицей № {i}»", f"«№ {i} мектеп-лицей» КММ", f"School-lyceum No. {i}")
        for i, s in enumerate(schools)
    ]


def _run(w, data):
    run = services.bulk_reissue_start(actor=w.head, effective_date=RENAMED_ON, csv_file=data)
    return services.bulk_reissue_run(run.pk)  # the task's body, as the worker runs it


def test_bulk_reissue_of_200_licenses_twice_reissues_each_once_and_a_bad_row_fails_alone():
    w = world()
    schools = _licensed_schools(w, 201)
    rows = _rename_rows(schools)
    bad = schools[-1]
    rows[-1] = (bad.bin, "КГУ «Школа без казахского названия»", "", "")  # kk is required
    rows.append(("123456789012", "Нет такой", "Жоқ", ""))  # not a valid BIN

    first = _run(w, _csv(rows))

    items = first.items.order_by("id")
    assert items.filter(status="done").count() == 200
    failed = items.filter(status="failed")
    assert sorted(failed.values_list("bin", flat=True)) == sorted([bad.bin, "123456789012"])
    assert all(item.error for item in failed)
    reissues = LicenseApplication.objects.filter(kind="reissue", state="granted")
    assert reissues.count() == 200
    assert not reissues.filter(organization=bad).exists()
    superseded = IssuedDocument.objects.filter(kind=DocumentKind.LICENSE, status="superseded")
    assert superseded.count() == 200
    renamed = Organization.objects.get(pk=schools[0].pk)
    assert renamed.name_ru == "КГУ «Школа-лицей № 0»"
    assert renamed.events.filter(kind="rename", effective_date=RENAMED_ON).count() == 1
    assert first.finished_at is not None

    second = _run(w, _csv(rows))

    assert LicenseApplication.objects.filter(kind="reissue").count() == 200
    assert superseded.count() == 200
    assert IssuedDocument.objects.filter(kind=DocumentKind.LICENSE).count() == 401
    assert Organization.objects.get(pk=schools[0].pk).events.filter(kind="rename").count() == 1
    assert second.items.filter(status="done", reissued=0, skipped=1).count() == 200
    assert second.items.filter(status="failed").count() == 2


def test_a_reissued_license_prints_the_new_name_and_its_history_names_the_case():
    w = world()
    # The run's cases are opened by the head, and their PDFs are in the head's language.
    w.head.language = "ru"
    w.head.save(update_fields=["language"])
    (school,) = _licensed_schools(w, 1)
    _run(w, _csv(_rename_rows([school])))
    license_ = school.licenses.get()
    assert license_.holder_name_ru == "КГУ «Школа-лицей № 0»"
    assert license_.holder_name_kk == "«№ 0 мектеп-лицей» КММ"
    application = LicenseApplication.objects.get(license=license_)
    assert application.batch_key
    assert LicenseEvent.objects.filter(
        license=license_, kind="reissued", case_number=application.number
    ).exists()
    new_pdf = documents.current_document(DocumentKind.LICENSE, license_.number)
    assert new_pdf.context["holder_name"] == "КГУ «Школа-лицей № 0»"


def test_organizations_renamed_on_a_date_are_picked_from_the_registry():
    w = world()
    renamed, untouched = _licensed_schools(w, 2)
    organization_rename(renamed, effective_date=RENAMED_ON, name_ru="Новое имя", name_kk="Жаңа")
    run = services.bulk_reissue_start(actor=w.head, effective_date=RENAMED_ON, renamed_on=True)
    run = services.bulk_reissue_run(run.pk)
    assert list(run.items.values_list("bin", "status", "reissued")) == [(renamed.bin, "done", 1)]
    assert not LicenseApplication.objects.filter(organization=untouched).exists()


def test_a_failed_organization_is_retried_after_its_data_is_fixed():
    w = world()
    (school,) = _licensed_schools(w, 1)
    run = _run(w, _csv([(school.bin, "Только русское имя", "", "")]))
    item = run.items.get()
    assert item.status == BulkReissueItem.Status.FAILED
    item.new_names = {"ru": "Только русское имя", "kk": "Тек орысша емес"}
    item.save()
    assert services.bulk_reissue_retry_failed(run, actor=w.head) == 1
    services.bulk_reissue_run(run.pk)
    item.refresh_from_db()
    assert (item.status, item.reissued) == ("done", 1)


def test_only_a_head_of_department_starts_a_bulk_reissue():
    w = world()
    with pytest.raises(CasePermissionDenied):
        services.bulk_reissue_start(actor=w.staff, effective_date=RENAMED_ON, renamed_on=True)


def test_a_file_matching_nothing_is_refused():
    w = world()
    with pytest.raises(ValidationError):
        services.bulk_reissue_start(actor=w.head, effective_date=RENAMED_ON, renamed_on=True)


def test_an_organization_outside_the_jurisdiction_fails():
    w = world()
    outsider = OrganizationFactory()
    LicenseFactory(organization=outsider)
    run = _run(w, _csv([(outsider.bin, "Имя", "Аты", "")]))
    assert run.items.get().status == "failed"
    assert Organization.objects.get(pk=outsider.pk).name_ru == outsider.name_ru
