"""netlib — loaders, metrics and plotting for the *networks in STEM education* compendium.

The import name is ``netlib``; the distribution is ``stem-networks-compendium``
(an unrelated package called ``netlib`` exists on PyPI).

Data flows one way: ``data/raw`` → :mod:`netlib.load` (validate) → ``data/processed``
(:mod:`netlib.tooling.build`) → notebooks → ``report/`` (:mod:`netlib.tooling.report`).
"""

from netlib.data.errors import DataError, RejectedRowsWarning
from netlib.data.paths import PROCESSED, RAW, ROOT

__version__ = "0.1.0"

__all__ = ["DataError", "RejectedRowsWarning", "ROOT", "RAW", "PROCESSED", "__version__"]
