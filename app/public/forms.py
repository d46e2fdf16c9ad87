"""The public search form: bound to the query string, no CSRF (it only reads)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.models import MEASURE_TYPES
from app.models.designation import KINDS
from app.score_field import ScoreField
from config import Config


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


SORTS = [("score", "Best match first"), ("name", "Name A–Z")]
STATUS_CHOICES = [
    ("active", "Active only"),
    ("delisted", "Delisted only"),
    ("all", "Active and delisted"),
]
JURISDICTIONS = [
    ("", "Any jurisdiction"),
    ("US", "United States"),
    ("UK", "United Kingdom"),
    ("CA", "Canada"),
    ("UN", "United Nations"),
    ("AU", "Australia"),
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


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing; its URL is a permalink

    q = StringField(
        "Name",
        validators=[
            InputRequired(message="Type a name to search for."),
            Length(max=Config.SEARCH_MAX_QUERY_LENGTH),
        ],
    )
    # Issue 17: search by passport, national id, tax id, IMO, ... (then the name may be empty).
    id_number = StringField(
        "Identification number",
        validators=[Optional(), Length(max=Config.MATCH_MAX_VALUE_LENGTH)],
    )
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
    birth_year = IntegerField(
        "Year of birth",
        validators=[
            Optional(),
            NumberRange(
                min=1850, max=date.today().year, message="Give a year between 1850 and this year."
            ),
        ],
    )
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
    min_score = ScoreField("Minimum score")
    sort = SelectField("Sort by", choices=choices(SORTS), default="score")
