"""The issuing authority's seal on every issued PDF: a PAdES signature made with pyHanko, and its
check when someone uploads a PDF to the verification page.

The key and certificate come from settings: `DOCUMENT_SEAL_PKCS12` (a PKCS#12 file, its password
in `DOCUMENT_SEAL_PKCS12_PASSWORD` from the environment), or `DOCUMENT_SEAL_KEY` and
`DOCUMENT_SEAL_CERT` (PEM or DER files) with `DOCUMENT_SEAL_CHAIN` (the intermediate
certificates). `DOCUMENT_SEAL_TRUST_ROOTS` lists the root certificates a seal must chain to for
the verification page to call it trusted. The demo and the tests make a throwaway certificate
authority (casework.seal_ca). Without a configured key documents are issued unsealed and the
verification page says so.
"""

import asyncio
import dataclasses
import io
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _

FIELD_NAME = "AuthoritySeal"


@dataclasses.dataclass(frozen=True)
class SealCheck:
    """What a PDF's seal says: `sealed` (it has one), `intact` (the signed bytes are unchanged
    and cover the whole file), `trusted` (the certificate chains to a trusted root), `signer`
    (the certificate's subject) and a message for people."""

    sealed: bool
    intact: bool
    trusted: bool
    signer: str
    message: str

    @property
    def valid(self) -> bool:
        return self.sealed and self.intact and self.trusted


def seal_configured() -> bool:
    return _signer(*_settings_key()) is not None


def seal_pdf(content: bytes) -> bytes:
    """The PDF with the authority's PAdES signature appended (an incremental update), or the
    PDF unchanged when no seal is configured."""
    signer = _signer(*_settings_key())
    if signer is None:
        return content
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=str(_("Issued by the authority named in the document")),
    )

    def sign():
        writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
        return signers.sign_pdf(writer, metadata, signer=signer).getvalue()

    return _outside_event_loop(sign)


def seal_signer_name() -> str:
    """The subject of the sealing certificate, as the verification page names it."""
    signer = _signer(*_settings_key())
    return _holder(signer.signing_cert) if signer is not None else ""


def seal_check(content: bytes) -> SealCheck:
    """Check the seal of an uploaded PDF against the configured trust roots."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any unreadable file is simply "not a sealed PDF"
        signatures = []
    if not signatures:
        return SealCheck(False, False, False, "", str(_("The file carries no seal.")))
    signature = signatures[-1]
    context = ValidationContext(trust_roots=_trust_roots(*_settings_key()), allow_fetching=False)

    def validate():
        return validate_pdf_signature(signature, context)

    try:
        status = _outside_event_loop(validate)
    except Exception:  # noqa: BLE001 - a malformed signature is a broken seal, not a crash
        return SealCheck(True, False, False, "", str(_("The seal is damaged and cannot be read.")))
    signer = _holder(status.signing_cert) if status.signing_cert else ""
    # The seal must cover the whole file: bytes added after signing are a change too.
    intact = bool(
        status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    )
    trusted = bool(status.trusted)
    if not intact:
        message = _("The seal does not match the file: the file was changed after sealing.")
    elif not trusted:
        message = _("The seal is intact, but its certificate is not one the portal trusts.")
    else:
        message = _("The seal is intact and was made by %(signer)s.") % {"signer": signer}
    return SealCheck(True, intact, trusted, signer, str(message))


def _holder(certificate) -> str:
    """Who holds a certificate, as people name them: its common name, else its organization
    (the subject's other attributes carry English labels that no reader needs)."""
    subject = certificate.subject.native
    return subject.get("common_name") or subject.get("organization_name") or ""


def _settings_key() -> tuple:
    return (
        getattr(settings, "DOCUMENT_SEAL_PKCS12", "") or "",
        getattr(settings, "DOCUMENT_SEAL_PKCS12_PASSWORD", "") or "",
        getattr(settings, "DOCUMENT_SEAL_KEY", "") or "",
        getattr(settings, "DOCUMENT_SEAL_CERT", "") or "",
        tuple(getattr(settings, "DOCUMENT_SEAL_CHAIN", ()) or ()),
        tuple(getattr(settings, "DOCUMENT_SEAL_TRUST_ROOTS", ()) or ()),
    )


@lru_cache(maxsize=4)
def _signer(pkcs12, password, key, cert, chain, _roots):
    from pyhanko.sign import signers

    if pkcs12:
        return signers.SimpleSigner.load_pkcs12(
            str(pkcs12), passphrase=password.encode() if password else None
        )
    if key and cert:
        return signers.SimpleSigner.load(
            str(key), str(cert), ca_chain_files=[str(c) for c in chain]
        )
    return None


@lru_cache(maxsize=4)
def _trust_roots(pkcs12, password, key, cert, chain, roots):
    from pyhanko.keys import load_cert_from_pemder

    return [load_cert_from_pemder(str(path)) for path in roots]


def _outside_event_loop(function):
    """pyHanko's synchronous API runs its own event loop; where one is running already (a test
    driving a browser) it runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()
