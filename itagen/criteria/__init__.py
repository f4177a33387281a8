"""The ITA/OIT criteria: catalogs as data, the rule engine, `check`, `urls` and the ITA pages.

Stage order (imports run one way): catalog (model) → loader → paths → rules → evaluate → report,
site, urls, pages. Nothing here imports Jinja or knows about templates.
"""
