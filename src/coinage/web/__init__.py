"""The classroom: a web app in which a class plays the regimes live, each participant with a role and a wallet.

- `state`: one class on one coin, its participants and its replayable history;
- `roles`, `actions`, `inputs`: who may ask for what, and how what they typed is checked;
- `measures`, `words`: the class's metrics (defined in `coinage.metrics`) and refusals in plain words;
- `classroom`: the live class, its comparison, the join code and the teacher's key;
- `writer`: the one thread that talks to the chain; `app`: the pages, the JSON API and the live board.

The page's files ship in `static/`; nothing is fetched at run time.
"""
