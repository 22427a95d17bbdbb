"""Money that competes: holders choosing among the coins of one chain (see `coinage.market.engine`)."""

from .choice import Preferences, Signals, draw_preferences
from .engine import EVENTS, Behaviour, Events, Market, MarketRun, Town

__all__ = ["EVENTS", "Behaviour", "Events", "Market", "MarketRun", "Preferences", "Signals", "Town", "draw_preferences"]
