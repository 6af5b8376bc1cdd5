"""`python -m netlib.tooling.build` is byte-for-byte reproducible and matches the committed files."""

import subprocess
import sys

import pandas as pd

from netlib import load
from netlib.data.paths import PROCESSED, ROOT
from netlib.tooling import build


def _bytes(d):
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def test_build_twice_gives_identical_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build.build(a)
    build.build(b)
    assert _bytes(a) == _bytes(b)


def test_committed_processed_data_is_what_raw_builds(tmp_path):
    subprocess.run([sys.executable, "-m", "netlib.tooling.build", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True)
    assert _bytes(tmp_path) == _bytes(PROCESSED)


def test_long_tables_expand_the_lists():
    peers = pd.read_csv(PROCESSED / "idos_peers.csv")
    regions = pd.read_csv(PROCESSED / "idos_peer_regions.csv")
    assert len(regions) == peers["regions_of_impact"].str.count(";").add(1).sum()
    assert set(regions["peer_id"]) == set(peers["peer_id"])


def test_bounds_follow_the_qualifier():
    facts = build.fact_bounds(load.load_facts())
    for _, r in facts.iterrows():
        if r["qualifier"] in ("exact", "about"):
            assert r["lower"] == r["upper"] == r["value"]
        elif r["qualifier"] in ("more_than", "at_least"):
            assert r["lower"] == r["value"] and r["upper"] is pd.NA
            assert bool(r["lower_inclusive"]) == (r["qualifier"] == "at_least")
        elif r["qualifier"] == "range":
            assert (r["lower"], r["upper"]) == (r["value"], r["value_high"])
        assert r["approximate"] == (r["qualifier"] == "about")
