"""Calibrated mechanisms of the real world: sources, freeze latency, the banking calendar, the market pool and holding limits."""
