"""The screening upload form (CSRF-protected: it starts work on the server)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DecimalField, SubmitField
from wtforms.validators import NumberRange, Optional


class ScreeningForm(FlaskForm):
    file = FileField(
        "CSV file of names", validators=[FileRequired(message="Choose a CSV file to screen.")]
    )
    min_score = DecimalField(
        "Minimum score",
        places=2,
        validators=[Optional(), NumberRange(min=0, max=1, message="Give a score between 0 and 1.")],
    )
    submit = SubmitField("Screen")
