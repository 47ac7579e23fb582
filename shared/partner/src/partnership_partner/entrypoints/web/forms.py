"""What staff type, read on the server: dates as `dd.mm.rrrr`, hours and money with a decimal
comma (`1,5`, `1 234,56 zł`), choices, several clients. Each field says what was wrong with it.

A form is a list of `Field`s; `read()` turns the posted values into a command's fields (omitting
what was left empty, so the command's defaults apply) and the problems found, by field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

Kind = Literal[
    "text", "textarea", "date", "money", "hours", "number", "select", "yesno", "check", "clients"
]

_DATE = re.compile(r"^(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class Unreadable(ValueError):
    """What was typed cannot be read as the field's kind; `code` names the problem."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_date(text: str) -> date:
    """`15.06.2013` (also `15-06-2013`, `5.6.2013`, `2013-06-15`) → a date."""
    value = text.strip()
    if match := _DATE.match(value):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif match := _ISO.match(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        raise Unreadable("form.date")
    try:
        return date(year, month, day)
    except ValueError:
        raise Unreadable("form.no_such_date") from None


def parse_decimal(text: str, unit: str = "") -> Decimal:
    """`1 234,56`, `1234.56`, `1.234,56 zł`, `1,5` → a `Decimal`, never a float."""
    value = _SPACES.sub("", text.strip())
    for suffix in (unit, "zł", "zl", "PLN", "godz.", "h"):
        if suffix and value.lower().endswith(suffix.lower()):
            value = value[: -len(suffix)]
    if "," in value:
        # A comma is the decimal mark; dots before it group thousands (`1.234,56`).
        value = value.replace(".", "").replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise Unreadable("form.number") from None
    if not number.is_finite():
        raise Unreadable("form.number")
    return number


def write_date(value: date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else ""


def write_decimal(value: Decimal | int | str | None, places: int | None = None) -> str:
    """A decimal the way it is typed back into a field (`1234,56`, `1,5`): no grouping."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    elif number == number.to_integral():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return f"{number:f}".replace(".", ",")


@dataclass(frozen=True)
class Option:
    value: str
    text: str


@dataclass(frozen=True)
class Field:
    """One field of a form: `name` is the command's field, so refusals find their field."""

    name: str
    label: str
    kind: Kind = "text"
    required: bool = False
    options: Sequence[Option] = ()
    hint: str | None = None
    value: Any = None
    """What the field shows: typed text, or a value written for the field's kind."""
    autocomplete: str | None = None
    width: str | None = None
    """`short` for a date, an amount or a number."""
    prefix: str = "f"
    """Of the field's id: two forms on one page with a field of the same name differ by it."""

    @property
    def ident(self) -> str:
        return f"{self.prefix}-{self.name.replace('_', '-').replace('.', '-')}"

    def shown(self) -> Any:
        value = self.value
        if isinstance(value, date):
            return write_date(value)
        if isinstance(value, Decimal):
            return write_decimal(value, 2 if self.kind == "money" else None)
        if value is None:
            return [] if self.kind == "clients" else ""
        return value


@dataclass
class Posted:
    """A form as it came back: the command's fields, and each field's problem (a words key)."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


def read(fields: Iterable[Field], form: Mapping[str, Any], many: Mapping[str, list[str]]) -> Posted:
    """The values of `fields` in a posted form (`many`: fields posted several times)."""
    posted = Posted()
    for spec in fields:
        if spec.kind == "clients":
            chosen = [value for value in many.get(spec.name, []) if value]
            if chosen:
                posted.values[spec.name] = list(dict.fromkeys(chosen))
            elif spec.required:
                posted.problems[spec.name] = "form.required"
            continue
        if spec.kind == "check":
            ticked = form.get(spec.name) in ("on", "true", "1", "yes")
            if spec.required and not ticked:
                posted.problems[spec.name] = "form.tick"
            posted.values[spec.name] = ticked
            continue
        text = str(form.get(spec.name) or "").strip()
        if not text:
            if spec.required:
                posted.problems[spec.name] = "form.required"
            continue
        try:
            posted.values[spec.name] = _value(spec, text)
        except Unreadable as error:
            posted.problems[spec.name] = error.code
    return posted


def _value(spec: Field, text: str) -> Any:
    if spec.kind == "date":
        return parse_date(text)
    if spec.kind in ("money", "hours"):
        return parse_decimal(text)
    if spec.kind == "number":
        if not text.isdigit():
            raise Unreadable("form.whole_number")
        return int(text)
    if spec.kind == "yesno":
        return {"yes": True, "no": False}.get(text)
    if spec.kind == "select" and spec.options and text not in {o.value for o in spec.options}:
        raise Unreadable("form.choice")
    return text


def replace_value(spec: Field, value: Any) -> Field:
    return replace(spec, value=value)


def replace_required(spec: Field) -> Field:
    return replace(spec, required=True)


def replace_prefix(spec: Field, prefix: str) -> Field:
    return replace(spec, prefix=prefix)


def typed_back(
    fields: Sequence[Field], form: Mapping[str, Any], many: Mapping[str, list[str]]
) -> list[Field]:
    """The fields showing what was typed, so a refused form keeps it."""
    return [
        replace(
            spec,
            value=many.get(spec.name, []) if spec.kind == "clients" else form.get(spec.name, ""),
        )
        for spec in fields
    ]
