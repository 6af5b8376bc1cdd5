"""The IMST social network analysis (seed 001, Figure 9): the survey's data contract
(:mod:`.contract`), its loader (:mod:`.survey`), the calibrated synthetic generator
(:mod:`.generator`, ``python -m netlib.cases.imst``) and the analysis of the published
findings (:mod:`.analysis`).
"""
