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
        if r["qualifier"] == "exact":
            assert r["lower"] == r["upper"] == r["value"]
        elif r["qualifier"] == "about":  # an interval around the value, never the point
            assert r["lower"] < r["value"] < r["upper"] and bool(r["lower_inclusive"])
        elif r["qualifier"] in ("more_than", "at_least"):
            assert r["lower"] == r["value"] and r["upper"] is pd.NA
            assert bool(r["lower_inclusive"]) == (r["qualifier"] == "at_least")
        elif r["qualifier"] == "range":
            assert (r["lower"], r["upper"]) == (r["value"], r["value_high"])
        assert r["approximate"] == (r["qualifier"] == "about")


def test_an_interrupted_build_leaves_old_or_new_files_never_half(tmp_path, monkeypatch):
    """A kill during the build: every file is whole (the old one or the new), no temporary
    file is left, and the descriptor (written last) still vouches for what it lists."""
    import os

    from netlib.data import files, package

    out = tmp_path / "processed"
    build.build(out)
    before = _bytes(out)
    for p in out.glob("*.csv"):  # make every new file differ from the old
        p.write_bytes(p.read_bytes() + b"\n")
    old = _bytes(out)
    calls = {"n": 0}
    real_replace = os.replace

    def killed_on_the_fifth(src, dst):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # what a Ctrl-C or a kill looks like mid-build
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", killed_on_the_fifth)
    try:
        build.build(out)
    except KeyboardInterrupt:
        pass
    now = _bytes(out)
    assert set(now) == set(before)  # no temporary file left behind
    assert all(now[n] in (old[n], before[n]) for n in now)
    assert sum(now[n] == before[n] for n in now if n.endswith(".csv")) == 4  # 4 renames, then the kill
    assert now[package.DESCRIPTOR] == old[package.DESCRIPTOR]  # not yet rewritten
