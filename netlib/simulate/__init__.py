"""Seeded generators of synthetic data, each labelled as such wherever it is written.

* :mod:`netlib.simulate.ego_survey` — :func:`imst_survey`, an IMST-style ego-network survey
  calibrated to the published findings of the IMST social network analysis;
* :mod:`netlib.simulate.trials` — :func:`cluster_trial` (RCT-style data with a known true
  effect for individual, 2- and 3-level designs) and :func:`simulate_power`.

Command line: ``python -m netlib.simulate imst [--seed N] [--out DIR]``.
"""

from netlib.simulate.ego_survey import (
    COMPANIES,
    IMST_CALIBRATION,
    IMST_SEED,
    INFORMAL_SITES,
    SCHOOLS,
    TARGET_GROUPS,
    imst_survey,
    write_imst_survey,
)
from netlib.simulate.trials import (
    DESIGNS,
    SimulatedPower,
    analyse,
    cluster_trial,
    simulate_power,
)

__all__ = [
    "COMPANIES", "DESIGNS", "IMST_CALIBRATION", "IMST_SEED", "INFORMAL_SITES", "SCHOOLS",
    "SimulatedPower", "TARGET_GROUPS", "analyse", "cluster_trial", "imst_survey",
    "simulate_power", "write_imst_survey",
]
