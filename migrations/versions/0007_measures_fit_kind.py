"""Correct stored measures: bans on travel for people only, UN regimes' own measures.

Before this revision every designation under a program got the program's measures
whatever its kind (a GLOMAG vessel had a "US Visa ban", a UN airline a "UN Travel
ban"), and UN designations had no arms embargo. This data migration:

* removes visa, travel and entry bans from entities,
  vessels and aircraft;
* gives the UN programs (``UN <UN_LIST_TYPE>``) their regime's name, legal basis and
  measures, and makes each UN designation carry exactly its regime's measures for its
  kind (an asset freeze, a travel ban for individuals, an arms embargo);
* records the correction as one audit entry by "system".

The table below is a snapshot of app/services/data/programs.json at this revision: a
migration must give the same result whenever it runs. There is no schema change.

Revision ID: 0007
Revises: 0006
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

INDIVIDUAL_ONLY = ("visa_ban", "travel_ban", "entry_ban")
_ALL_THREE = ("asset_freeze", "travel_ban", "arms_embargo")
_BASE = "https://main.un.org/securitycouncil/en/sanctions/"
# code -> (name, legal basis, committee number, measures on an individual)
UN_REGIMES = {
    "UN Al-Qaida": ("UN ISIL (Da'esh) and Al-Qaida sanctions", "Security Council resolutions 1267 (1999), 1989 (2011) and 2253 (2015); committee established under resolution 1267.", "1267", _ALL_THREE),
    "UN Taliban": ("UN Taliban sanctions", "Security Council resolution 1988 (2011); committee established under resolution 1988.", "1988", _ALL_THREE),
    "UN CAR": ("UN Central African Republic sanctions", "Security Council resolution 2127 (2013); committee established under resolution 2127.", "2127", _ALL_THREE),
    "UN DPRK": ("UN Democratic People's Republic of Korea sanctions", "Security Council resolution 1718 (2006) and later resolutions; committee established under resolution 1718. The regime includes an arms embargo.", "1718", _ALL_THREE),
    "UN DRC": ("UN Democratic Republic of the Congo sanctions", "Security Council resolution 1533 (2004); committee established under resolution 1533.", "1533", _ALL_THREE),
    "UN GB": ("UN Guinea-Bissau sanctions", "Security Council resolution 2048 (2012): a travel ban on listed individuals; committee established under resolution 2048.", "2048", ("travel_ban",)),
    "UN Haiti": ("UN Haiti sanctions", "Security Council resolution 2653 (2022); committee established under resolution 2653.", "2653", _ALL_THREE),
    "UN Iran": ("UN Iran sanctions (resolution 1737 measures)", "Security Council resolutions 1737 (2006), 1747 (2007), 1803 (2008) and 1929 (2010); committee established under resolution 1737.", "1737", _ALL_THREE),
    "UN Iraq": ("UN Iraq sanctions", "Security Council resolution 1518 (2003): an asset freeze under resolution 1483 (2003); committee established under resolution 1518.", "1518", ("asset_freeze",)),
    "UN Libya": ("UN Libya sanctions", "Security Council resolution 1970 (2011); committee established under resolution 1970.", "1970", _ALL_THREE),
    "UN Somalia": ("UN Al-Shabaab sanctions", "Security Council resolution 751 (1992) and resolution 2713 (2023); committee established under resolution 751.", "751", _ALL_THREE),
    "UN SouthSudan": ("UN South Sudan sanctions", "Security Council resolution 2206 (2015); committee established under resolution 2206.", "2206", _ALL_THREE),
    "UN Sudan": ("UN Sudan sanctions", "Security Council resolution 1591 (2005); committee established under resolution 1591.", "1591", _ALL_THREE),
    "UN Yemen": ("UN Yemen sanctions", "Security Council resolution 2140 (2014), targeted arms embargo under resolution 2216 (2015); committee established under resolution 2140.", "2140", _ALL_THREE),
}
# A UN program not in the table (a regime added later) imposes what most regimes do.
UN_DEFAULT = _ALL_THREE

designations = sa.table(
    "designations",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
    sa.column("listed_on", sa.Date),
    sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("version", sa.Integer),
)
programs = sa.table(
    "programs",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("jurisdiction", sa.String),
    sa.column("legal_basis", sa.Text),
    sa.column("reference_url", sa.String),
    sa.column("default_measures", sa.JSON),
)
measures = sa.table(
    "measures",
    sa.column("id", sa.Integer),
    sa.column("designation_id", sa.Integer),
    sa.column("program_id", sa.Integer),
    sa.column("measure_type", sa.String),
    sa.column("jurisdiction", sa.String),
    sa.column("start_date", sa.Date),
    sa.column("end_date", sa.Date),
    sa.column("status", sa.String),
)
designation_programs = sa.table(
    "designation_programs",
    sa.column("designation_id", sa.Integer),
    sa.column("program_id", sa.Integer),
)
audit_entries = sa.table(
    "audit_entries",
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String),
    sa.column("user_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("designation_id", sa.Integer),
    sa.column("parent_id", sa.Integer),
    sa.column("summary", sa.Text),
    sa.column("changes", sa.JSON),
    sa.column("details", sa.JSON),
)


def _fits(measure_type, kind):
    return kind == "individual" or measure_type not in INDIVIDUAL_ONLY


def upgrade():
    bind = op.get_bind()
    touched = set()
    removed_bans = _remove_bans_on_non_individuals(bind, touched)
    added, removed_un = _un_regime_measures(bind, touched)
    if touched:
        now = datetime.now(timezone.utc)
        bind.execute(
            designations.update()
            .where(designations.c.id.in_(sorted(touched)))
            .values(version=designations.c.version + 1, updated_at=now)
        )
    if removed_bans or added or removed_un:
        added_text = ", ".join(f"{n} {m.replace('_', ' ')}" for m, n in sorted(added.items()))
        bind.execute(
            audit_entries.insert().values(
                at=datetime.now(timezone.utc),
                actor="system",
                user_id=None,
                action="correction",
                designation_id=None,
                parent_id=None,
                summary=(
                    f"Measures corrected to fit the kind of subject: {removed_bans} visa, travel "
                    f"or entry bans removed from entities, vessels and aircraft; UN regimes' "
                    f"measures added ({added_text or 'none'}) and {removed_un} removed; "
                    f"{len(touched)} designations changed"
                ),
                changes={},
                details={
                    "migration": revision,
                    "bans_removed_from_non_individuals": removed_bans,
                    "un_measures_added": added,
                    "un_measures_removed": removed_un,
                    "designations_changed": len(touched),
                },
            )
        )


def _remove_bans_on_non_individuals(bind, touched):
    rows = bind.execute(
        sa.select(measures.c.id, measures.c.designation_id)
        .join(designations, designations.c.id == measures.c.designation_id)
        .where(measures.c.measure_type.in_(INDIVIDUAL_ONLY), designations.c.kind != "individual")
    ).all()
    ids = [r.id for r in rows]
    for start in range(0, len(ids), 500):
        bind.execute(measures.delete().where(measures.c.id.in_(ids[start : start + 500])))
    touched.update(r.designation_id for r in rows)
    return len(ids)


def _un_regime_measures(bind, touched):
    added, removed = {}, 0
    un_programs = bind.execute(
        sa.select(programs.c.id, programs.c.code).where(programs.c.jurisdiction == "UN")
    ).all()
    for program in un_programs:
        regime = UN_REGIMES.get(program.code)
        wanted = regime[3] if regime else UN_DEFAULT
        values = {"default_measures": list(wanted)}
        if regime:
            values.update(name=regime[0], legal_basis=regime[1], reference_url=_BASE + regime[2])
        bind.execute(programs.update().where(programs.c.id == program.id).values(**values))
        members = bind.execute(
            sa.select(designations.c.id, designations.c.kind, designations.c.status,
                      designations.c.listed_on)
            .join(designation_programs, designation_programs.c.designation_id == designations.c.id)
            .where(designation_programs.c.program_id == program.id)
        ).all()
        have = {}
        for m in bind.execute(
            sa.select(measures.c.id, measures.c.designation_id, measures.c.measure_type).where(
                measures.c.program_id == program.id
            )
        ):
            have.setdefault(m.designation_id, {})[m.measure_type] = m.id
        for d in members:
            mine = have.get(d.id, {})
            due = [m for m in wanted if _fits(m, d.kind)]
            for measure_type, measure_id in mine.items():
                if measure_type not in due:
                    bind.execute(measures.delete().where(measures.c.id == measure_id))
                    removed += 1
                    touched.add(d.id)
            for measure_type in due:
                if measure_type not in mine:
                    bind.execute(
                        measures.insert().values(
                            designation_id=d.id,
                            program_id=program.id,
                            measure_type=measure_type,
                            jurisdiction="UN",
                            start_date=d.listed_on,
                            end_date=None,
                            status="ended" if d.status == "delisted" else "active",
                        )
                    )
                    added[measure_type] = added.get(measure_type, 0) + 1
                    touched.add(d.id)
    return added, removed


def downgrade():
    # A correction of data: the wrong measures are not put back.
    pass
