"""Two builds of the same commit are byte-identical; the only date MkDocs writes (the sitemap's)
comes from SOURCE_DATE_EPOCH, never from the clock."""

from __future__ import annotations

from pathlib import Path

from tests.site_build import build_site, real_site


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = tree(real_site())
    second = tree(build_site(tmp_path / "again", hash_seed="12345"))
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    assert {"claims.json", "claims.csv", "feed.xml", "search/search_index.json"} <= set(first)
    assert any(name.startswith("cards/") and name.endswith(".png") for name in first)


def test_only_the_sitemap_follows_source_date_epoch(tmp_path: Path) -> None:
    first = tree(real_site())
    later = tree(build_site(tmp_path / "later", epoch="1900000000"))
    differing = {name for name in first if first[name] != later[name]}
    assert differing == {"sitemap.xml", "sitemap.xml.gz"}
    assert b"2030-03-17" in later["sitemap.xml"]
