"""The screening upload form (CSRF-protected: it starts work on the server)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from app.score_field import ScoreField


class ScreeningForm(FlaskForm):
    file = FileField(
        "CSV file of names", validators=[FileRequired(message="Choose a CSV file to screen.")]
    )
    min_score = ScoreField("Minimum score")
    submit = SubmitField("Screen")
