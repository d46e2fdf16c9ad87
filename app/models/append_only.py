"""Tables whose rows are only ever inserted (the audit trail, decisions on hits).

``append_only(Model, Error, noun)`` makes the ORM refuse to update or delete the model's
rows, through a loaded object or a bulk UPDATE/DELETE statement, by raising ``Error``: no
code path of the app can rewrite history. (A database administrator still can; a
database-level guard would be per backend and is left to deployment.)
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session


def append_only(model: type, error: type[Exception], noun: str) -> None:
    @event.listens_for(model, "before_update")
    def _refuse_update(mapper, connection, target) -> None:  # noqa: ANN001
        raise error(f"{noun} {target.id} cannot be changed")

    @event.listens_for(model, "before_delete")
    def _refuse_delete(mapper, connection, target) -> None:  # noqa: ANN001
        raise error(f"{noun} {target.id} cannot be deleted")

    @event.listens_for(Session, "do_orm_execute")
    def _refuse_bulk_changes(state: ORMExecuteState) -> None:
        if not (state.is_update or state.is_delete):
            return
        mapper = state.bind_mapper
        table = getattr(state.statement, "table", None)
        if (mapper is not None and mapper.class_ is model) or (
            table is not None and getattr(table, "name", None) == model.__tablename__
        ):
            raise error(f"{noun} rows cannot be changed or deleted")
