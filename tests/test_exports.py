"""Every build publishes the data for machines: JSON, CSV and the JSON Schema, matching the data."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from mkdocs.config import load_config

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_dataset
from claimsite.datafile.models import Dataset
from claimsite.datafile.schema import ids_in, json_schema, schema_text
from claimsite.outputs.exports import CSV_HEADER, SCHEMA_VERSION, claims_csv, claims_json
from claimsite.render.urls import SiteUrls
from tests.site_build import ROOT, real_site

DATA = ROOT / "data" / "claims.yaml"


def site_url() -> str:
    return load_config(str(ROOT / "mkdocs.yml")).site_url or ""


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    body: dict[str, Any] = json.loads((real_site() / "claims.json").read_text(encoding="utf-8"))
    return body


def test_json_round_trips_to_the_data(exported: dict[str, Any], data: Dataset) -> None:
    assert exported["schema_version"] == SCHEMA_VERSION
    body = {key: value for key, value in exported.items() if key != "schema_version"}
    body["claims"] = [
        {key: value for key, value in claim.items() if key != "url"} for claim in body["claims"]
    ]
    assert list(Draft202012Validator(json_schema()).iter_errors(body)) == []
    assert Dataset.model_validate(body) == data


def test_json_gives_each_claim_its_page(exported: dict[str, Any], data: Dataset) -> None:
    base = site_url()
    assert [claim["id"] for claim in exported["claims"]] == [claim.id for claim in data.claims]
    for claim in exported["claims"]:
        assert claim["url"] == f"{base}claims/{claim['id']}/"
        assert (real_site() / "claims" / claim["id"] / "index.html").is_file()


def test_csv_has_one_flat_row_per_claim(data: Dataset) -> None:
    raw = (real_site() / "claims.csv").read_bytes()
    assert raw.count(b"\r\n") >= len(data.claims) + 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    assert [row["id"] for row in rows] == [claim.id for claim in data.claims]
    labels = {status.id: status.label for status in data.statuses}
    for row, claim in zip(rows, data.claims, strict=True):
        assert row["status"] == claim.status
        assert row["status_label"] == labels[claim.status]
        assert row["conclusion"] == claim.conclusion
        assert row["claimed_sources"].split() == claim.source_ids()
        assert row["actual_as_of"] == (claim.actual.as_of.isoformat() if claim.actual else "")
        assert row["url"].endswith(f"claims/{claim.id}/")


def test_site_publishes_the_schema_with_its_ids(data: Dataset) -> None:
    published = (real_site() / "schema" / "claims.schema.json").read_text(encoding="utf-8")
    assert published == schema_text(ids_in(data.model_dump(mode="json")))
    statuses = json.loads(published)["$defs"]["Claim"]["properties"]["status"]["enum"]
    assert statuses == [status.id for status in data.statuses]


def test_data_page_documents_the_files_and_the_licence(data: Dataset) -> None:
    page = real_site() / "data" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    assert data.meta.licence in article.get_text()
    targets = {str(anchor["href"]) for anchor in article.find_all("a", href=True)}
    for name in ("claims.json", "claims.csv", "schema/claims.schema.json", "feed.xml"):
        assert f"../{name}" in targets
        assert (page.parent / f"../{name}").resolve().is_file()


def test_exports_are_pure_functions_of_the_data() -> None:
    catalog = Catalog(load_dataset(DATA))
    assert claims_json(catalog, SiteUrls(), None) == claims_json(catalog, SiteUrls(), None)
    relative = json.loads(claims_json(catalog, SiteUrls(directory_urls=False), None))
    first = relative["claims"][0]
    assert first["url"] == f"claims/{first['id']}.html"
    assert claims_csv(catalog, SiteUrls(), "https://example.net/x").count("https://example.net/x/")
