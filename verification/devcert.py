"""The development certificate: a CA and a seal certificate issued by it, both named as not for
production use, so that sealing works out of the box on a developer's machine. Tests make their
own chain with the same function (in a temporary directory)."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# How a development certificate is recognised (verification/checks.py refuses it in production).
DEV_MARK = "DEVELOPMENT ONLY"
# X.509 allows 64 bytes in a common name (22 Thai letters), so the Thai part is short.
DEV_NAME = f"ห้ามใช้งานจริง / {DEV_MARK}"


@dataclass(frozen=True)
class Chain:
    ca: Path
    cert: Path
    key: Path


def create_chain(directory: Path, *, common_name: str = DEV_NAME, organisation: str = "pa-portal") -> Chain:
    """Write ca.pem, seal.pem and seal.key (unencrypted, mode 0600) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"CA {common_name}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    chain = Chain(directory / "ca.pem", directory / "seal.pem", directory / "seal.key")
    chain.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    chain.key.touch(mode=0o600)
    chain.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return chain


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def is_development(cert_path: str) -> bool:
    """Whether the certificate at `cert_path` is a development one (by its subject)."""
    cert = x509.load_pem_x509_certificate(Path(cert_path).read_bytes())
    return any(DEV_MARK in str(attr.value) for attr in cert.subject)
