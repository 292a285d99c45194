"""List claim wording that repeats a seed article word for word (8 or more words in a row).

The site writes claims in its own words; a phrase copied from a seed must either be reworded
or shown as a quotation. Run by hand, with the folder of seed articles (plain text files):

    .venv/bin/python scripts/seed_overlap.py SEEDS_DIR [data/claims.yaml] [--words 8]

Exit 0 when nothing repeats, 1 when something does (one line per repeat: claim, field, seed,
the repeated words), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from claimsite.datafile.loader import load_dataset
from claimsite.datafile.models import Claim
from claimsite.errors import DataFileError

WORD = re.compile(r"[\w$%.,\u00d7\u207b\u2070-\u2079-]+")
"""A word: letters, digits and the signs figures are written with (dollar, per cent, times)."""


def words(text: str) -> list[str]:
    """Lower-case words, punctuation kept inside them, quotes and dashes ignored."""
    found = (match.group(0).strip(".,").lower() for match in WORD.finditer(text))
    return [word for word in found if word]


def claimed_texts(claim: Claim) -> Iterator[tuple[str, str]]:
    """The claim's own wording: what was claimed, in each variant (quotes are exempt)."""
    for index, variant in enumerate(claim.claimed):
        for field in ("text", "display", "note"):
            value = getattr(variant, field)
            if value:
                yield f"claimed[{index}].{field}", value


def repeats(text: str, seed_words: list[str], size: int) -> list[str]:
    """Runs of ``size`` or more words of ``text`` that occur in the seed in the same order."""
    seed_runs = {tuple(seed_words[i : i + size]) for i in range(len(seed_words) - size + 1)}
    mine = words(text)
    found: list[str] = []
    index = 0
    while index + size <= len(mine):
        if tuple(mine[index : index + size]) in seed_runs:
            end = index + size
            while end < len(mine) and tuple(mine[end - size + 1 : end + 1]) in seed_runs:
                end += 1
            found.append(" ".join(mine[index:end]))
            index = end
        else:
            index += 1
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=Path, help="folder of seed articles (*.txt)")
    parser.add_argument("data", nargs="?", default="data/claims.yaml", help="the data file")
    parser.add_argument("--words", type=int, default=8, help="shortest run to report")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir() or args.words < 2:
        print("give a folder of seed articles and --words of 2 or more", file=sys.stderr)
        return 2
    try:
        data = load_dataset(args.data)
    except DataFileError as error:
        print(error.report(), file=sys.stderr)
        return 2
    seeds = {path.name: words(path.read_text("utf-8")) for path in args.seeds.glob("*.txt")}
    found = 0
    for claim in data.claims:
        for field, text in claimed_texts(claim):
            for seed, seed_words in sorted(seeds.items()):
                for run in repeats(text, seed_words, args.words):
                    found += 1
                    print(f"{claim.id} {field}: repeats {seed}: “{run}”")
    print(f"{found} repeated runs of {args.words}+ words.", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
