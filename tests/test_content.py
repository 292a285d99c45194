"""Content checks on the real data file, beyond what the validator enforces.

The validator (``python -m claimsite check``) guarantees the file's shape and its cross-
references. These tests guard the editorial promises of the site instead: every claim names
who made it, every verdict rests on evidence, every source is used, no category is empty, and
every claim id of the research inventory is either on the site or explained on the
methodology page.

Each rule is a small function that returns the offending ids, so the same rule is run on the
real data (where it must find nothing) and on deliberately broken copies (where it must find
the breakage): a rule that could never fail would prove nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_catalog
from claimsite.datafile.models import Category, Claim, Dataset, Evidence, Source, Variant

REPO = Path(__file__).resolve().parent.parent
DATA_FILE = REPO / "data" / "claims.yaml"
METHODOLOGY = REPO / "docs" / "methodology.md"
DOSSIER = REPO.parent / "shared" / "research" / "claims-dossier.md"
"""The research inventory; only in the working tree of the project, so optional here."""

DOSSIER_IDS: tuple[str, ...] = (
    # B.1 R2 architecture, scale and data
    "r2-total-params-1-2t",
    "r2-active-params-78b",
    "r2-activation-ratio-6-5pct",
    "r2-hybrid-moe-3-0",
    "r2-mla",
    "r2-vit-transformer-hybrid",
    "r2-multimodal",
    "r2-training-data-5-2pb",
    "r2-domain-data-finance-law-patents",
    "r2-long-context-advantage",
    # B.2 Cost and pricing
    "r2-price-input-0-07",
    "r2-price-output-0-27",
    "r2-cost-97pct-vs-gpt4o",
    "r2-cost-97pct-vs-gpt4-turbo",
    "r2-cost-97pct-vs-gpt4",
    "r2-cost-10-100x-cheaper",
    "r2-order-of-magnitude-cheaper-than-r1",
    "r2-40x-more-efficient",
    # B.3 Hardware, training system, efficiency
    "r2-trained-on-ascend-910b",
    "r2-no-western-dependency",
    "r2-custom-distributed-training-framework",
    "r2-cluster-utilization-82pct",
    "r2-a100-efficiency-91pct",
    "r2-fp16-512-pflops",
    "r2-8bit-quant-83pct-smaller",
    "r2-liquid-cooling-pue-1-08",
    # B.4 Benchmarks and vertical results
    "r2-coco-seg-92-4",
    "r2-clip-plus-11-6",
    "r2-xray-98-1pct",
    "r2-solar-fp-7-2e-6",
    "r2-ceval2-89-7pct",
    "r2-gpt4-turbo-class",
    "r2-legal-financial-beats-generalists",
    # B.5 Capabilities, release timing, company situation
    "r2-better-coding",
    "r2-multilingual-reasoning",
    "r2-release-planned-may-2025",
    "r2-launch-accelerated",
    "r2-release-imminent",
    "r2-ceo-not-satisfied",
    "r2-h20-shortage",
    "r2-authorities-low-profile",
    "r2-open-source-expected",
    "r2-official-sources-confirm",
    "openai-cut-prices-during-r2-delay",
    # B.6 Provenance of the leak and reactions
    "leak-origin-jiuyangongshe",
    "leak-surfaced-april-2025",
    "leak-posts-deleted",
    "leak-claude-translated-image",
    "leak-multi-platform-single-source",
    "leak-original-poster-urged-caution",
    "leak-skeptics-deedy-teortaxes",
    "leak-deedy-600k-views",
    "leak-stock-manipulation-suspicion",
    # B.7 Background claims about R1, V3 and DeepSeek
    "r1-training-cost-5-6m",
    "v3-671b-params",
    "r1-smaller-moe",
    "r1-released-jan-2025-open",
    "r1-1t-selloff",
    "r1-topped-app-store",
    "r1-bilingual-en-zh",
    "r1-modest-hardware",
    "r1-mixed-or-blackmarket-gpus",
    "deepseek-bytedance-data-allegation",
    "deepseek-culture-not-996",
    "zensar-coo-quote",
)
"""The 65 claim ids of the research inventory (Part B of ``claims-dossier.md``)."""

_DOSSIER_ROW = re.compile(r"^\| `([a-z0-9]+(?:-[a-z0-9]+)*)` \|", re.MULTILINE)


# --- Rules -------------------------------------------------------------------------------------


def claims_without_sources(data: Dataset) -> list[str]:
    """Claims that do not say who made them: no claimed version names a source."""
    return [claim.id for claim in data.claims if not claim.source_ids()]


def verdicts_without_evidence(data: Dataset) -> list[str]:
    """Claims whose status is a verdict (``verdict: true``) but that list no evidence."""
    verdicts = {status.id for status in data.statuses if status.verdict}
    return [claim.id for claim in data.claims if claim.status in verdicts and not claim.evidence]


def uncited_sources(data: Dataset) -> list[str]:
    """Sources that no claim (in any field) and no event cites."""
    return [source.id for source in Catalog(data).uncited_sources()]


def empty_categories(data: Dataset) -> list[str]:
    """Categories that no claim belongs to."""
    used = {claim.category for claim in data.claims}
    return [category.id for category in data.categories if category.id not in used]


def claims_without_write_up(data: Dataset) -> list[str]:
    """Claims missing the explanation or the history every claim page promises."""
    return [claim.id for claim in data.claims if not claim.explanation.strip() or not claim.history]


def names_id(text: str, claim_id: str) -> bool:
    """Whether ``text`` mentions ``claim_id`` as a whole id (not as part of a longer id)."""
    return re.search(rf"(?<![a-z0-9-]){re.escape(claim_id)}(?![a-z0-9-])", text) is not None


def unaccounted_dossier_ids(
    dossier_ids: Iterable[str], claim_ids: Iterable[str], methodology_text: str
) -> list[str]:
    """Inventory ids that are neither claims nor named (with a reason) on the methodology page."""
    on_site = set(claim_ids)
    return [
        claim_id
        for claim_id in dossier_ids
        if claim_id not in on_site and not names_id(methodology_text, claim_id)
    ]


def parse_dossier_ids(text: str) -> list[str]:
    """Claim ids from the inventory tables (Part B) of the dossier's Markdown."""
    start = text.find("## Part B")
    end = text.find("## Part C", start)
    part_b = text[start:end] if start != -1 else ""
    return _DOSSIER_ROW.findall(part_b)


# --- The real data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(DATA_FILE)


@pytest.fixture(scope="module")
def data(catalog: Catalog) -> Dataset:
    return catalog.data


def test_every_claim_names_its_source(data: Dataset) -> None:
    assert claims_without_sources(data) == []


def test_every_verdict_rests_on_evidence(data: Dataset) -> None:
    assert verdicts_without_evidence(data) == []


def test_every_source_is_cited(data: Dataset) -> None:
    assert uncited_sources(data) == []


def test_no_category_is_empty(data: Dataset) -> None:
    assert empty_categories(data) == []


def test_every_claim_is_explained_and_has_a_history(data: Dataset) -> None:
    assert claims_without_write_up(data) == []


def test_every_dossier_id_is_on_the_site_or_explained(data: Dataset) -> None:
    methodology = METHODOLOGY.read_text(encoding="utf-8")
    claim_ids = [claim.id for claim in data.claims]
    assert unaccounted_dossier_ids(DOSSIER_IDS, claim_ids, methodology) == []


def test_left_out_ids_are_not_also_claims(data: Dataset) -> None:
    """An id listed as left out (first column of the table) must not also be a claim."""
    claim_ids = {claim.id for claim in data.claims}
    methodology = METHODOLOGY.read_text(encoding="utf-8")
    section = methodology.partition("## Claims left out or merged")[2].partition("\n## ")[0]
    assert section, "the methodology page has no 'Claims left out or merged' section"
    left_out = _DOSSIER_ROW.findall(section)
    assert left_out, "the section's table lists no id"
    assert [claim_id for claim_id in left_out if claim_id in claim_ids] == []


def test_embedded_ids_match_the_dossier() -> None:
    assert len(set(DOSSIER_IDS)) == len(DOSSIER_IDS) == 65
    if not DOSSIER.is_file():
        pytest.skip("the research dossier is not available here; using the embedded list")
    assert parse_dossier_ids(DOSSIER.read_text(encoding="utf-8")) == list(DOSSIER_IDS)


# --- The rules catch what they are meant to catch ---------------------------------------------


def _replace_claim(data: Dataset, claim_id: str, claim: Claim) -> Dataset:
    claims = [claim if item.id == claim_id else item for item in data.claims]
    return data.model_copy(update={"claims": claims})


def _claim_with_status(data: Dataset, verdict: bool) -> Claim:
    statuses = {status.id for status in data.statuses if status.verdict == verdict}
    return next(claim for claim in data.claims if claim.status in statuses)


def test_a_claim_without_sources_is_caught(data: Dataset) -> None:
    claim = data.claims[0]
    bare = [variant.model_copy(update={"sources": []}) for variant in claim.claimed]
    broken = _replace_claim(data, claim.id, claim.model_copy(update={"claimed": bare}))
    assert claims_without_sources(broken) == [claim.id]


def test_a_verdict_without_evidence_is_caught(data: Dataset) -> None:
    claim = _claim_with_status(data, verdict=True)
    broken = _replace_claim(data, claim.id, claim.model_copy(update={"evidence": []}))
    assert verdicts_without_evidence(broken) == [claim.id]


def test_a_no_verdict_status_needs_no_evidence(data: Dataset) -> None:
    claim = _claim_with_status(data, verdict=False)
    bare = _replace_claim(data, claim.id, claim.model_copy(update={"evidence": []}))
    assert verdicts_without_evidence(bare) == []


def test_an_uncited_source_is_caught(data: Dataset) -> None:
    spare = data.sources[0].model_copy(update={"id": "nobody-cites-this"})
    broken = data.model_copy(update={"sources": [*data.sources, spare]})
    assert uncited_sources(broken) == ["nobody-cites-this"]


def test_a_source_cited_only_by_an_event_counts_as_cited() -> None:
    source = Source.model_validate(
        {
            "id": "only-in-timeline",
            "title": "T",
            "publisher": "P",
            "url": "https://example.org/t",
            "accessed": "2026-01-01",
            "kind": "press",
        }
    )
    claim_source = source.model_copy(update={"id": "claim-source"})
    data = _tiny_dataset(
        sources=[source, claim_source],
        events=[{"date": "2026-01-01", "title": "E", "description": "D", "sources": [source.id]}],
    )
    assert uncited_sources(data) == []
    without_event = data.model_copy(update={"events": []})
    assert uncited_sources(without_event) == ["only-in-timeline"]


def test_an_empty_category_is_caught(data: Dataset) -> None:
    spare = Category(id="nothing-here", title="Nothing", description="No claims.")
    broken = data.model_copy(update={"categories": [*data.categories, spare]})
    assert empty_categories(broken) == ["nothing-here"]


def test_a_claim_without_history_is_caught(data: Dataset) -> None:
    claim = data.claims[-1]
    broken = _replace_claim(data, claim.id, claim.model_copy(update={"history": []}))
    assert claims_without_write_up(broken) == [claim.id]


def test_an_unexplained_dossier_id_is_caught() -> None:
    ids = ["kept-claim", "left-out-claim", "forgotten-claim"]
    page = "| `left-out-claim` | merged into another claim |\n"
    assert unaccounted_dossier_ids(ids, ["kept-claim"], page) == ["forgotten-claim"]


def test_an_id_inside_a_longer_id_does_not_count() -> None:
    page = "See `r2-cost-97pct-vs-gpt4-turbo` for the merged version."
    assert not names_id(page, "r2-cost-97pct-vs-gpt4")
    assert names_id(page, "r2-cost-97pct-vs-gpt4-turbo")


def test_dossier_rows_are_parsed_from_part_b_only() -> None:
    text = (
        "## Part A\n| `not-a-claim` | x |\n"
        "## Part B\n| id | claim |\n|---|---|\n| `first-claim` | a |\n| `second-claim` | b |\n"
        "## Part C\n| `also-not-a-claim` | y |\n"
    )
    assert parse_dossier_ids(text) == ["first-claim", "second-claim"]


def _tiny_dataset(sources: list[Source], events: list[dict[str, object]]) -> Dataset:
    """The smallest valid data set: one status, one category, one claim citing ``sources[-1]``."""
    claim = Claim(
        id="a-claim",
        category="a-category",
        spec="Spec",
        claimed=[Variant(text="Something", sources=[sources[-1].id])],
        status="unverified",
        conclusion="Nothing is known.",
        evidence=[Evidence(source=sources[-1].id)],
    )
    return Dataset.model_validate(
        {
            "meta": {"subject": "S", "publisher": "P"},
            "statuses": [
                {
                    "id": "unverified",
                    "label": "Unverified",
                    "definition": "No evidence either way.",
                    "colour": "#6b7280",
                    "verdict": False,
                }
            ],
            "categories": [{"id": "a-category", "title": "A", "description": "A category."}],
            "sources": [source.model_dump() for source in sources],
            "claims": [claim.model_dump()],
            "events": events,
        }
    )
