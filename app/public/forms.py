"""The public search form: bound to the query string, no CSRF (it only reads)."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.form_choices import JURISDICTIONS, choices
from app.models import MEASURE_TYPES
from app.models.designation import KINDS
from app.score_field import ScoreField

__all__ = ["JURISDICTIONS", "SearchForm", "choices"]


SORTS = [("score", "Best match first"), ("name", "Name A–Z")]
STATUS_CHOICES = [
    ("active", "Active only"),
    ("delisted", "Delisted only"),
    ("all", "Active and delisted"),
]


def jurisdiction_measure(form: FlaskForm, field: SelectField) -> None:
    """A "must (not) face" value is JURISDICTION:measure_type, as the API reads it."""
    jurisdiction, _, measure = (field.data or "").partition(":")
    if field.data and not (
        jurisdiction.isalpha() and len(jurisdiction) <= 8 and measure in MEASURE_TYPES
    ):
        raise ValidationError(
            f"{field.data[:40]!r} is not a measure: choose one from the list "
            "(a jurisdiction and a measure, such as US:visa_ban)."
        )


class DayField(DateField):
    """A date as YYYY-MM-DD (a date input), with a message that says what to type."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata([v.strip() for v in valuelist])
        except ValueError:
            shown = (valuelist[0] if valuelist else "")[:20]
            raise ValueError(f"{shown!r} is not a date: give one as YYYY-MM-DD.") from None


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing; its URL is a permalink

    q = StringField(
        "Name",
        validators=[InputRequired(message="Type a name to search for.")],
    )
    # Issue 17: search by passport, national id, tax id, IMO, ... (then the name may be empty).
    id_number = StringField("Identification number", validators=[Optional()])
    id_country = StringField("Issued by (country)", validators=[Optional(), Length(max=100)])

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        """Without a name, an identification number will do."""
        if (self.id_number.data or "").strip() and not (self.q.data or "").strip():
            self.q.validators = [Optional()]
        return super().validate(extra_validators)

    program = SelectField(
        "Program", choices=choices([("", "Any program")]), default="", validate_choice=False
    )
    jurisdiction = SelectField("Jurisdiction", choices=choices(JURISDICTIONS), default="")
    measure = SelectField(
        "Measure",
        choices=choices([("", "Any measure"), *MEASURE_TYPES.items()]),
        default="",
    )
    kind = SelectField(
        "Kind",
        choices=choices([("", "Any kind")] + [(k, k.capitalize()) for k in KINDS]),
        default="",
    )
    country = StringField("Nationality or country", validators=[Optional(), Length(max=100)])
    birth_year = IntegerField("Year of birth", validators=[Optional()])
    has = SelectField(
        "Must face",
        choices=choices([("", "Any")]),
        default="",
        validate_choice=False,
        validators=[jurisdiction_measure],
    )
    lacks = SelectField(
        "Must not face",
        choices=choices([("", "Nothing excluded")]),
        default="",
        validate_choice=False,
        validators=[jurisdiction_measure],
    )
    status = SelectField("Status", choices=choices(STATUS_CHOICES), default="active")
    # Issue 13: what the lists held on a day (delisted since included unless a status is asked).
    as_of = DayField("Listed on (date)", validators=[Optional()])
    min_score = ScoreField("Minimum score")
    sort = SelectField("Sort by", choices=choices(SORTS), default="score")

    # Limits come from the app's config (not config.Config), so create_app overrides hold.
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.max_query_length = current_app.config["SEARCH_MAX_QUERY_LENGTH"]
        self.min_birth_year = current_app.config["MIN_BIRTH_YEAR"]
        self.q.render_kw = {"maxlength": self.max_query_length}
        self.as_of.render_kw = {"max": date.today().isoformat()}

    def validate_q(self, field: StringField) -> None:
        if len(field.data or "") > self.max_query_length:
            raise ValidationError(
                f"Field cannot be longer than {self.max_query_length} characters."
            )

    def validate_id_number(self, field: StringField) -> None:
        longest = current_app.config["MATCH_MAX_VALUE_LENGTH"]
        if len(field.data or "") > longest:
            raise ValidationError(f"Field cannot be longer than {longest} characters.")

    def validate_as_of(self, field: DayField) -> None:
        if field.data is not None and field.data > date.today():
            raise ValidationError(
                f"{field.data.isoformat()} is in the future: give today or an earlier day."
            )

    def validate_birth_year(self, field: IntegerField) -> None:
        this_year = date.today().year
        if field.data is not None and not self.min_birth_year <= field.data <= this_year:
            raise ValidationError(f"Give a year between {self.min_birth_year} and this year.")
