"""Survey profiles: the vocabularies an ego-network survey uses, declared in a small file.

A profile says which labels are valid in each coded column of a survey and what they mean:

* ``regions`` (with ``region_aliases``, any language) — where a respondent's network is;
  ``alter_regions_extra`` adds values only a contact may have (e.g. "national", "abroad");
* ``institutions`` (with ``institution_aliases``), ``max_institutions`` per respondent and
  ``max_alter_institutions`` per contact;
* ``roles`` of respondents in their network;
* ``frequencies``: the contact-frequency scale, **ordered from most to least frequent**, each
  ``{"label", "score", "per_year"}`` (``score`` is the ordinal weight used as tie strength,
  ``per_year`` a nominal number of contacts a year);
* ``relations``: what a tie is about (e.g. information, cooperation);
* ``casefold``: match labels case-insensitively.

A vocabulary set to ``null`` is **open**: any non-empty label is accepted and kept as
written (trimmed, Unicode NFC, inner white space collapsed). :data:`GENERIC` leaves every
vocabulary open; :data:`IMST_PROFILE` is the contract of the shipped IMST survey (Austria's
nine federal states, twelve institution types). A profile is a JSON or YAML file a
researcher writes without code (format and a worked example for France: the data card
``data/raw/cards/survey_examples_synthetic.md``); built-in profiles live in
``netlib/survey/profiles/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from netlib.data.errors import DataError
from netlib.data.paths import rel

PROFILE_DIR = Path(__file__).parent / "profiles"
FIELDS = {
    "name", "title", "country", "regions", "region_aliases", "alter_regions_extra",
    "institutions", "institution_aliases", "max_institutions", "max_alter_institutions",
    "roles", "frequencies", "relations", "casefold", "description",
}


@dataclass(frozen=True)
class Frequency:
    """One step of a contact-frequency scale."""

    label: str
    score: float
    per_year: float | None = None


@dataclass(frozen=True)
class SurveyProfile:
    """The vocabularies of a survey (see the module docstring); ``None`` means open."""

    name: str
    title: str = ""
    country: str | None = None
    regions: tuple[str, ...] | None = None
    region_aliases: dict[str, str] = field(default_factory=dict)
    alter_regions_extra: tuple[str, ...] = ()
    institutions: tuple[str, ...] | None = None
    institution_aliases: dict[str, str] = field(default_factory=dict)
    max_institutions: int | None = None
    max_alter_institutions: int | None = None
    roles: tuple[str, ...] | None = None
    frequencies: tuple[Frequency, ...] | None = None
    relations: tuple[str, ...] | None = None
    casefold: bool = False
    source: str = ""  # the file it was read from

    @property
    def alter_regions(self) -> tuple[str, ...] | None:
        """Valid regions of a contact: the profile's regions plus the extra values."""
        if self.regions is None:
            return None
        return (*self.regions, *self.alter_regions_extra)

    @property
    def frequency_labels(self) -> tuple[str, ...] | None:
        return None if self.frequencies is None else tuple(f.label for f in self.frequencies)

    @property
    def frequency_score(self) -> dict[str, float]:
        return {f.label: f.score for f in self.frequencies or ()}

    @property
    def contacts_per_year(self) -> dict[str, float]:
        return {f.label: f.per_year for f in self.frequencies or () if f.per_year is not None}

    @property
    def multi_alter_institutions(self) -> bool:
        """Whether a contact may work in several institutions (then a ';'-list)."""
        return self.max_alter_institutions is None or self.max_alter_institutions > 1

    def describe(self) -> str:
        """One line naming the profile and its vocabularies' sizes (for notebooks)."""
        def size(v: tuple | None) -> str:
            return "open" if v is None else str(len(v))
        return (f"profile '{self.name}': regions {size(self.regions)}, institution types "
                f"{size(self.institutions)}, roles {size(self.roles)}, frequency steps "
                f"{size(self.frequencies)}, relations {size(self.relations)}")


def _strings(name: str, value: object, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v.strip() for v in value):
        raise DataError(f"profile field '{name}' must be a non-empty list of labels or null",
                        file=where, column=name, value=str(value)[:80],
                        expected="a list of non-empty strings, or null for an open vocabulary")
    out = tuple(v.strip() for v in value)
    if len(set(out)) != len(out):
        raise DataError(f"profile field '{name}' repeats a label", file=where, column=name,
                        expected="distinct labels")
    return out


def _aliases(name: str, value: object, targets: tuple[str, ...] | None,
             where: str) -> dict[str, str]:
    if value in (None, {}):
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise DataError(f"profile field '{name}' must map labels to labels", file=where,
                        column=name, expected='{"alias": "label", ...}')
    if targets is not None:
        bad = [v for v in value.values() if v not in targets]
        if bad:
            raise DataError(f"profile field '{name}' maps to labels not in the vocabulary",
                            file=where, column=name, value=str(bad[:3]),
                            expected=f"targets among {list(targets)}")
    return dict(value)


def _limit(name: str, value: object, where: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise DataError(f"profile field '{name}' must be a positive integer or null",
                        file=where, column=name, value=str(value), expected="1, 2, 3, … or null")
    return value


def check_keys(d: object, allowed: set[str], *, where: str, unknown: str, not_mapping: str,
               listing: str, context: str = "", prefix: str = "") -> None:
    """``d`` must be a mapping whose keys are among ``allowed``: else a :class:`DataError`
    saying ``not_mapping``, or "unknown <unknown>(s) <keys><context>" naming the first unknown
    key (column ``prefix`` + key); ``listing`` names the allowed keys ("fields")."""
    expected = f"{listing} among {sorted(allowed)}"
    if not isinstance(d, dict):
        raise DataError(not_mapping, file=where, column=prefix.rstrip(".") or None,
                        expected=expected)
    bad = sorted(set(d) - allowed)
    if bad:
        raise DataError(f"unknown {unknown}{'s' if len(bad) > 1 else ''} {', '.join(bad)}"
                        f"{context}", file=where, column=prefix + bad[0], expected=expected)


def profile_from_dict(d: dict, where: str = "<profile>") -> SurveyProfile:
    """Build and check a :class:`SurveyProfile` from a parsed JSON/YAML mapping."""
    check_keys(d, FIELDS, where=where, unknown="profile field", listing="fields",
               not_mapping="a profile must be a mapping of fields")
    name = d.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataError("a profile needs a name", file=where, column="name",
                        expected="a non-empty string")
    regions = _strings("regions", d.get("regions"), where)
    institutions = _strings("institutions", d.get("institutions"), where)
    extra = _strings("alter_regions_extra", d.get("alter_regions_extra") or None, where) or ()
    freqs = d.get("frequencies")
    frequencies = None
    if freqs is not None:
        if not isinstance(freqs, list) or not freqs:
            raise DataError("profile field 'frequencies' must be a non-empty list", file=where,
                            column="frequencies",
                            expected='[{"label": "daily", "score": 5, "per_year": 220}, …], '
                            "most frequent first, or null")
        steps = []
        for i, f in enumerate(freqs):
            if isinstance(f, str):
                f = {"label": f, "score": len(freqs) - i}
            if (not isinstance(f, dict) or not isinstance(f.get("label"), str)
                    or not isinstance(f.get("score", 0), int | float)
                    or isinstance(f.get("score", 0), bool)):
                raise DataError(f"frequency step {i + 1} is malformed", file=where,
                                column="frequencies", value=str(f)[:80],
                                expected='{"label": …, "score": number, "per_year": number}')
            steps.append(Frequency(f["label"].strip(), float(f.get("score", len(freqs) - i)),
                                   None if f.get("per_year") is None else float(f["per_year"])))
        scores = [s.score for s in steps]
        if any(a <= b for a, b in zip(scores, scores[1:], strict=False)):
            raise DataError("frequency scores must decrease (most frequent first)",
                            file=where, column="frequencies", value=str(scores),
                            expected="strictly decreasing scores")
        frequencies = tuple(steps)
        _strings("frequencies", [s.label for s in steps], where)
    return SurveyProfile(
        name=name.strip(), title=str(d.get("title", "")), country=d.get("country"),
        regions=regions,
        region_aliases=_aliases("region_aliases", d.get("region_aliases"),
                                None if regions is None else (*regions, *extra), where),
        alter_regions_extra=extra, institutions=institutions,
        institution_aliases=_aliases("institution_aliases", d.get("institution_aliases"),
                                     institutions, where),
        max_institutions=_limit("max_institutions", d.get("max_institutions"), where),
        max_alter_institutions=_limit("max_alter_institutions",
                                      d.get("max_alter_institutions"), where),
        roles=_strings("roles", d.get("roles"), where), frequencies=frequencies,
        relations=_strings("relations", d.get("relations"), where),
        casefold=bool(d.get("casefold", False)), source=where,
    )


def read_mapping(path: Path, what: str) -> dict:
    """Parse a JSON or YAML file (by suffix) into a mapping; a clear error otherwise."""
    where = rel(path)
    if not path.is_file():
        raise DataError(f"{what} file not found", file=where,
                        expected=f"a .json, .yaml or .yml {what} file")
    text = path.read_text(encoding="utf-8-sig")
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        elif path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            raise DataError(f"cannot read a {path.suffix or 'suffix-less'} file as a {what}",
                            file=where, expected="a .json, .yaml or .yml file")
    except (json.JSONDecodeError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        raise DataError(f"{what} is not valid {path.suffix[1:].upper()}", file=where, line=line,
                        expected=f"a {path.suffix[1:].upper()} mapping") from None
    except Exception as exc:  # yaml.YAMLError and its subclasses
        if type(exc).__module__.startswith("yaml"):
            mark = getattr(exc, "problem_mark", None)
            raise DataError(f"{what} is not valid YAML", file=where,
                            line=None if mark is None else mark.line + 1,
                            expected="a YAML mapping") from None
        raise
    if not isinstance(data, dict):
        raise DataError(f"a {what} must be a mapping", file=where,
                        expected="key: value pairs at the top level")
    return data


def builtin_profiles() -> dict[str, Path]:
    """Name → file of every built-in profile."""
    out = {}
    for p in sorted(PROFILE_DIR.glob("*.json")):
        out[json.loads(p.read_text(encoding="utf-8"))["name"]] = p
    return out


def load_profile(profile: SurveyProfile | str | Path | None) -> SurveyProfile:
    """A profile object, a built-in name (``"imst"``, ``"generic"``, ``"france-academies"``)
    or the path of a JSON/YAML profile file; ``None`` gives :data:`GENERIC`."""
    if profile is None:
        return GENERIC
    if isinstance(profile, SurveyProfile):
        return profile
    builtins = builtin_profiles()
    if isinstance(profile, str) and profile in builtins:
        path = builtins[profile]
        return profile_from_dict(json.loads(path.read_text(encoding="utf-8")),
                                 f"netlib/survey/profiles/{path.name}")
    path = Path(profile)
    if not path.suffix:
        raise DataError(f"unknown profile '{profile}'", expected=f"a built-in profile "
                        f"({', '.join(builtins)}) or the path of a .json/.yaml profile file")
    return profile_from_dict(read_mapping(path, "profile"), rel(path))


IMST_PROFILE = load_profile("imst")
GENERIC = profile_from_dict(json.loads((PROFILE_DIR / "generic.json").read_text("utf-8")),
                            "netlib/survey/profiles/generic.json")
