"""Template tags of the apostille's PDFs."""

import base64
import hashlib

from django import template

from casework.models import Attachment

register = template.Library()


@register.simple_tag
def scan_data_uri(scan: dict | None) -> str:
    """The scan an e-Apostille joins, as a data URI the PDF renderer embeds byte for byte
    (casework.pdf fetches nothing else). The bytes must still be the ones the act recorded:
    a file changed on disk stops the rendering rather than seal something else."""
    if not scan:
        return ""
    attachment = Attachment.objects.get(pk=scan["attachment"])
    with attachment.file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != scan["sha256"]:
        raise ValueError(f"The scan of attachment {attachment.pk} no longer matches its SHA-256")
    encoded = base64.b64encode(content).decode("ascii")
    return f"data:{scan['content_type']};base64,{encoded}"
