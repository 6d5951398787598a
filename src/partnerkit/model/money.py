"""Money: ISO 4217 currency codes, and amounts said the way people read them (1.2M EUR)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

from partnerkit.model.units import compact

CURRENCIES = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
    BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
    GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
    KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD
    NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
    SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES
    VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905  (a block of codes reads better than 170 quoted strings)
)
"""The ISO 4217 codes of the currencies in use (funds, metals and test codes left out)."""


def is_currency(unit: str | None) -> bool:
    """Whether ``unit`` is written as a currency code: EUR, USD, GBP (upper case, as ISO 4217 has them)."""
    return unit is not None and unit.strip() in CURRENCIES


def _currency(value: str) -> str:
    if value not in CURRENCIES:
        hint = f"write {value.upper()}" if value.upper() in CURRENCIES else "write the ISO 4217 code, e.g. EUR or USD"
        raise ValueError(f"{value!r} is not a currency code: {hint}")
    return value


Currency = Annotated[
    str,
    AfterValidator(_currency),
    WithJsonSchema(
        {
            "type": "string",
            "enum": sorted(CURRENCIES),
            "description": "A currency as its ISO 4217 code, in capitals: EUR, USD, GBP, ...",
        }
    ),
]


def money(amount: float, currency: str | None) -> str:
    """'1.2M EUR', '650k USD', '-40k EUR'; the bare number when the currency is not known."""
    text = compact(amount)
    return f"{text} {currency}" if currency else text
