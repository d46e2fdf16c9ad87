"""The admin area's country list: ``app.services.countries`` (the validator needs it too)."""

from app.services.countries import canonical_country, country_names, sorted_country_names

__all__ = ["canonical_country", "country_names", "sorted_country_names"]
