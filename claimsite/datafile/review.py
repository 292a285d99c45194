"""Review dates: which verdicts have gone longest without a fresh look at the evidence."""

from __future__ import annotations

import datetime as dt

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.wording import counted


def stale_claims(catalog: Catalog, today: dt.date, days: int) -> list[str]:
    """``LINE: id — reviewed DATE (N days ago)`` for every claim last reviewed more than
    ``days`` days before ``today`` (or never), oldest review first."""
    cutoff = today - dt.timedelta(days=days)
    found: list[tuple[dt.date, int, str]] = []
    for order, claim in enumerate(catalog.data.claims):
        reviewed = claim.last_reviewed()
        if reviewed is None or reviewed < cutoff:
            line = catalog.claim_lines.get(claim.id, 0)
            if reviewed is None:
                found.append((dt.date.min, order, f"{line}: {claim.id} — never reviewed"))
            else:
                age = (today - reviewed).days
                found.append(
                    (
                        reviewed,
                        order,
                        f"{line}: {claim.id} — last reviewed {reviewed.isoformat()} "
                        f"({counted(age, 'day')} ago)",
                    )
                )
    return [text for _, _, text in sorted(found)]
