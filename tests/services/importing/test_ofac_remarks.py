"""OFAC SDN remarks read into structured facts.

Every remarks string here is copied verbatim from /work/shared/data/ofac/sdn.csv;
the entry number is in the test's comment or name.
"""

from datetime import date

from app.services.importing.dates import CIRCA_YEARS
from app.services.importing.ofac_remarks import parse_remarks, split_remarks
from app.services.importing.records import IdentifierRecord, LinkRecord, NameRecord

KUZNETSOV = "DOB 28 Feb 1975; POB Baku, Azerbaijan."  # 15886
GERTLER = (  # 23252
    "DOB 23 Dec 1973; POB Tel Aviv, Israel; nationality Israel; alt. nationality Congo, "
    "Democratic Republic of the; Gender Male; Passport 10945182 (Israel) issued 28 Jun 2010 "
    "expires 27 Jun 2020; alt. Passport 10926248 (Israel) issued 25 Feb 2008 expires 27 Feb "
    "2018; alt. Passport DB0009084 (Congo, Democratic Republic of the) issued 28 May 2015 "
    "expires 27 May 2020; National ID No. 027100619 (Israel)."
)


def birth_spans(text: str) -> list[tuple[str, date | None, date | None]]:
    return [(b.text, b.earliest, b.latest) for b in parse_remarks(text).birth_dates]


def test_an_exact_dob_is_one_day_and_pob_keeps_its_commas():
    parsed = parse_remarks(KUZNETSOV)
    assert birth_spans(KUZNETSOV) == [("28 Feb 1975", date(1975, 2, 28), date(1975, 2, 28))]
    assert parsed.birth_places == ["Baku, Azerbaijan"]


def test_a_pob_with_region_and_country_is_one_place():
    # 16414 IRIE, Tadashi
    assert parse_remarks("DOB 09 Dec 1944; POB Uwajima, Ehime, Japan.").birth_places == [
        "Uwajima, Ehime, Japan"
    ]


def test_a_dob_month_spans_the_month():
    # 23279 GAO, Yan
    assert birth_spans("DOB Apr 1963; POB Hongtong, Shanxi, China; Gender Male.") == [
        ("Apr 1963", date(1963, 4, 1), date(1963, 4, 30))
    ]


def test_a_dob_year_range_spans_both_years():
    # 18347 HAQQANI, Abdul Aziz
    assert birth_spans("DOB 1987 to 1989.") == [
        ("1987 to 1989", date(1987, 1, 1), date(1989, 12, 31))
    ]


def test_a_dob_day_range_spans_between_the_days():
    # 16606 TANOUE, Fumio
    assert birth_spans("DOB 01 Jan 1955 to 31 Dec 1956.") == [
        ("01 Jan 1955 to 31 Dec 1956", date(1955, 1, 1), date(1956, 12, 31))
    ]


def test_a_circa_dob_is_widened_by_circa_years():
    # 11738 GARAAD, Mohamed Abdi
    assert birth_spans("DOB circa 1973; POB Eyl, Somalia.") == [
        ("circa 1973", date(1973 - CIRCA_YEARS, 1, 1), date(1973 + CIRCA_YEARS, 12, 31))
    ]


def test_a_circa_day_is_widened_around_that_day():
    # 7929 YUNOS, Mukhlis
    assert birth_spans("DOB circa 07 Jul 1966; POB Lanao del Sur, Philippines.") == [
        ("circa 07 Jul 1966", date(1966 - CIRCA_YEARS, 7, 7), date(1966 + CIRCA_YEARS, 7, 7))
    ]


def test_a_dob_month_range_runs_to_the_end_of_the_last_month():
    # 23470 SALAVATI, Abolghassem
    text = (
        "DOB Mar 1962 to Feb 1963; POB Isfahan Province; Additional Sanctions Information - "
        "Subject to Secondary Sanctions; Gender Male; Judge, Head of Tehran Revolutionary "
        "Court, Branch 15."
    )
    assert birth_spans(text) == [("Mar 1962 to Feb 1963", date(1962, 3, 1), date(1963, 2, 28))]
    assert parse_remarks(text).other == [
        "Additional Sanctions Information - Subject to Secondary Sanctions",
        "Judge, Head of Tehran Revolutionary Court, Branch 15",
    ]


def test_every_alt_dob_is_another_birth_date():
    # 12631 GADDAFI, Saif Al-Arab
    spans = birth_spans("DOB 1979; alt. DOB 1982; alt. DOB 1983; POB Tripoli, Libya.")
    assert [text for text, _, _ in spans] == ["1979", "1982", "1983"]


def test_a_circa_dashed_range_and_weak_akas_in_one_remark():
    # 11748 MAHAMOUD, Bashir Mohamed
    parsed = parse_remarks(
        "nationality Somalia; DOB circa 1979-1982; alt. DOB 1982; a.k.a. 'MUSCAB, Abu'; "
        "a.k.a. 'QORGAB'."
    )
    assert parsed.birth_dates[0].earliest == date(1979 - CIRCA_YEARS, 1, 1)
    assert parsed.birth_dates[0].latest == date(1982 + CIRCA_YEARS, 12, 31)
    assert parsed.names == [
        NameRecord("MUSCAB, Abu", "aka", "weak"),
        NameRecord("QORGAB", "aka", "weak"),
    ]


def test_an_aka_keeps_the_apostrophes_inside_its_quotes():
    # 31953 AL-FAY, Ibrahim Ali 'Awad and 17567 AJNAD MISR
    assert parse_remarks("DOB 1968; Gender Male; a.k.a. 'Abu Ali al-Samarra'i'.").names == [
        NameRecord("Abu Ali al-Samarra'i", "aka", "weak")
    ]
    assert parse_remarks("a.k.a. 'EGYPT'S SOLDIERS'; a.k.a. 'SOLDIERS OF EGYPT'.").names[0] == (
        NameRecord("EGYPT'S SOLDIERS", "aka", "weak")
    )


def test_fka_in_remarks_is_a_former_name():
    # 11440 SINALOA CARTEL
    assert parse_remarks("f.k.a. 'MEXICAN FEDERATION'; f.k.a. 'GUADALAJARA CARTEL'.").names == [
        NameRecord("MEXICAN FEDERATION", "fka", "strong"),
        NameRecord("GUADALAJARA CARTEL", "fka", "strong"),
    ]


def test_a_semicolon_inside_an_aka_does_not_split_it():
    assert split_remarks("a.k.a. 'ALPHA; BETA'; Gender Male.") == [
        "a.k.a. 'ALPHA; BETA'",
        "Gender Male",
    ]


def test_an_aka_cut_off_before_its_closing_quote_is_kept_as_written():
    # 28263 TIAN, Yinyin: sdn.csv cuts the remarks; sdn_comments.csv holds the rest
    parsed = parse_remarks("Identification Number 321284198607120616 (China); a.k.a. 'snowsjo")
    assert (parsed.names, parsed.other) == ([], ["a.k.a. 'snowsjo"])


def test_linked_to_is_a_link_to_the_named_entry():
    # 24670 ORIENTAL IRON COMPANY SPRL
    parsed = parse_remarks("a.k.a. 'ORICO'; Linked To: GERTLER, Dan.")
    assert parsed.links == [LinkRecord(target_name="GERTLER, Dan")]


def test_nationality_alt_nationality_and_gender():
    parsed = parse_remarks(GERTLER)
    assert parsed.nationalities == ["Israel", "Congo, Democratic Republic of the"]
    assert parsed.gender == "Male"


def test_nationality_and_citizen_are_kept_apart():
    # 11493 AL-DARI, Muthanna Harith
    parsed = parse_remarks("DOB 16 Jun 1969; nationality Iraq; citizen Iraq.")
    assert (parsed.nationalities, parsed.citizenships) == (["Iraq"], ["Iraq"])


def test_female_gender():
    # 26723 TRIKULYA, Elena Anatolievna
    assert parse_remarks("DOB 18 Mar 1975; Gender Female.").gender == "Female"


def test_passports_carry_country_issue_and_expiry_dates():
    passports = [i for i in parse_remarks(GERTLER).identifiers if i.id_type == "Passport"]
    assert passports[0] == IdentifierRecord(
        "Passport", "10945182", "Israel", date(2010, 6, 28), date(2020, 6, 27)
    )
    assert passports[2].country == "Congo, Democratic Republic of the"
    assert len(passports) == 3


def test_a_passport_number_may_hold_a_space_and_no_country():
    # 7839 OUAZ, Najib
    parsed = parse_remarks(
        "DOB 12 Apr 1960; POB Hekaima Al-Mehdiya, Tunisia; nationality Tunisia; "
        "Passport K 815205 issued 17 Sep 1994 expires 16 Sep 1999."
    )
    assert parsed.identifiers == [
        IdentifierRecord("Passport", "K 815205", None, date(1994, 9, 17), date(1999, 9, 16))
    ]


def test_an_issue_date_that_is_only_a_year_goes_to_the_note():
    # 10481: "Diplomatic Passport 008827 (Iran) issued 1999"
    (identifier,) = parse_remarks("Diplomatic Passport 008827 (Iran) issued 1999.").identifiers
    assert (identifier.issued_on, identifier.note) == (None, "issued 1999")


def test_tax_national_and_cedula_numbers_with_issuing_country():
    # 40911 MIKHEEV, Danila Yurievich; 7308 HURTADO ROMERO, Jairo Jose; 23252 GERTLER, Dan
    tax = parse_remarks(
        "DOB 01 Mar 1999; nationality Russia; Gender Male; Tax ID No. 504414685889 (Russia)."
    ).identifiers
    cedula = parse_remarks(
        "Cedula No. 13809079 (Colombia); Passport 13809079 (Colombia)."
    ).identifiers
    national = parse_remarks(GERTLER).identifiers[-1]
    assert tax == [IdentifierRecord("Tax ID No.", "504414685889", "Russia")]
    assert cedula[0] == IdentifierRecord("Cedula No.", "13809079", "Colombia")
    assert national == IdentifierRecord("National ID No.", "027100619", "Israel")


def test_a_vessel_imo_number_is_stored_as_imo():
    # 4249 TIFON
    assert parse_remarks("Vessel Registration Identification IMO 7206512.").identifiers == [
        IdentifierRecord("IMO", "7206512")
    ]


def test_website_email_and_digital_currency_address():
    # 15585 M23; 25069 AFAQ DUBAI; 31811 FAYZIMATOV, Farrukh Furkatovitch
    website = parse_remarks("Website www.m23mars.org.").identifiers
    email = parse_remarks("Email Address me.iraq17@yahoo.com; f.k.a. 'ASTU'").identifiers
    wallet = parse_remarks(
        "DOB 02 Mar 1996; citizen Tajikistan; Gender Male; "
        "Digital Currency Address - XBT 17a5bpKvEp1j1Trs4qTbcNZrby53JbaS9C."
    ).identifiers
    assert website == [IdentifierRecord("Website", "www.m23mars.org")]
    assert email == [IdentifierRecord("Email Address", "me.iraq17@yahoo.com")]
    assert wallet == [
        IdentifierRecord("Digital Currency Address - XBT", "17a5bpKvEp1j1Trs4qTbcNZrby53JbaS9C")
    ]


def test_prose_starting_with_a_label_is_not_an_identifier():
    # 11968
    text = "Passport and National ID were issued in Ulm, Germany.  Currently incarcerated."
    assert parse_remarks(text).identifiers == []


def test_position_items_are_titles_and_unlabelled_items_are_kept():
    # 12722 MAMLUK, Ali
    parsed = parse_remarks(
        "DOB 1947; POB Amara, Damascus, Syria; Major General; "
        "Position: Director, General Intelligence Directorate."
    )
    assert parsed.titles == ["Director, General Intelligence Directorate"]
    assert parsed.other == ["Major General"]


def test_additional_sanctions_information_is_kept_as_written():
    # 16008 MODABER
    parsed = parse_remarks("Additional Sanctions Information - Subject to Secondary Sanctions.")
    assert parsed.other == ["Additional Sanctions Information - Subject to Secondary Sanctions"]
