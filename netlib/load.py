"""The way in: every loader of the compendium's data, in one namespace.

A thin façade over :mod:`netlib.data.tables` (generic: load any table against its schema,
reject rows, read a processed table) and :mod:`netlib.cases.loaders` (one ``load_*`` per raw
table of the case studies, with cross-table checks), plus the IMST survey loader
(:mod:`netlib.cases.imst.survey`). Library modules import from those modules directly; the
README and the notebooks use ``netlib.load``.
"""

from __future__ import annotations

from netlib.cases.imst.survey import Survey, load_imst_survey
from netlib.cases.loaders import (
    check_ecosystem,
    load_all,
    load_ecosystem,
    load_facts,
    load_hsb82,
    load_idos_network_types,
    load_idos_peer_networks,
    load_idos_peers,
    load_imst_findings,
    load_initiatives,
    load_links_networks,
    load_links_nodes,
    load_memberships,
    load_organisation_aliases,
    load_organisations,
    load_rct_facts,
    load_star,
    load_star_published,
    load_wwc_attrition_boundaries,
)
from netlib.data.tables import (
    check_refs,
    load_processed,
    load_provenance,
    load_table,
    reject_rows,
)

__all__ = [
    "Survey",
    "check_ecosystem",
    "check_refs",
    "load_all",
    "load_ecosystem",
    "load_facts",
    "load_hsb82",
    "load_idos_network_types",
    "load_idos_peer_networks",
    "load_idos_peers",
    "load_imst_findings",
    "load_imst_survey",
    "load_initiatives",
    "load_links_networks",
    "load_links_nodes",
    "load_memberships",
    "load_organisation_aliases",
    "load_organisations",
    "load_processed",
    "load_provenance",
    "load_rct_facts",
    "load_star",
    "load_star_published",
    "load_table",
    "load_wwc_attrition_boundaries",
    "reject_rows",
]
