"""Admin forms: sign-in, the designation form with its repeating groups, imports, accounts.

Repeating groups (names, birth dates, identifiers, ...) are FieldLists of small
row forms. Each group has an "add another" button and each row a "remove" button,
so the form works without JavaScript; app/static/admin.js does the same in place.
Blank rows are ignored rather than refused.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from app.admin.countries import canonical_country
from app.models import ACTIONS, MEASURE_TYPES, ROLES
from app.models.designation import KINDS, NAME_TYPES
from app.public.forms import JURISDICTIONS, choices
from app.services.designation_edits import DesignationInput, LinkInput, MeasureInput, NameInput
from app.services.importing.dates import parse_date_range
from app.services.importing.records import AddressRecord, IdentifierRecord

SCRIPTS = [
    "Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Arabic", "Hebrew", "Han",
    "Hangul", "Kana", "Devanagari", "Thai", "Khmer", "Bengali", "Ethiopic", "Mixed", "Other",
]  # fmt: skip
SCRIPT_CHOICES = [("", "Detect automatically"), *((s, s) for s in SCRIPTS)]
ALIAS_TYPES = [(k, v) for k, v in NAME_TYPES.items() if k != "primary"]
GENDERS = [("", "Not stated"), ("Male", "Male"), ("Female", "Female")]
MEASURE_JURISDICTIONS = [(code, label) for code, label in JURISDICTIONS if code]
BIRTH_DATE_HELP = "Write 28 Feb 1975, Feb 1975, 1974, circa 1960 or 1975 to 1979."
IMPORT_FORMATS = [
    ("ofac-csv", "OFAC CSV set (sdn.csv, alt.csv, ...)"),
    ("un-xml", "UN consolidated list (XML)"),
    ("uk-csv", "UK Sanctions List (CSV)"),
    ("uk-ods", "UK Sanctions List (ODS spreadsheet)"),
    ("canada-xml", "Canada consolidated autonomous sanctions list (XML)"),
    ("au-xlsx", "Australia consolidated list, DFAT (XLSX spreadsheet)"),
]


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def imo_number_is_valid(number: str) -> bool:
    """IMO ship numbers: 7 digits, the last a check digit (weights 7..2, mod 10)."""
    digits = re.sub(r"^imo\s*", "", number.strip(), flags=re.IGNORECASE)
    if not re.fullmatch(r"\d{7}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(digits[6])


class RowForm(Form):
    """A row of a repeating group: blank rows are skipped, not refused."""

    remove = SubmitField("Remove")

    def is_blank(self) -> bool:
        for name, field in self._fields.items():
            if name == "remove" or isinstance(field, SelectField):
                continue
            if field.data not in (None, "", []):
                return False
        return True

    def add_error(self, field_name: str, message: str) -> None:
        field = self._fields[field_name]
        field.errors = [*field.errors, message]


class NameRow(RowForm):
    full_name = StringField("Name", validators=[Length(max=500)])
    name_type = SelectField("Type", choices=choices(ALIAS_TYPES), default="aka")
    quality = SelectField(
        "Quality", choices=choices([("strong", "Strong"), ("weak", "Weak")]), default="strong"
    )
    script = SelectField("Script", choices=choices(SCRIPT_CHOICES), default="")


class BirthDateRow(RowForm):
    text = StringField("Date of birth", validators=[Length(max=100)], description=BIRTH_DATE_HELP)


class PlaceRow(RowForm):
    place = StringField("Place of birth", validators=[Length(max=300)])


class CountryRow(RowForm):
    country = StringField("Country", validators=[Length(max=100)])
    kind = SelectField(
        "As",
        choices=choices([("nationality", "Nationality"), ("citizenship", "Citizenship")]),
        default="nationality",
    )


class IdentifierRow(RowForm):
    id_type = StringField("Type", validators=[Length(max=100)], description="Passport, IMO, ...")
    number = StringField("Number", validators=[Length(max=200)])
    country = StringField("Issued by (country)", validators=[Length(max=100)])
    issued_on = DateField("Issued", validators=[Optional()])
    expires_on = DateField("Expires", validators=[Optional()])
    note = StringField("Note", validators=[Length(max=1000)])


class AddressRow(RowForm):
    address = StringField("Street address", validators=[Length(max=1000)])
    city = StringField("City, region, postal code", validators=[Length(max=300)])
    country = StringField("Country", validators=[Length(max=100)])
    note = StringField("Note", validators=[Length(max=1000)])


class MeasureRow(RowForm):
    measure_type = SelectField(
        "Measure", choices=choices(list(MEASURE_TYPES.items())), default="asset_freeze"
    )
    jurisdiction = SelectField("Jurisdiction", choices=choices(MEASURE_JURISDICTIONS), default="US")
    program = SelectField("Program", choices=choices([("", "None")]), default="")
    start_date = DateField("Start date", validators=[Optional()])
    end_date = DateField("End date", validators=[Optional()])

    def is_blank(self) -> bool:
        # A row counts once it names a program or a date: its selects always hold a value.
        return not self.program.data and super().is_blank()


class SourceRefRow(RowForm):
    source = StringField("Source", validators=[Length(max=64)], description="e.g. ofac-sdn")
    ref = StringField("Reference there", validators=[Length(max=100)])


class LinkRow(RowForm):
    relation = StringField("Relation", validators=[Length(max=100)], default="linked to")
    target_name = StringField("Linked designation", validators=[Length(max=500)])
    target_id = IntegerField(
        "Record number",
        validators=[Optional(), NumberRange(min=1, message="Give a record number.")],
        description="Find it with the button; or leave empty for a subject not in the database.",
    )

    def is_blank(self) -> bool:
        return not _text(self.target_name.data) and self.target_id.data is None


# Repeating groups of the designation form: (field name, add-button label).
GROUPS = {
    "names": "Add another name",
    "birth_dates": "Add another date of birth",
    "birth_places": "Add another place of birth",
    "nationalities": "Add another nationality",
    "identifiers": "Add another identifier",
    "addresses": "Add another address",
    "measures": "Add another measure",
    "source_refs": "Add another source reference",
    "links": "Add another link",
}


class DesignationForm(FlaskForm):
    kind = SelectField(
        "Kind", choices=choices([(k, k.capitalize()) for k in KINDS]), default="individual"
    )
    primary_name = StringField(
        "Primary name",
        validators=[DataRequired(message="Give the primary name."), Length(max=500)],
    )
    primary_script = SelectField("Script", choices=choices(SCRIPT_CHOICES), default="")
    names = FieldList(FormField(NameRow), label="Aliases", min_entries=1)
    gender = SelectField("Gender", choices=choices(GENDERS), default="")
    titles = TextAreaField(
        "Titles and positions", description="One per line.", validators=[Length(max=5000)]
    )
    listed_on = DateField("Listed on", validators=[Optional()])
    birth_dates = FieldList(FormField(BirthDateRow), label="Dates of birth", min_entries=1)
    birth_places = FieldList(FormField(PlaceRow), label="Places of birth", min_entries=1)
    nationalities = FieldList(
        FormField(CountryRow), label="Nationalities and citizenships", min_entries=1
    )
    identifiers = FieldList(FormField(IdentifierRow), label="Identifiers", min_entries=1)
    addresses = FieldList(FormField(AddressRow), label="Addresses", min_entries=1)
    programs = SelectMultipleField(
        "Programs",
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    measures = FieldList(FormField(MeasureRow), label="Measures", min_entries=1)
    source_refs = FieldList(FormField(SourceRefRow), label="Source references", min_entries=1)
    links = FieldList(FormField(LinkRow), label="Links to other designations", min_entries=1)
    remarks = TextAreaField("Remarks", validators=[Length(max=20000)])
    # The version the edit form was loaded at (optimistic locking).
    version = HiddenField()

    add_names = SubmitField(GROUPS["names"])
    add_birth_dates = SubmitField(GROUPS["birth_dates"])
    add_birth_places = SubmitField(GROUPS["birth_places"])
    add_nationalities = SubmitField(GROUPS["nationalities"])
    add_identifiers = SubmitField(GROUPS["identifiers"])
    add_addresses = SubmitField(GROUPS["addresses"])
    add_measures = SubmitField(GROUPS["measures"])
    add_source_refs = SubmitField(GROUPS["source_refs"])
    add_links = SubmitField(GROUPS["links"])
    find_links = SubmitField("Find designations to link")
    save = SubmitField("Save")
    save_anyway = SubmitField("Save anyway")

    # Countries already stored on the designation are accepted as they are, so an
    # imported record whose source spells a country oddly can still be edited.
    known_countries: set[str] = set()

    def bind_programs(self, programs: list[tuple[str, str]]) -> None:
        """Set the program choices (from the database) on the form and every measure row."""
        self.programs.choices = choices(programs)
        for row in self.measures:
            row.form.program.choices = choices([("", "None"), *programs])

    def group_action(self) -> bool:
        """Apply an "add another" or "remove" button; True if one was pressed."""
        for group in GROUPS:
            field_list: FieldList = getattr(self, group)
            if getattr(self, f"add_{group}").data:
                field_list.append_entry()
                return True
            for row in list(field_list.entries):
                if row.form.remove.data:
                    field_list.entries.remove(row)
                    if not field_list.entries:
                        field_list.append_entry()
                    return True
        return False

    def rows(self, group: str) -> list:
        return [row.form for row in getattr(self, group) if not row.form.is_blank()]

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        valid = super().validate(extra_validators)
        return self._validate_rows() and valid

    def _country(self, row: RowForm, field_name: str, required: bool) -> bool:
        value = _text(row[field_name].data)
        if not value:
            if required:
                row.add_error(field_name, "Give a country.")
                return False
            return True
        if value in self.known_countries or canonical_country(value):
            return True
        row.add_error(field_name, f"Unknown country {value!r}: pick one from the list.")
        return False

    def _validate_rows(self) -> bool:
        ok = True
        seen_names = {_text(self.primary_name.data).casefold()}
        for row in self.rows("names"):
            name = _text(row.full_name.data)
            if not name:
                row.add_error("full_name", "Give the name, or remove the row.")
                ok = False
            elif name.casefold() in seen_names:
                row.add_error("full_name", "This name is already given above.")
                ok = False
            seen_names.add(name.casefold())
        for row in self.rows("birth_dates"):
            if parse_date_range(row.text.data or "").earliest is None:
                row.add_error("text", f"Unreadable date. {BIRTH_DATE_HELP}")
                ok = False
        for row in self.rows("nationalities"):
            ok = self._country(row, "country", required=True) and ok
        for row in self.rows("identifiers"):
            if not _text(row.id_type.data):
                row.add_error("id_type", "Give the type of identifier.")
                ok = False
            if not _text(row.number.data):
                row.add_error("number", "Give the number.")
                ok = False
            elif "imo" in _text(row.id_type.data).lower() and not imo_number_is_valid(
                row.number.data
            ):
                row.add_error("number", "Not a valid IMO number (7 digits, last is a check digit).")
                ok = False
            ok = self._country(row, "country", required=False) and ok
            if (
                row.issued_on.data
                and row.expires_on.data
                and row.expires_on.data < row.issued_on.data
            ):
                row.add_error("expires_on", "The expiry date must be after the issue date.")
                ok = False
        for row in self.rows("addresses"):
            ok = self._country(row, "country", required=False) and ok
        for row in self.rows("measures"):
            if (
                row.start_date.data
                and row.end_date.data
                and row.end_date.data < row.start_date.data
            ):
                row.add_error("end_date", "The end date must be after the start date.")
                ok = False
        for row in self.rows("source_refs"):
            for name in ("source", "ref"):
                if not _text(row[name].data):
                    row.add_error(name, "Give both the source and the reference.")
                    ok = False
        for row in self.rows("links"):
            if not _text(row.target_name.data) and row.target_id.data is None:
                row.add_error("target_name", "Name the linked designation.")
                ok = False
        return ok

    def to_input(self) -> DesignationInput:
        """The validated form as the service's input."""

        def country(value: str | None) -> str | None:
            value = _text(value)
            if not value:
                return None
            return value if value in self.known_countries else canonical_country(value) or value

        names = [
            NameInput(
                _text(r.full_name.data), r.name_type.data, r.quality.data, r.script.data or None
            )
            for r in self.rows("names")
        ]
        countries = self.rows("nationalities")
        return DesignationInput(
            kind=self.kind.data,
            primary_name=_text(self.primary_name.data),
            primary_script=self.primary_script.data or None,
            names=names,
            gender=self.gender.data or None,
            titles=[t for t in (_text(x) for x in (self.titles.data or "").splitlines()) if t],
            remarks=(self.remarks.data or "").strip() or None,
            listed_on=self.listed_on.data,
            birth_dates=[_text(r.text.data) for r in self.rows("birth_dates")],
            birth_places=[_text(r.place.data) for r in self.rows("birth_places")],
            nationalities=[
                country(r.country.data) for r in countries if r.kind.data == "nationality"
            ],
            citizenships=[
                country(r.country.data) for r in countries if r.kind.data == "citizenship"
            ],
            identifiers=[
                IdentifierRecord(
                    id_type=_text(r.id_type.data),
                    number=_text(r.number.data),
                    country=country(r.country.data),
                    issued_on=r.issued_on.data,
                    expires_on=r.expires_on.data,
                    note=_text(r.note.data) or None,
                )
                for r in self.rows("identifiers")
            ],
            addresses=[
                AddressRecord(
                    address=_text(r.address.data) or None,
                    city=_text(r.city.data) or None,
                    country=country(r.country.data),
                    note=_text(r.note.data) or None,
                )
                for r in self.rows("addresses")
            ],
            program_codes=list(self.programs.data or []),
            measures=[
                MeasureInput(
                    measure_type=r.measure_type.data,
                    jurisdiction=r.jurisdiction.data,
                    program_code=r.program.data or None,
                    start_date=r.start_date.data,
                    end_date=r.end_date.data,
                )
                for r in self.rows("measures")
            ],
            source_refs=[
                (_text(r.source.data), _text(r.ref.data)) for r in self.rows("source_refs")
            ],
            links=[
                LinkInput(
                    target_name=_text(r.target_name.data),
                    relation=_text(r.relation.data) or "linked to",
                    target_id=r.target_id.data,
                )
                for r in self.rows("links")
            ],
        )


def form_data(d) -> dict:  # noqa: ANN001  (a Designation)
    """A designation as the designation form's data (for the edit page)."""

    def rows(items: list[dict]) -> list[dict]:
        return items or [{}]

    return {
        "kind": d.kind,
        "primary_name": d.primary_name,
        "primary_script": next((n.script or "" for n in d.names if n.name_type == "primary"), ""),
        "names": rows(
            [
                {
                    "full_name": n.full_name,
                    "name_type": n.name_type,
                    "quality": n.quality,
                    "script": n.script or "",
                }
                for n in d.names
                if n.name_type != "primary"
            ]
        ),
        "gender": d.gender or "",
        "titles": "\n".join(d.titles or []),
        "listed_on": d.listed_on,
        "birth_dates": rows([{"text": b.text} for b in d.birth_dates]),
        "birth_places": rows([{"place": p.place} for p in d.birth_places]),
        "nationalities": rows([{"country": n.country, "kind": n.kind} for n in d.nationalities]),
        "identifiers": rows(
            [
                {
                    "id_type": i.id_type,
                    "number": i.number,
                    "country": i.country or "",
                    "issued_on": i.issued_on,
                    "expires_on": i.expires_on,
                    "note": i.note or "",
                }
                for i in d.identifiers
            ]
        ),
        "addresses": rows(
            [
                {
                    "address": a.address or "",
                    "city": a.city or "",
                    "country": a.country or "",
                    "note": a.note or "",
                }
                for a in d.addresses
            ]
        ),
        "programs": [p.code for p in d.programs],
        "measures": rows(
            [
                {
                    "measure_type": m.measure_type,
                    "jurisdiction": m.jurisdiction,
                    "program": m.program.code if m.program else "",
                    "start_date": m.start_date,
                    "end_date": m.end_date,
                }
                for m in d.measures
            ]
        ),
        "source_refs": rows([{"source": s.source, "ref": s.ref} for s in d.source_refs]),
        "links": rows(
            [
                {
                    "relation": link.relation,
                    "target_name": link.target_name,
                    "target_id": link.target_id,
                }
                for link in d.links
            ]
        ),
        "remarks": d.remarks or "",
        "version": str(d.version),
    }


def stored_countries(d) -> set[str]:  # noqa: ANN001
    return (
        {n.country for n in d.nationalities}
        | {i.country for i in d.identifiers if i.country}
        | {a.country for a in d.addresses if a.country}
    )


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
    note = TextAreaField("Why it is re-listed", validators=[Length(max=5000)])
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
    designation = IntegerField(  # at most a database id: larger numbers are a form error
        "Designation number",
        validators=[Optional(), NumberRange(1, 2**63 - 1, "Give a number of 1 or more.")],
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


def today() -> date:
    return date.today()


class LinkDecisionForm(FlaskForm):
    """Confirm or reject one proposed link between designations of two lists."""

    confirm = SubmitField("Same subject: link")
    reject = SubmitField("Different: reject")
