"""Queries of a fixed shape, compiled by the ORM once per process and run with new values.

On the pages signed-in people open, Django took longer to build and compile most queries than
PostgreSQL took to run them (it plans each once per connection: prepared statements, see
config/settings.py). A query whose SQL is the same whatever its values is compiled here once,
from stand-in values, and each run puts the request's values in their place.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.query import RawQuerySet


class Prepared[M: Model]:
    """The SQL of `build(**stand_ins)`, compiled when first run. `build` must give the same SQL
    for any values (no list whose length varies, no value that may be None); the values must be
    numbers or text, which the database takes as they are (a date the ORM would convert first);
    and each stand-in must be a value no request carries and no other parameter of the query
    equals: a number outside the ids in use, a text with a NUL (PostgreSQL holds none, so one
    left in would fail, not match)."""

    def __init__(self, build: Callable[..., QuerySet[M, Any]], **stand_ins: Any) -> None:
        self.build, self.stand_ins = build, stand_ins

    @functools.cached_property
    def compiled(self) -> tuple[type[M], str, tuple[Any, ...]]:
        queryset = self.build(**self.stand_ins)
        sql, params = queryset.query.sql_with_params()
        unused = [name for name, value in self.stand_ins.items() if value not in params]
        if unused:
            raise ValueError(f"The query does not use the stand-ins for {', '.join(unused)}.")
        return queryset.model, sql, tuple(params)

    def bound(self, **values: Any) -> tuple[str, list[Any]]:
        """The SQL and its parameters with `values` (one for each stand-in, by name)."""
        _model, sql, params = self.compiled
        if values.keys() != self.stand_ins.keys():
            raise TypeError(f"The query takes {', '.join(self.stand_ins)}.")
        by_stand_in = {self.stand_ins[name]: value for name, value in values.items()}
        return sql, [by_stand_in.get(param, param) for param in params]

    def __call__(self, **values: Any) -> RawQuerySet[M]:
        """The query with `values`, giving model instances (annotations as attributes)."""
        model = self.compiled[0]
        return model._default_manager.raw(*self.bound(**values))
