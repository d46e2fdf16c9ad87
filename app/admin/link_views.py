"""Cross-list links: editors confirm or reject the pairs linking proposed."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.admin import bp
from app.admin.forms import LinkDecisionForm
from app.extensions import db
from app.models import LINK_STATUSES, Designation, SubjectLink
from app.services import audit, linking
from app.services.lists import list_name
from app.services.subjects import link_contexts


@bp.get("/links")
def links():
    """Pairs of designations of different lists, by status (proposed first)."""
    status = request.args.get("status", "proposed")
    if status not in LINK_STATUSES:
        status = "proposed"
    counts = dict(
        db.session.execute(
            select(SubjectLink.status, func.count(SubjectLink.id)).group_by(SubjectLink.status)
        ).all()
    )
    pairs = db.session.scalars(
        select(SubjectLink)
        .where(SubjectLink.status == status)
        .order_by(SubjectLink.score.desc(), SubjectLink.id)
        .limit(current_app.config["LINK_REVIEW_PAGE_SIZE"])
        .options(
            selectinload(SubjectLink.designation_a).selectinload(Designation.source_refs),
            selectinload(SubjectLink.designation_b).selectinload(Designation.source_refs),
            selectinload(SubjectLink.designation_a).selectinload(Designation.birth_dates),
            selectinload(SubjectLink.designation_b).selectinload(Designation.birth_dates),
        )
    ).all()
    return render_template(
        "admin/links.html",
        pairs=pairs,
        contexts=link_contexts(db.session, list(pairs)),
        list_name=list_name,
        status=status,
        counts=counts,
        statuses=LINK_STATUSES,
        form=LinkDecisionForm(),
    )


@bp.post("/links/<int:link_id>")
def decide_link(link_id: int):
    """Record an editor's decision on one pair (audited; kept across re-imports)."""
    form = LinkDecisionForm()
    if not form.validate_on_submit() or not (form.confirm.data or form.reject.data):
        abort(400)
    link = linking.decide(
        db.session,
        link_id,
        confirm=bool(form.confirm.data),
        actor=audit.Actor.for_user(current_user),
    )
    if link is None:
        abort(404)
    flash(
        "Linked: they are now one subject." if link.status == "linked" else "Rejected: kept apart.",
        "success",
    )
    return redirect(url_for("admin.links", status=request.args.get("status", "proposed")))
