"""The findings table of notebook 06: each claim of the sources the ecosystem data speak to,
what was found and whether it holds in what the sources name (computed from the measures of
:mod:`netlib.cases.ecosystem`; the notebook only displays it)."""

from __future__ import annotations

import pandas as pd

from netlib.cases.ecosystem import HELIX_LABELS, Ecosystem
from netlib.sna.ei import EIResult


def findings(eco: Ecosystem, mem: pd.DataFrame, om: pd.DataFrame, im: pd.DataFrame,
             comp: pd.DataFrame, ei: EIResult, by_strand: pd.DataFrame, bs: pd.DataFrame,
             *, start_c: int, start_s: int, now_c: int, share: float) -> pd.DataFrame:
    """One row per claim: ``claim``, ``source`` (seed and lines), ``found``, ``holds?``.

    ``om`` / ``im``: :func:`~netlib.cases.ecosystem.org_measures` and
    :func:`~netlib.cases.ecosystem.initiative_measures`; ``comp`` the initiative measures
    indexed by initiative label; ``ei`` / ``by_strand`` the E-I tests by strand; ``bs``
    :func:`~netlib.cases.ecosystem.brokerage_by_strand` indexed by strand label; the JNTN
    numbers are the stated facts (companies and schools at the start, companies now, share of
    Dutch secondary schools). Claims that rest on coding each peer's or partner's network as
    an initiative of its own say so in their verdict ("consistent by construction").
    """
    n_ini = eco.B.sum(axis=1)
    top_btw = om.sort_values(["betweenness", "org_id"], ascending=[False, True])
    ec_labels = HELIX_LABELS

    def row(claim, where, found, verdict):
        return {"claim": claim, "source": where, "found": found, "holds?": verdict}


    lamap_inis = sorted(eco.B.columns[eco.B.loc["lamap"] == 1])
    brit = comp.loc["Brittany platform"]
    jn = comp.loc["Jet-Net & TechNet"]
    idos_nb = set(eco.inis.neighbors("idos"))
    peers = set(mem.loc[(mem["initiative_id"] == "idos") & (mem["role"] == "peer"), "org_id"])
    own = set(mem.loc[mem["org_id"].isin(peers) & mem["role"].isin(["coordinator", "founder"])
                  & (mem["initiative_id"] != "idos"), "initiative_id"])
    ini_btw = im.set_index("initiative_id")["betweenness"]
    links_rank = int(ini_btw.rank(ascending=False, method="min")["links"])
    links_partners = set(mem.loc[(mem["initiative_id"] == "links") & (mem["role"] == "partner"), "org_id"])
    top5 = set(top_btw["org_id"].head(5))
    multi_share = (n_ini >= 2).mean()
    industry_brokers = int(bs.loc[ec_labels["industry"], "brokers"])
    gov_brokers = om.loc[(om["helix"] == "government") & (om["brokerage_total"] > 0), "org_id"].tolist()
    cross = bs[["consultant", "representative_gatekeeper", "liaison"]].sum(axis=1)
    edu_civil = (cross[ec_labels["education_research"]]
                 + cross[ec_labels["civil_society"]]) / cross.sum()
    claims = pd.DataFrame([
        row("La main à la pâte is an IDoS peer, a LINKS partner and an invited partner in Brittany",
            "000 Tableau 1, 001 l. 141-145, 004 l. 122",
            f"yes; it is in {len(lamap_inis)} initiatives ({', '.join(lamap_inis)}) and has the "
            f"highest projection betweenness ({om.set_index('org_id').loc['lamap', 'betweenness']:.2f})",
            "holds"),
        row("IDoS is a 'réseau de réseaux'", "000 l. 706-707",
            f"its {len(peers)} peers tie IDoS to {len(idos_nb)} other initiatives, {len(idos_nb & own)} "
            "of them networks the peers run or founded",
            "holds (consistent by construction of the data: each peer's or partner's own network is coded as an initiative of its own)"),
        row("LINKS partners act as intermediaries, 'un rôle de catalyseur entre différentes organisations'",
            "001 l. 1461-1463",
            f"LINKS ranks {links_rank} of {len(ini_btw)} initiatives by betweenness; "
            f"{len(top5 & links_partners)} of the 5 organisations with the highest betweenness are LINKS partners",
            ("holds" if links_rank == 1 and len(top5 & links_partners) >= 3 else "partly")
            + " (consistent by construction of the data: each peer's or partner's own network is coded as an initiative of its own)"),
        row("these programmes rest on the 'triple hélice' Gouvernement-Industrie-Education",
            "004 l. 22-24",
            f"the Brittany platform names {int(brit['government'])} government, "
            f"{int(brit['education_research'])} education, {int(brit['industry'])} industry and "
            f"{int(brit['civil_society'])} civil-society organisations; JNTN names "
            f"{int(jn['industry'])} companies and {int(jn['civil_society'])} platform, no school or authority",
            "holds for Brittany; cannot be checked for JNTN (its schools are not named)"),
        row("STEM education needs collaboration across sectors ('entre les secteurs')",
            "000 l. 1259-1261",
            f"E-I = {ei.ei:+.2f}: most ties cross strands, but fewer than random mixing "
            f"({ei.expected:+.2f}, p = {ei.p_value:.4f}); "
            + (f"every strand's own E-I is below its expectation (p {by_strand['p'].min():.4f}–"
               f"{by_strand['p'].max():.4f})"
               if (by_strand["E-I"] < by_strand["expected E-I"]).all()
               else "the strands differ in direction"),
            "partly: cross-sector ties dominate, yet organisations cluster by strand"),
        row("intermediary networks integrate 'les écoles, les entreprises, les décideurs et les chercheurs'",
            "001 l. 1467-1470",
            f"{edu_civil:.1%} of cross-strand brokerage (consultant, representative/gatekeeper, "
            f"liaison; each open triad once) is done by education and civil-society organisations; {industry_brokers} "
            f"industry brokers; government brokers: {', '.join(gov_brokers) or 'none'}",
            "holds for the named organisations (schools are not named)"),
        row("institutions generally belong to several networks at once",
            "001 l. 376-378 (Austria)",
            f"{int((n_ini >= 2).sum())} of {len(n_ini)} organisations ({multi_share:.0%}) are in 2+ "
            "initiatives in what the sources name",
            "cannot be checked: the sources name few memberships per organisation"),
        row("IMST and NEP collaborate but neither network is part of the other",
            "001 l. 389-391",
            "NEP is a LINKS partner and a member of the Science Centre Network, not of IMST; "
            "they share LINKS",
            "holds (consistent by construction of the data)"),
        row(f"JNTN grew from {start_c} companies and {start_s} schools to more than {now_c} companies and about {share:g} % of Dutch secondary schools",
            "004 l. 235-241, 284-286",
            f"companies: more than {now_c // start_c}-fold; schools: not computable",
            "holds for companies (arithmetic on stated facts); cannot be checked for schools"),
    ])
    return claims
