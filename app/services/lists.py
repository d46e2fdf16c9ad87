"""The sanctions lists the app reads: their names, publishers and public pages.

Designations keep the list's code (``SourceRef.source``: "ofac-sdn", ...); pages show
its name. Where a list has a public page per entry, ``entry_url`` gives its address.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListInfo:
    code: str
    name: str
    jurisdiction: str
    publisher: str
    url: str  # the list's own page
    entry_url: str | None = None  # a page per entry: "{ref}" is replaced by the entry's ref
    short_name: str = ""  # for tags beside names and facts; the name when empty

    @property
    def short(self) -> str:
        return self.short_name or self.name

    def entry_page(self, ref: str) -> str | None:
        return self.entry_url.format(ref=ref) if self.entry_url else None


LISTS: dict[str, ListInfo] = {
    info.code: info
    for info in (
        ListInfo(
            "ofac-sdn",
            "OFAC Specially Designated Nationals (SDN) List",
            "US",
            "US Department of the Treasury, Office of Foreign Assets Control",
            "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists",
            # OFAC's Sanctions List Search shows each entry under its ent_num.
            "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={ref}",
            "OFAC SDN List",
        ),
        ListInfo(
            "un-consolidated",
            "UN Security Council Consolidated List",
            "UN",
            "United Nations Security Council",
            "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
            short_name="UN Consolidated List",
        ),
        ListInfo(
            "uk-sanctions-list",
            "UK Sanctions List",
            "UK",
            "Foreign, Commonwealth & Development Office",
            "https://www.gov.uk/government/publications/the-uk-sanctions-list",
        ),
        ListInfo(
            "ca-sema-jvcfoa",
            "Consolidated Canadian Autonomous Sanctions List",
            "CA",
            "Global Affairs Canada",
            "https://www.international.gc.ca/world-monde/international_relations-relations_internationales/sanctions/consolidated-consolide.aspx",
            short_name="Canadian Autonomous Sanctions List",
        ),
        ListInfo(
            "au-dfat-consolidated",
            "Australian Consolidated List",
            "AU",
            "Department of Foreign Affairs and Trade",
            "https://www.dfat.gov.au/international-relations/security/sanctions/consolidated-list",
        ),
    )
}


def list_info(code: str) -> ListInfo:
    """The list with this code; one the app does not know is named by its code."""
    known = LISTS.get(code)
    if known is not None:
        return known
    return ListInfo(code, code, "", "", "")


def list_name(code: str) -> str:
    return list_info(code).name
