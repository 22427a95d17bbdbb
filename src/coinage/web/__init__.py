"""The classroom: a web app in which a class plays the regimes live, each participant with a role and a wallet.

`state` holds one class on one coin and its history; `actions` lists what each role may ask for;
`app` serves the pages, the JSON API and the live board; `writer` is the one thread that talks to
the chain. The page's files ship in `static/`.
"""
