"""The evaluator's power toolkit in one namespace, for the README and the notebooks.

A thin façade, like :mod:`netlib.load`: library modules import from the modules below
directly.

* :mod:`netlib.trials.designs` — the 14 PowerUp! designs by their PowerUp! names
  (``mdes``, ``power``, ``sample_size``), moderators (MDESD: ``mod221`` … ``mod333``),
  unequal cluster sizes (``cv``);
* :mod:`netlib.trials.mediation` — mediator power (``mediator_power``: ``med211`` …
  ``med331``; Sobel, joint and Monte Carlo tests);
* :mod:`netlib.trials.power` — the same with the old names (``ira``, ``cra2_2r`` …) and
  PowerUp!'s central-t power shortcut (``method="central"``);
* :mod:`netlib.trials.allocation` — cost-constrained optimal sample allocation (``cosa``);
* :mod:`netlib.trials.diagnose` — design diagnosis by simulation (``diagnose``);
* :mod:`netlib.trials.grid` — grids of designs in-process or on Dask (``power_grid``,
  ``diagnose_grid``).
"""

from __future__ import annotations

from netlib.trials.allocation import Allocation, cosa
from netlib.trials.designs import (
    DESIGNS,
    MAIN_DESIGNS,
    MDES,
    MODERATOR_DESIGNS,
    degrees_of_freedom,
    mdes,
    multiplier,
    sample_size,
    standard_error,
)
from netlib.trials.diagnose import Diagnosis, diagnose
from netlib.trials.grid import diagnose_grid, power_grid
from netlib.trials.mediation import MEDIATOR_DESIGNS, MediatorPower, mediator_power
from netlib.trials.power import power

__all__ = [
    "DESIGNS", "MAIN_DESIGNS", "MDES", "MEDIATOR_DESIGNS", "MODERATOR_DESIGNS", "Allocation",
    "Diagnosis", "MediatorPower", "cosa", "degrees_of_freedom", "diagnose", "diagnose_grid",
    "mdes", "mediator_power", "multiplier", "power", "power_grid", "sample_size",
    "standard_error",
]
