"""Social network analysis, generic: whole-network measures (:mod:`.centralization`,
:mod:`.ei`, :mod:`.core_periphery`), structure typology (:mod:`.typology`), ego-network
measures (:mod:`.ego`), structural holes in ego networks (:mod:`.structural_holes`),
two-mode networks (:mod:`.two_mode`) and canonical shapes
(:mod:`.shapes`). One topic per module.
"""
