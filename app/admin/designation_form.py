"""The designation form: its repeating groups, and the record it becomes.

Repeating groups (names, birth dates, identifiers, ...) are FieldLists of small
row forms. Each group has an "add another" button and each row a "remove" button,
so the form works without JavaScript; app/static/admin.js does the same in place.
Blank rows are ignored rather than refused.

The form becomes a ``DesignationRecord`` (``to_record``), the same record type the
import readers produce, and is checked by the same validator
(``services.validation.check_record``): each problem is shown beside its field.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.form_choices import JURISDICTIONS, MAX_RECORD_NUMBER, choices
from app.models import MEASURE_TYPES
from app.models.designation import KINDS, NAME_TYPES
from app.services.importing.dates import parse_date_range
from app.services.records import (
    AddressRecord,
    BirthDateRecord,
    DesignationRecord,
    IdentifierRecord,
    LinkRecord,
    MeasureRecord,
    NameRecord,
)
from app.services.validation import RecordRules, check_record

SCRIPTS = [
    "Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Arabic", "Hebrew", "Han",
    "Hangul", "Kana", "Devanagari", "Thai", "Khmer", "Bengali", "Ethiopic", "Mixed", "Other",
]  # fmt: skip
SCRIPT_CHOICES = [("", "Detect automatically"), *((s, s) for s in SCRIPTS)]
ALIAS_TYPES = [(k, v) for k, v in NAME_TYPES.items() if k != "primary"]
GENDERS = [("", "Not stated"), ("Male", "Male"), ("Female", "Female")]
MEASURE_JURISDICTIONS = [(code, label) for code, label in JURISDICTIONS if code]
BIRTH_DATE_HELP = "Write 28 Feb 1975, Feb 1975, 1974, circa 1960 or 1975 to 1979."


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


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
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_RECORD_NUMBER, message="Give a record number."),
        ],
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
    # The version the edit form was loaded at (optimistic locking), and what it held
    # then (designation_merge.encode_base): a conflict merges three ways with it.
    version = HiddenField()
    base = HiddenField()

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
    _record: DesignationRecord | None = None  # set by validate()

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

    def validate(self, extra_validators=None, *, rules: RecordRules) -> bool:  # noqa: ANN001
        """The fields' own checks, then the record validator's (``rules``: its settings)."""
        valid = super().validate(extra_validators)
        rows_ok = self._validate_rows()
        record_ok = self._validate_record(rules)  # every problem shown at once
        return valid and rows_ok and record_ok

    def _validate_rows(self) -> bool:
        """What only the form can tell: rows left half filled, names given twice."""
        ok = True
        seen_names = {_text(self.primary_name.data).casefold()}
        for row in self.rows("names"):
            name = _text(row.full_name.data)
            if name and name.casefold() in seen_names:
                row.add_error("full_name", "This name is already given above.")
                ok = False
            seen_names.add(name.casefold())
        for row in self.rows("birth_dates"):
            if parse_date_range(row.text.data or "").earliest is None:
                row.add_error("text", f"Unreadable date. {BIRTH_DATE_HELP}")
                ok = False
        for row in self.rows("nationalities"):
            if not _text(row.country.data):
                row.add_error("country", "Give a country.")
                ok = False
        return ok

    def _validate_record(self, rules: RecordRules) -> bool:
        record, fields = self._record_and_fields()
        problems = check_record(record, rules, known_countries=set(self.known_countries))
        self._record = record
        for problem in problems:
            field = fields.get(problem.field) or fields.get(problem.field.rsplit(".", 1)[0])
            if field is None:
                self.form_errors.append(problem.message)
            elif problem.message not in field.errors:
                field.errors = [*field.errors, problem.message]
        return not problems

    def to_record(self) -> DesignationRecord:
        """The validated form as the record the service writes (countries canonical)."""
        if self._record is None:
            raise RuntimeError("to_record() needs a successful validate() first")
        return self._record

    def _record_and_fields(self) -> tuple[DesignationRecord, dict[str, Field]]:
        """The form as a record, and which form field each record path came from."""
        fields: dict[str, Field] = {
            "kind": self.kind,
            "primary_name": self.primary_name,
            "primary_script": self.primary_script,
            "gender": self.gender,
            "titles": self.titles,
            "remarks": self.remarks,
        }
        titles = [t for t in (_text(x) for x in (self.titles.data or "").splitlines()) if t]
        for i in range(len(titles)):
            fields[f"titles[{i}]"] = self.titles

        def rows(group: str, attrs: dict[str, str]) -> list:
            found = self.rows(group)
            for i, row in enumerate(found):
                for path, name in attrs.items():
                    fields[f"{group}[{i}]{path}"] = row[name]
            return found

        names = rows("names", {".full_name": "full_name"})
        births = rows("birth_dates", {"": "text"})
        places = rows("birth_places", {"": "place"})
        countries = self.rows("nationalities")
        nationalities = [r for r in countries if r.kind.data == "nationality"]
        citizenships = [r for r in countries if r.kind.data == "citizenship"]
        for group, found in (("nationalities", nationalities), ("citizenships", citizenships)):
            for i, row in enumerate(found):
                fields[f"{group}[{i}]"] = row.country
        identifier_attrs = ["id_type", "number", "country", "issued_on", "expires_on", "note"]
        identifiers = rows("identifiers", {f".{a}": a for a in identifier_attrs})
        addresses = rows("addresses", {f".{a}": a for a in ["address", "city", "country", "note"]})
        measures = rows("measures", {".start_date": "start_date", ".end_date": "end_date"})
        refs = rows("source_refs", {"": "source", "[0]": "source", "[1]": "ref"})
        links = rows(
            "links", {".target_name": "target_name", ".relation": "relation", "": "target_name"}
        )
        record = DesignationRecord(
            kind=self.kind.data,
            primary_name=_text(self.primary_name.data),
            primary_script=self.primary_script.data or None,
            names=[
                NameRecord(
                    _text(r.full_name.data), r.name_type.data, r.quality.data, r.script.data or None
                )
                for r in names
            ],
            gender=self.gender.data or None,
            titles=titles,
            remarks=(self.remarks.data or "").strip() or None,
            listed_on=self.listed_on.data,
            birth_dates=[_birth_date(r.text.data) for r in births],
            birth_places=[_text(r.place.data) for r in places],
            nationalities=[_text(r.country.data) for r in nationalities],
            citizenships=[_text(r.country.data) for r in citizenships],
            identifiers=[
                IdentifierRecord(
                    id_type=_text(r.id_type.data),
                    number=_text(r.number.data),
                    country=_text(r.country.data) or None,
                    issued_on=r.issued_on.data,
                    expires_on=r.expires_on.data,
                    note=_text(r.note.data) or None,
                )
                for r in identifiers
            ],
            addresses=[
                AddressRecord(
                    address=_text(r.address.data) or None,
                    city=_text(r.city.data) or None,
                    country=_text(r.country.data) or None,
                    note=_text(r.note.data) or None,
                )
                for r in addresses
            ],
            program_codes=list(self.programs.data or []),
            measures=[
                MeasureRecord(
                    measure_type=r.measure_type.data,
                    jurisdiction=r.jurisdiction.data,
                    program_code=r.program.data or None,
                    start_date=r.start_date.data,
                    end_date=r.end_date.data,
                )
                for r in measures
            ],
            source_refs=[(_text(r.source.data), _text(r.ref.data)) for r in refs],
            links=[
                LinkRecord(
                    target_name=_text(r.target_name.data),
                    relation=_text(r.relation.data) or "linked to",
                    target_id=r.target_id.data,
                )
                for r in links
            ],
        )
        return record, fields


def _birth_date(text: str | None) -> BirthDateRecord:
    parsed = parse_date_range(_text(text))
    return BirthDateRecord(text=parsed.text, earliest=parsed.earliest, latest=parsed.latest)
