"""Evaluating trials, generic: effect sizes, ICC, models and WWC checks
(:mod:`.evaluation`), PowerUp! power (:mod:`.power`), the trial-data loader
(:mod:`.loader`) and seeded trial simulation (:mod:`.simulate`).
"""
