"""A throwaway certificate authority for the demo and the tests: a root and the authority's
sealing certificate it signed, written as PEM files. Production never uses this: its key and
certificate come from the state's PKI through settings (casework.seal)."""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

FILES = ("root.pem", "seal.key", "seal.pem")


def seal_ca_make(directory: Path, *, organization: str = "Demo education authority") -> dict:
    """Write root.pem, seal.key and seal.pem into `directory`; return the settings that use
    them (DOCUMENT_SEAL_KEY, DOCUMENT_SEAL_CERT, DOCUMENT_SEAL_CHAIN,
    DOCUMENT_SEAL_TRUST_ROOTS)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test certification authority"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Test root CA (not for production)"),
        ]
    )
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(root_key, hashes.SHA256())
    )
    seal_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    seal = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                    x509.NameAttribute(NameOID.COMMON_NAME, f"{organization}: document seal"),
                ]
            )
        )
        .issuer_name(root_name)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (directory / "root.pem").write_bytes(root.public_bytes(pem))
    (directory / "seal.pem").write_bytes(seal.public_bytes(pem))
    (directory / "seal.key").write_bytes(
        seal_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (directory / "seal.key").chmod(0o600)
    return seal_ca_settings(directory)


def seal_ca_settings(directory: Path) -> dict:
    directory = Path(directory)
    return {
        "DOCUMENT_SEAL_KEY": str(directory / "seal.key"),
        "DOCUMENT_SEAL_CERT": str(directory / "seal.pem"),
        "DOCUMENT_SEAL_CHAIN": [str(directory / "root.pem")],
        "DOCUMENT_SEAL_TRUST_ROOTS": [str(directory / "root.pem")],
    }


def seal_ca_exists(directory: Path) -> bool:
    return all((Path(directory) / name).exists() for name in FILES)
