"""Pseudonymisation as a data-protection reviewer would attack it: keys, scopes, collisions,
and raw identifiers in error messages."""

import csv
import hashlib
import hmac
import io
import traceback

import pandas as pd
import pytest

from netlib import DataError, privacy
from netlib.cases.imst.survey import SHIPPED_SURVEY, load_imst_survey
from netlib.privacy import KEY_ENV, SYNTHETIC_KEY, pseudonym, pseudonymise, resolve_key
from netlib.tooling import build

KEY = "a-user-key-of-more-than-16-bytes"
RESP = [["anna.berg@example.org", "Kärnten", "coordinator", "working_group"],
        ["ben.cole@example.org", "Wien", "steering_group", "university"]]
TIES = [["anna.berg@example.org", "ben.cole@example.org", "Wien", "university", "weekly",
         "cooperation"]]
RESP_HEADER = ["respondent_id", "region", "role", "institutions"]
TIE_HEADER = ["respondent_id", "alter_id", "alter_region", "alter_institution", "frequency",
              "content"]


def write(d, respondents, ties, label=""):
    d.mkdir(parents=True, exist_ok=True)
    for name, header, rows in (("respondents.csv", RESP_HEADER, respondents),
                               ("ties.csv", TIE_HEADER, ties)):
        buf = io.StringIO()
        if label and name == "respondents.csv":
            buf.write(f"# {label}\n")
        csv.writer(buf, lineterminator="\n").writerows([header, *rows])
        (d / name).write_text(buf.getvalue(), encoding="utf-8")
    return d


# ------------------------------------------------------------------------------------ keys
def test_a_real_survey_without_a_key_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    with pytest.raises(DataError, match="no pseudonymisation key") as e:
        load_imst_survey(write(tmp_path / "s", RESP, TIES))
    assert KEY_ENV in str(e.value) and "16 bytes" in str(e.value)


@pytest.mark.parametrize("bad", ["", "k3y-s3cr3t", "fifteen-bytes!!"])
def test_an_empty_or_short_key_is_refused_and_never_printed(tmp_path, monkeypatch, bad):
    monkeypatch.setenv(KEY_ENV, bad)
    with pytest.raises(DataError) as e:
        load_imst_survey(write(tmp_path / "s", RESP, TIES))
    assert ("too short" in str(e.value)) or ("no pseudonymisation key" in str(e.value))
    if bad:
        assert bad not in str(e.value)
    with pytest.raises(DataError, match="too short"):
        resolve_key("x" * 15)
    assert resolve_key("x" * 16) == b"x" * 16


def test_the_environment_never_changes_the_shipped_data(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    before = build.imst_tables()
    monkeypatch.setenv(KEY_ENV, KEY)
    after = build.imst_tables()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])
    # and a user's key does apply when the user passes it
    own = load_imst_survey(key=KEY)
    assert set(own.respondents["respondent_id"]).isdisjoint(
        before["imst_respondents.csv"]["respondent_id"])


def test_surveys_and_keys_cannot_be_linked(tmp_path):
    a = load_imst_survey(write(tmp_path / "wave_a", RESP, TIES), key=KEY)
    b = load_imst_survey(write(tmp_path / "wave_b", RESP, TIES), key=KEY)
    c = load_imst_survey(write(tmp_path / "wave_c", RESP, TIES), key=KEY + "-other")
    ids = [set(s.respondents["respondent_id"]) for s in (a, b, c)]
    assert ids[0].isdisjoint(ids[1]) and ids[0].isdisjoint(ids[2])
    # linking two waves of one panel is a deliberate choice: the same scope
    b2 = load_imst_survey(tmp_path / "wave_b", key=KEY, scope="wave_a")
    assert set(b2.respondents["respondent_id"]) == ids[0]


def test_guessing_ids_without_the_key_finds_nothing(tmp_path):
    """The attack that reversed every pseudonym of the old default key: hash candidates."""
    s = load_imst_survey(write(tmp_path / "s", RESP, TIES), key=KEY)
    published = set(s.respondents["respondent_id"])
    candidates = [r[0] for r in RESP] + [f"R{i:03d}" for i in range(1000)]
    for guess_key in (SYNTHETIC_KEY, b"netlib-public-key-for-synthetic-data", b""):
        for scope in ("", "s"):
            guessed = {pseudonym(c, guess_key, scope) for c in candidates}
            assert guessed.isdisjoint(published)
    # with the key and scope the mapping is reproducible (what the key holder relies on)
    assert {pseudonym(r[0], KEY.encode(), "s") for r in RESP} == published


def test_pseudonyms_are_80_bits_and_a_collision_is_an_error(monkeypatch):
    p = pseudonym("x", b"k" * 16)
    assert p.startswith("R-") and len(p) == 2 + 20
    ids = pd.Series([f"id{i}" for i in range(300)])
    monkeypatch.setattr(privacy, "PSEUDONYM_HEX", 1)  # 16 values: collisions are certain
    with pytest.raises(DataError, match="collision"):
        pseudonymise(ids, b"k" * 16)


def _counting(monkeypatch) -> list[str]:
    """Record every value :func:`privacy.pseudonyms` hashes."""
    calls: list[str] = []
    real = privacy.pseudonyms

    def counted(values, key, scope=""):
        values = list(values)
        calls.extend(values)
        return real(values, key, scope)

    monkeypatch.setattr(privacy, "pseudonyms", counted)
    return calls


def test_batch_pseudonyms_are_the_hmac_of_rfc_2104():
    """Independent computation: :func:`hmac.new` (the standard library's HMAC), for keys
    shorter than, equal to and longer than SHA-256's 64-byte block, empty and non-ASCII
    values and scopes."""
    values = ["", "a", "R001", "élève-7", "x" * 300, "\x1f"]
    for key in (b"k" * 16, bytes(range(64)), bytes(range(65)), b"\xff" * 200):
        for scope in ("", "s", "Ö-scope"):
            ref = ["R-" + hmac.new(key, scope.encode() + b"\x1f" + v.encode(),
                                   hashlib.sha256).hexdigest()[:privacy.PSEUDONYM_HEX]
                   for v in values]
            assert privacy.pseudonyms(values, key, scope) == ref
            assert [pseudonym(v, key, scope) for v in values] == ref


def test_each_distinct_id_is_hashed_once(monkeypatch):
    calls = _counting(monkeypatch)
    out = pseudonymise(pd.Series(["a", "b", "a", None, "b"]), b"k" * 16)
    assert sorted(calls) == ["a", "b"] and out.isna().tolist() == [False] * 3 + [True, False]


def test_a_memo_shared_by_calls_hashes_each_id_once_and_changes_nothing(monkeypatch):
    calls = _counting(monkeypatch)
    real = pseudonym
    memo: dict[str, str] = {}
    key = b"k" * 16
    a = pseudonymise(pd.Series(["a", "b"]), key, "sc", memo=memo)
    b = pseudonymise(pd.Series(["b", None, "c"]), key, "sc", memo=memo)
    assert sorted(calls) == ["a", "b", "c"]
    assert a.tolist() == [real("a", key, "sc"), real("b", key, "sc")]
    assert b.isna().tolist() == [False, True, False] and b[0] == a[1]


def test_the_synthetic_survey_uses_the_documented_key():
    s = load_imst_survey()
    raw = pd.read_csv(SHIPPED_SURVEY / "respondents.csv", comment="#")["respondent_id"]
    expected = {pseudonym(r, SYNTHETIC_KEY, SHIPPED_SURVEY.name) for r in raw}
    assert set(s.respondents["respondent_id"]) == expected


# ---------------------------------------------------------------- no raw id in any message
STRICT_CASES = {
    "duplicate respondent": (RESP + [RESP[0]], TIES),
    "unknown alter": (RESP, TIES + [["anna.berg@example.org", "zed.unknown@example.org", "Wien",
                                      "university", "weekly", "information"]]),
    "self-tie": (RESP, TIES + [["ben.cole@example.org", "ben.cole@example.org", "Wien",
                                "university", "weekly", "information"]]),
    "tie from an unknown id": (RESP, TIES + [["zed.unknown@example.org", "", "Wien",
                                              "university", "weekly", "information"]]),
    "duplicate tie": (RESP, TIES + [TIES[0]]),
    "ragged record": (RESP, TIES + [["anna.berg@example.org", "ben.cole@example.org", "Wien"]]),
}
RAW_IDS = ("anna.berg", "ben.cole", "zed.unknown", "example.org")


@pytest.mark.parametrize("case", sorted(STRICT_CASES))
def test_no_raw_id_in_strict_errors_or_their_tracebacks(tmp_path, case):
    resp, ties = STRICT_CASES[case]
    d = write(tmp_path / "s", resp, ties)
    with pytest.raises(DataError) as e:
        load_imst_survey(d, strict=True, key=KEY)
    shown = "".join(traceback.format_exception(e.value)) + repr(e.value.value)
    assert not any(i in shown for i in RAW_IDS), shown
    assert e.value.__context__ is None and e.value.__cause__ is None
    assert e.value.line is not None


@pytest.mark.parametrize("case", sorted(set(STRICT_CASES) - {"ragged record"}))
def test_no_raw_id_in_rejected_rows(tmp_path, case):
    resp, ties = STRICT_CASES[case]
    s = load_imst_survey(write(tmp_path / "s", resp, ties), key=KEY)
    assert len(s.rejected) == 1
    assert not any(i in s.rejected.to_csv() for i in RAW_IDS)


def test_a_latin1_survey_does_not_quote_its_lines(tmp_path):
    d = write(tmp_path / "s", [["jürgen.müller@example.org", "Wien", "coordinator",
                                "working_group"]], [])
    f = d / "respondents.csv"
    f.write_bytes(f.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(DataError, match="not valid UTF-8") as e:
        load_imst_survey(d, key=KEY)
    assert "müller" not in str(e.value) and "m\\xfcller" not in str(e.value)
    assert "Latin-1" in str(e.value)


def test_user_folders_are_not_printed(tmp_path):
    d = write(tmp_path / "private_folder_of_jane_doe" / "s", RESP, TIES + [TIES[0]])
    s = load_imst_survey(d, key=KEY)
    text = s.rejected.to_csv() + s.source
    assert "jane_doe" not in text and str(tmp_path) not in text
    assert s.source == "…/s" and set(s.rejected["file"]) == {"…/s/ties.csv"}


def test_a_stray_quote_does_not_show_the_ids_it_swallowed(tmp_path):
    """An unbalanced quote makes one cell run over the next lines; those lines hold other
    people's ids, so the cell is refused without being shown (found by the attack run)."""
    resp = RESP + [["cleo.dunn@example.org", "Wien", "coordinator", "university"]]
    d = write(tmp_path / "s", resp, TIES)
    f = d / "respondents.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("working_group", '"working_group')
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for strict in (True, False):
        with pytest.raises(DataError, match="runs over several lines") as e:
            load_imst_survey(d, key=KEY, strict=strict)
        assert not any(i in str(e.value) for i in RAW_IDS) and e.value.line == 2
