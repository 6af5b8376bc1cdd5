"""The case studies: the schemas of their raw tables (:mod:`.tables`) and loaders
(:mod:`.loaders`), the seed documents (:mod:`.sources`), facts with bounds (:mod:`.facts`),
the IMST survey analysis (:mod:`.imst`), the IDoS peers and LINKS networks (:mod:`.idos`),
the organisations x initiatives ecosystem (:mod:`.ecosystem`) and Tennessee STAR
(:mod:`.tennessee_star`). Cases build on the generic packages, never the reverse.
"""
