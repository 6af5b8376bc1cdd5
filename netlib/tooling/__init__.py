"""Project tooling, not library: the raw -> processed build (:mod:`.build`), the notebook
runner (:mod:`.notebooks`) and the offline report (:mod:`.report`).
"""
