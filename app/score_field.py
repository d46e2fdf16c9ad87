"""The minimum-score field of the search and screening forms (shared: no blueprint owns it)."""

from __future__ import annotations

from decimal import Decimal

from wtforms import DecimalField
from wtforms.validators import NumberRange, Optional

SCORE_MESSAGE = "Give a score between 0 and 1."


class ScoreField(DecimalField):
    """A score from 0 to 1 with two decimals; NaN, infinities and huge numbers are form errors.

    ``Decimal`` reads "sNaN" as a signalling NaN, which cannot even be compared or
    turned into a float: it becomes a quiet NaN here, which the range check refuses.
    "-0" is read as 0.
    """

    def __init__(self, label: str, **kwargs: object) -> None:
        validators = [Optional(), NumberRange(min=0, max=1, message=SCORE_MESSAGE)]
        super().__init__(label, places=2, validators=validators, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata(valuelist)
        if self.data is None:
            return
        if self.data.is_nan():
            self.data = Decimal("NaN")
        elif self.data.is_zero():
            self.data = Decimal(0)
