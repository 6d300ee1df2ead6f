"""Each issued document's file becomes the rendition in the language it was issued in."""

from django.db import migrations


def renditions_from_documents(apps, schema_editor):
    IssuedDocument = apps.get_model("casework", "IssuedDocument")
    DocumentRendition = apps.get_model("casework", "DocumentRendition")
    batch = []
    for document in IssuedDocument.objects.select_related("organization").iterator():
        organization = document.organization
        holder = ""
        if organization is not None:
            holder = getattr(organization, f"name_{document.language}", "") or organization.name
        batch.append(
            DocumentRendition(
                document_id=document.pk,
                language=document.language,
                context=document.context,
                holder_name=holder or "",
                file=document.file.name if document.file else "",
                sha256=document.sha256,
                rendered_at=document.rendered_at,
            )
        )
        if len(batch) >= 1000:
            DocumentRendition.objects.bulk_create(batch)
            batch = []
    DocumentRendition.objects.bulk_create(batch)


def documents_from_renditions(apps, schema_editor):
    IssuedDocument = apps.get_model("casework", "IssuedDocument")
    DocumentRendition = apps.get_model("casework", "DocumentRendition")
    for rendition in DocumentRendition.objects.all().iterator():
        IssuedDocument.objects.filter(
            pk=rendition.document_id, language=rendition.language
        ).update(file=rendition.file, sha256=rendition.sha256, rendered_at=rendition.rendered_at)


class Migration(migrations.Migration):
    dependencies = [("casework", "0007_renditions"), ("registry", "0003_history")]

    operations = [migrations.RunPython(renditions_from_documents, documents_from_renditions)]
