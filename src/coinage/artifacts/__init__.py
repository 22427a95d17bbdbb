"""Compiled contract artifacts shipped with the package.

Kept as a package so ``importlib.resources`` can read the JSON files from an
installed wheel, which lets users run Coinage without a Solidity compiler.
"""
