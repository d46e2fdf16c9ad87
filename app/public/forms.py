"""The public search form: bound to the query string, no CSRF (it only reads)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.models import MEASURE_TYPES
from app.models.designation import KINDS
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
        "Must face", choices=choices([("", "Any")]), default="", validate_choice=False
    )
    lacks = SelectField(
        "Must not face",
        choices=choices([("", "Nothing excluded")]),
        default="",
        validate_choice=False,
    )
    status = SelectField("Status", choices=choices(STATUS_CHOICES), default="active")
    min_score = DecimalField(
        "Minimum score",
        places=2,
        validators=[Optional(), NumberRange(min=0, max=1, message="Give a score between 0 and 1.")],
    )
    sort = SelectField("Sort by", choices=choices(SORTS), default="score")
