"""Figures: the house style and the four-way publication of a figure (:mod:`.plot`),
and the node-link renderer (:mod:`.drawing`).
"""
