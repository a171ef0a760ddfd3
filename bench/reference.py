"""A pure-Python reference of the ranking (DESIGN.md §4), written straight from the design text,
to check the SQL in :func:`evaluations.queries.ranking` against (tests and ``make bench``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
CODES = ("political", "performance", "public", "integrity")


@dataclass
class Card:
    id: int
    points: dict[str, Decimal]
    veto: bool = False

    @property
    def total(self) -> Decimal:
        return sum(self.points.values(), Decimal(0))


@dataclass
class Entry:
    nomination_id: int
    cards: list[Card]
    submitted_order: int  # smaller = earlier submission
    vetoed_state: bool = False
    responses: int = 0
    satisfied: int = 0


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def _kept(cards: list[Card]) -> list[Card]:
    if len(cards) < 5:
        return cards

    def key(card):  # highest total first; equal totals told apart by the card's own points
        return (
            card.total,
            card.points["political"],
            card.points["integrity"],
            card.points["public"],
        )

    top = max(cards, key=lambda c: (*key(c), -c.id))
    bottom = min(cards, key=lambda c: (*key(c), -c.id))  # the last in the same order
    return [c for c in cards if c is not top and c is not bottom]


def results(entry: Entry, *, max_points: dict[str, Decimal], weight: Decimal) -> dict[str, Decimal]:
    kept = _kept(entry.cards)
    out = {}
    for code in CODES:
        mean = _round(sum((c.points[code] for c in kept), Decimal(0)) / len(kept))
        if code == "public" and entry.responses:
            satisfaction = Decimal(entry.satisfied) / Decimal(entry.responses)
            mean = _round(
                max_points[code] * (weight * mean / max_points[code] + (1 - weight) * satisfaction)
            )
        out[code] = mean
    return out


def ranking(
    entries: list[Entry],
    *,
    max_points: dict[str, Decimal],
    weight: Decimal,
    tie_break: list[str],
) -> list[tuple[int, Decimal, int | None]]:
    """(nomination id, total, rank) in rank order; vetoed entries last with no rank."""
    scored = []
    for entry in entries:
        if not entry.cards:
            continue
        crit = results(entry, max_points=max_points, weight=weight)
        total = sum(crit.values(), Decimal(0))
        vetoed = entry.vetoed_state or any(card.veto for card in entry.cards)
        scored.append((entry, crit, total, vetoed))
    ranked = sorted(
        (s for s in scored if not s[3]),
        key=lambda s: (
            -s[2],
            *(-s[1][code] for code in tie_break),
            s[0].submitted_order,
            s[0].nomination_id,
        ),
    )
    out = [(s[0].nomination_id, s[2], i + 1) for i, s in enumerate(ranked)]
    out += [(s[0].nomination_id, s[2], None) for s in scored if s[3]]
    return out
