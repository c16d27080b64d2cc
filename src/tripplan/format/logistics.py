"""Delegation logistics in the format: cars and drivers, contacts, travel documents,
bookings, briefing content, and what stays internal.

Everything here is optional (version 1 is unchanged in meaning). What is internal is
said in one place, `INTERNAL_FIELDS` and the `internal: true` flags, so that views meant
for people outside the delegation (`tripplan.outputs.audience`) are built from it and a
test can hold every model to it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from tripplan.format.values import CountryCode, Slug, Strict, Text, TripDate

# Fields whose text is for the organising office only: never shown to hosts or drivers.
# (List items marked `internal: true` — talking points, contacts — are the other half.)
INTERNAL_FIELDS = frozenset({"internal_notes"})

ContactRole = Literal[
    "duty-officer",
    "liaison",
    "host-protocol",
    "hotel",
    "consulate",
    "office",
    "interpreter",
    "transport",
    "security",
    "medical",
    "other",
]

# Document types tripplan knows (the admission table names them); others may be added
# with a trip's own admission rules.
DOCUMENT_TYPES: dict[str, str] = {
    "passport": "passport",
    "hksar-passport": "HKSAR passport",
    "hk-identity-card": "Hong Kong identity card",
    "mainland-travel-permit": "Mainland Travel Permit for Hong Kong and Macao Residents",
    "exit-entry-permit": "Exit-Entry Permit for Travelling to and from Hong Kong and Macao",
    "visa": "visa",
    "residence-permit": "residence permit",
    "apec-business-travel-card": "APEC Business Travel Card",
}
# Who issues a document when the type says it (a HKSAR passport is Hong Kong's).
ISSUER_OF_TYPE = {
    "hksar-passport": "HK",
    "hk-identity-card": "HK",
    "mainland-travel-permit": "CN",
    "exit-entry-permit": "CN",
}


def _one_or_many(value: Any) -> Any:
    # `phones: "+852 0000 0000"` means a list of one: the common case, written simply.
    return [value] if isinstance(value, str) else value


def _whole_number(value: Any) -> Any:
    # Scalars arrive as written; "4" is a number of seats, "4.5" is not.
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 6 else value


def _text_list_schema(description: str) -> dict[str, Any]:
    item = {"type": "string"}
    return {
        "anyOf": [item, {"type": "array", "items": item}],
        "description": description,
    }


Phones = Annotated[
    list[str],
    BeforeValidator(_one_or_many),
    WithJsonSchema(_text_list_schema("one phone number, or a list of them")),
]
Seats = Annotated[int, BeforeValidator(_whole_number), Field(ge=1, le=99)]
# Who rides in which vehicle: vehicle id -> people ids.
Riders = dict[Slug, Annotated[list[Slug], Field(min_length=1)]]


class DocumentNumber:
    """A travel document's number. Printed, it is masked but for its last 4 characters;
    only `reveal()` gives it whole (for the office's own booking forms)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    @property
    def masked(self) -> str:
        # A short number would be shown whole by "all but the last 4": mask it all.
        tail = self._value[-4:] if len(self._value) > 6 else ""
        return f"…{tail}" if tail else "…"

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"DocumentNumber({self.masked!r})"

    def __format__(self, spec: str) -> str:
        return format(self.masked, spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentNumber) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def _document_number(value: Any) -> DocumentNumber:
    if isinstance(value, DocumentNumber):
        return value
    if isinstance(value, str) and value.strip():
        return DocumentNumber(value.strip())
    raise PydanticCustomError(
        "text_type", 'a document number should be written as text, e.g. "K12345678"'
    )


Number = Annotated[
    DocumentNumber,
    PlainValidator(_document_number),
    # Serialised masked too: a dump of the model never holds the whole number.
    PlainSerializer(lambda number: number.masked, return_type=str),
    WithJsonSchema(
        {"type": ["string", "integer"], "description": "printed masked but for its last 4"}
    ),
]


class Contact(Strict):
    """Someone to reach: the trip's organizer or an event's host."""

    name: Text
    role: str | None = None
    phone: str | None = None
    email: str | None = None


class Host(Contact):
    """Who receives the delegation at an event, and what the principal should know."""

    name_local: str | None = Field(None, description="the host's name in Chinese")
    title: str | None = Field(None, description="e.g. Chairman and CEO")
    bio: str | None = Field(None, description="a short biography, for the principal's brief")
    address_as: str | None = Field(None, description="how to address them, e.g. Chairman Li")


DRIVER_PHONES = "the driver has both phone and phones: keep one (phones: [...] for several numbers)"


class Driver(Strict):
    """Who drives a vehicle."""

    name: Text
    name_local: str | None = Field(None, description="the driver's name in Chinese")
    phone: str | None = None
    # As a contact's (the key staff reach for once they have written contacts), and for
    # a driver with two numbers.
    phones: Phones = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_phone_key(self) -> Driver:
        # `phone:` left empty is not written, as everywhere in the format.
        if self.phone and "phones" in self.model_fields_set:
            raise PydanticCustomError("key_rule", DRIVER_PHONES, {"key": "phones"})
        return self

    @property
    def numbers(self) -> tuple[str, ...]:
        """Every number of the driver's, as written (`phone` or `phones`)."""
        return tuple(self.phones) if self.phones else (self.phone,) if self.phone else ()


class Vehicle(Strict):
    """A car (or van, coach) at the delegation's disposal."""

    name: str | None = Field(None, description="e.g. Lead car, black Buick GL8")
    plate: str | None = Field(None, description="registration plate(s)")
    seats: Seats | None = Field(None, description="passenger seats, the driver not counted")
    driver: Driver | None = Field(None, description="name, name_local, phone or phones")
    notes: str | None = Field(None, description="for the driver and the delegation")
    cross_boundary: bool | None = Field(
        None,
        description="true: it may cross between Hong Kong, Macao and the mainland "
        "(cross-boundary plates and permits)",
    )


class TravelDocument(Strict):
    """A passport, permit or visa someone travels with."""

    type: Slug = Field(
        description="passport, hksar-passport, hk-identity-card, mainland-travel-permit, "
        "exit-entry-permit, visa, residence-permit, apec-business-travel-card, or a type of "
        "the trip's own admission rules",
        examples=list(DOCUMENT_TYPES),
    )
    country: CountryCode | None = Field(
        None, description="who issued it (ISO 3166); for a visa, the country it admits to"
    )
    number: Number | None = Field(None, description="printed masked but for its last 4")
    expires: TripDate | None = Field(None, description="the last day it is valid")

    @property
    def issuer(self) -> str | None:
        return self.country or ISSUER_OF_TYPE.get(self.type)

    @property
    def label(self) -> str:
        """ "mainland-travel-permit …4567", as messages and lists name it."""
        return f"{self.type} {self.number.masked}" if self.number else self.type


class SeatBooking(Strict):
    """One person's booking on a journey."""

    seat: str | None = Field(None, description="e.g. 05A")
    coach: str | None = Field(None, description="coach or car of a train")
    reference: str | None = Field(None, description="booking reference or ticket number")


class RoomBooking(Strict):
    """One person's room for a night."""

    room: str | None = Field(None, description="room number or type")
    confirmation: str | None = Field(None, description="the hotel's confirmation number")


class TalkingPoint(Strict):
    """A point to make at a meeting; `internal` ones are for the delegation only."""

    text: Text
    internal: bool = Field(False, description="for the delegation only: never for hosts")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string"}, handler(core_schema)]}


class Requirement(Strict):
    """One document an admission rule needs: its type, and who may have issued it."""

    type: Slug = Field(description="a document type, e.g. passport, visa")
    issued_by: list[CountryCode] | None = Field(
        None, description="issuing countries that qualify (default: any)"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_type(cls, value: Any) -> Any:
        return {"type": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string"}, handler(core_schema)]}

    def met_by(self, document: TravelDocument) -> bool:
        if document.type != self.type:
            return False
        return self.issued_by is None or document.issuer in self.issued_by


class AdmissionRule(Strict):
    """A way into a country or region: documents that together admit their holder."""

    needs: Annotated[list[Requirement], Field(min_length=1)] = Field(
        description="documents that together admit: a type, or {type, issued_by}"
    )
    from_: TripDate | None = Field(None, alias="from", description="in force from this date")
    until: TripDate | None = Field(None, description="in force until this date (inclusive)")
    note: str | None = Field(None, description="who the way in is for")
    source: str | None = Field(None, description="where the rule comes from")


class DocumentSettings(Strict):
    """How a trip's travel documents are checked."""

    validity_months: Annotated[int, BeforeValidator(_whole_number)] = Field(
        6, ge=0, le=60, description="months a document must stay valid after the trip ends"
    )
    admission: dict[CountryCode, list[AdmissionRule]] | None = Field(
        None,
        description="per country or region entered (CN, HK, MO…), rules that replace "
        "tripplan's shipped ones",
    )


class TripContact(Strict):
    """Someone to call during the trip: the duty officer, a liaison, the hotel…"""

    name: str | None = Field(None, description="default: the name of `person`")
    person: Slug | None = Field(None, description="a member of the delegation, by id")
    role: ContactRole = Field(description="what they do for the trip")
    organisation: str | None = None
    phones: Phones = Field(default_factory=list, description="one number or a list")
    email: str | None = None
    days: list[TripDate] = Field(default_factory=list, description="default: every day")
    cities: list[str] = Field(default_factory=list, description="default: everywhere")
    emergency: bool = Field(False, description="a number to call first when things go wrong")
    internal: bool = Field(False, description="for the delegation only: never shown to hosts")
    notes: str | None = Field(None, description="shown with the contact (unless internal)")

    @model_validator(mode="after")
    def _named(self) -> TripContact:
        if not self.name and not self.person:
            raise PydanticCustomError(
                "key_rule",
                "a contact needs name, or person (the id of someone in people)",
                {"key": "role"},
            )
        return self

    def covers(self, day: date, cities: set[str]) -> bool:
        """Whether the contact is there for `day` in one of `cities` (lower-case)."""
        if self.days and day not in self.days:
            return False
        return not self.cities or any(c.strip().lower() in cities for c in self.cities)
