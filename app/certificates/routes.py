"""Certificate pages: issue from the search page, show, download, the public key."""

from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app import params
from app.certificates import bp
from app.certified_search import certify_search, may_see, public_key
from app.extensions import db, limiter
from app.services import certificates
from app.services.signing import SigningKeyError


@bp.errorhandler(SigningKeyError)
def signing_key_error(error: SigningKeyError):
    """A key setting that is no key: the installation's fault, said plainly (not a 500)."""
    current_app.logger.error("certificate signing key: %s", error)
    message = "Certificates are unavailable: the signing key is not usable."
    return render_template("error.html", status=503, message=message), 503


@bp.post("")
@limiter.shared_limit(
    lambda: current_app.config["CERTIFICATE_RATE_LIMIT"], scope="certificates-issue"
)
def issue():
    """Certify the search the form describes (the search page's button), then show it."""
    user_id = current_user.id if current_user.is_authenticated else None
    try:
        record = certify_search(request.form, user_id=user_id)
    except params.ParameterError as error:
        message = f"No certificate was issued: {error}."
        return render_template("error.html", status=400, message=message), 400
    return redirect(url_for("certificates.show", certificate_id=record.id), code=303)


def _document_or_404(certificate_id: str) -> tuple[certificates.Certificate, dict]:
    record = certificates.get_certificate(db.session, certificate_id)
    viewer = current_user._get_current_object() if current_user.is_authenticated else None
    # A run's certificate names clients and reviewers: for its owner and admins only.
    if record is None or not may_see(record, viewer):
        abort(404)
    return record, certificates.document_of(record)


@bp.get("/<certificate_id>")
def show(certificate_id: str):
    """The certificate, printable: what was searched, when, against what, and the answer."""
    record, document = _document_or_404(certificate_id)
    return render_template(
        "certificates/show.html",
        record=record,
        document=document,
        c=document["certificate"],
        key_id=public_key().key_id,
    )


@bp.get("/<certificate_id>.json")
def download(certificate_id: str):
    """The signed document as a file, exactly as issued."""
    record, _ = _document_or_404(certificate_id)
    response = Response(record.document, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="certificate-{record.id}.json"'
    return response


@bp.get("/public-key")
def public_key_pem():
    """The public key that verifies every certificate, PEM (JSON with its id at .json)."""
    return Response(public_key().pem, mimetype="text/plain")


@bp.get("/public-key.json")
def public_key_json():
    """The public key with its algorithm and id."""
    return public_key().as_dict()
