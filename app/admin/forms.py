"""Admin forms: delisting and re-listing, sign-in, imports, accounts, audit, links.

The designation form, with its repeating groups, is in ``designation_form.py``.
"""

from __future__ import annotations

from functools import partial

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional

from app.form_choices import MAX_RECORD_NUMBER, choices
from app.models import ACTIONS, ROLES

IMPORT_FORMATS = [
    ("ofac-csv", "OFAC CSV set (sdn.csv, alt.csv, ...)"),
    ("un-xml", "UN consolidated list (XML)"),
    ("uk-csv", "UK Sanctions List (CSV)"),
    ("uk-ods", "UK Sanctions List (ODS spreadsheet)"),
    ("canada-xml", "Canada consolidated autonomous sanctions list (XML)"),
    ("au-xlsx", "Australia consolidated list, DFAT (XLSX spreadsheet)"),
]


class DelistForm(FlaskForm):
    delisted_on = DateField("Delisted on", validators=[InputRequired(message="Give the date.")])
    reason = TextAreaField(
        "Reason", validators=[DataRequired(message="Give the reason."), Length(max=5000)]
    )
    reference = StringField(
        "Reference",
        validators=[DataRequired(message="Give the reference."), Length(max=500)],
        description="e.g. the Federal Register notice: 89 FR 12345",
    )
    version = HiddenField()
    submit = SubmitField("Delist")


class RelistForm(FlaskForm):
    note = TextAreaField(
        "Why it is re-listed",
        validators=[DataRequired(message="Give the reason for re-listing."), Length(max=5000)],
    )
    version = HiddenField()
    submit = SubmitField("Re-list")


# Password fields tell password managers which password they want.
CurrentPasswordField = partial(PasswordField, render_kw={"autocomplete": "current-password"})
NewPasswordField = partial(PasswordField, render_kw={"autocomplete": "new-password"})


class LoginForm(FlaskForm):
    email = StringField("Email", validators=[DataRequired(), Length(max=254)])
    password = CurrentPasswordField("Password", validators=[DataRequired(), Length(max=1000)])
    next = HiddenField()
    submit = SubmitField("Sign in")


class LogoutForm(FlaskForm):
    submit = SubmitField("Sign out")


class ImportForm(FlaskForm):
    format = SelectField("Format", choices=choices(IMPORT_FORMATS), default="ofac-csv")
    sdn = FileField("sdn.csv (required for OFAC)")
    alt = FileField("alt.csv (optional)")
    add = FileField("add.csv (optional)")
    comments = FileField("sdn_comments.csv (optional)")
    list_file = FileField("The list file (.xml, .csv, .ods or .xlsx, as the format says)")
    submit = SubmitField("Upload and preview")


class ConfirmForm(FlaskForm):
    submit = SubmitField("Apply these changes")
    cancel = SubmitField("Cancel")


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    actor = SelectField("Who", choices=choices([("", "Anyone")]), default="", validate_choice=False)
    action = SelectField(
        "Action", choices=choices([("", "Any action"), *ACTIONS.items()]), default=""
    )
    designation = IntegerField(
        "Designation number",
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_RECORD_NUMBER, message="Give a record number."),
        ],
    )
    since = DateField("From", validators=[Optional()])
    until = DateField("Until", validators=[Optional()])


class NewUserForm(FlaskForm):
    email = StringField("Email", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=choices([(r, r.capitalize()) for r in ROLES]))
    password = NewPasswordField("Password", validators=[DataRequired(), Length(max=1000)])
    confirm = NewPasswordField(
        "Repeat the password", validators=[EqualTo("password", message="The passwords differ.")]
    )
    submit = SubmitField("Create account")


class OwnPasswordForm(FlaskForm):
    current = CurrentPasswordField(
        "Current password", validators=[DataRequired(), Length(max=1000)]
    )
    password = NewPasswordField("New password", validators=[DataRequired(), Length(max=1000)])
    confirm = NewPasswordField(
        "Repeat the new password",
        validators=[EqualTo("password", message="The passwords differ.")],
    )
    submit = SubmitField("Change password")


class UserAccessForm(FlaskForm):
    role = SelectField("Role", choices=choices([(r, r.capitalize()) for r in ROLES]))
    active = BooleanField("Can sign in")
    password = NewPasswordField(
        "New password (leave empty to keep)", validators=[Optional(), Length(max=1000)]
    )
    submit = SubmitField("Save")


class LinkDecisionForm(FlaskForm):
    """Confirm or reject one proposed link between designations of two lists."""

    confirm = SubmitField("Same subject: link")
    reject = SubmitField("Different: reject")
