"""The public search form: bound to the query string, no CSRF (it only reads)."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.form_choices import JURISDICTIONS, choices
from app.models import MEASURE_TYPES
from app.models.designation import KINDS

__all__ = ["JURISDICTIONS", "SearchForm", "choices"]


SORTS = [("score", "Best match first"), ("name", "Name A–Z")]
STATUS_CHOICES = [
    ("active", "Active only"),
    ("delisted", "Delisted only"),
    ("all", "Active and delisted"),
]


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing; its URL is a permalink

    q = StringField(
        "Name",
        validators=[InputRequired(message="Type a name to search for.")],
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
    birth_year = IntegerField("Year of birth", validators=[Optional()])
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

    # Limits come from the app's config (not config.Config), so create_app overrides hold.
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.max_query_length = current_app.config["SEARCH_MAX_QUERY_LENGTH"]
        self.min_birth_year = current_app.config["MIN_BIRTH_YEAR"]
        self.q.render_kw = {"maxlength": self.max_query_length}

    def validate_q(self, field: StringField) -> None:
        if len(field.data or "") > self.max_query_length:
            raise ValidationError(
                f"Field cannot be longer than {self.max_query_length} characters."
            )

    def validate_birth_year(self, field: IntegerField) -> None:
        this_year = date.today().year
        if field.data is not None and not self.min_birth_year <= field.data <= this_year:
            raise ValidationError(f"Give a year between {self.min_birth_year} and this year.")
