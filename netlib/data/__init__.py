"""Generic data layer: paths, the one error type, the schema framework, validation,
provenance (the data package) and table loading. Imports nothing from :mod:`netlib.cases`.
"""
