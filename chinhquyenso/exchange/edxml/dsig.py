"""XML-DSig of edXML messages (signxml): one enveloped RSA-SHA256 signature over the whole root.

The verifier returns the element that the signature actually covers; callers read the message
from it, so content outside the signed part (signature wrapping) is never trusted.
"""

from lxml import etree
from signxml import (
    CanonicalizationMethod,
    DigestAlgorithm,
    InvalidInput,
    InvalidSignature,
    SignatureMethod,
    XMLSigner,
    XMLVerifier,
)
from signxml.exceptions import InvalidCertificate, InvalidDigest

from ..keys import load_private_key
from . import codes
from .errors import EdxmlError
from .parse import child, descendant, local
from .safe import _parser


def sign(root: etree._Element, key_pem: bytes, cert_pem: bytes) -> etree._Element:
    """Sign in place of the placeholder (or at the end of the root); returns the signed root."""
    signer = XMLSigner(
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    signer.namespaces = {"ds": codes.DSIG_NAMESPACE}
    return signer.sign(root, key=load_private_key(key_pem), cert=cert_pem.decode("ascii"))


def has_signature(root: etree._Element) -> bool:
    return any(
        isinstance(e.tag, str) and e.tag == f"{{{codes.DSIG_NAMESPACE}}}Signature"
        for e in root.iter()
    )


def verify(root: etree._Element, cert_pems: list[bytes]) -> etree._Element:
    """Verify with any of the partner's certificates; returns the signed element.

    In the legacy two-root package only the envelope can carry the signature.
    """
    target = child(root, "edXMLEnvelope") if local(root) == "edXMLPackage" else root
    if target is None or not has_signature(target):
        raise EdxmlError("unsigned", "The message carries no XML signature.")
    if not cert_pems:
        raise EdxmlError("signature", "No certificate is known for this partner.")
    data = etree.tostring(target)
    last_error = ""
    for cert in cert_pems:
        try:
            result = XMLVerifier().verify(
                data, x509_cert=cert.decode("ascii"), parser=_parser(), expect_references=1
            )
        except (InvalidSignature, InvalidDigest, InvalidCertificate, InvalidInput) as exc:
            last_error = str(exc)
            continue
        signed = result.signed_xml
        if signed is None or local(signed) != local(target):
            raise EdxmlError("signature", "The signature does not cover the whole message.")
        return signed
    raise EdxmlError("signature", f"The XML signature does not verify: {last_error}")


def signature_element(root: etree._Element):
    return descendant(root, "Signature")
