"""Refusals in plain words, for people who have never seen a wallet.

The coin refuses with a typed error named after the broken rule (`coinage.errors`); each error
class's docstring already states its rule in one sentence, so that sentence is what the page shows,
beside the rule's name and its values. Nothing here restates a rule.
"""

from __future__ import annotations

import inspect

from ..errors import CoinageError, ContractRevert, PowerNotInRegime, SolidityError, Unauthorized


def rule_sentence(error: ContractRevert) -> str:
    """The rule a refusal broke, in one sentence (the error class's own docstring, first paragraph)."""
    doc = inspect.getdoc(type(error)) or ""
    return " ".join(doc.split("\n\n")[0].split())


def refusal_words(error: ContractRevert) -> str:
    """A refusal for the page: the rule's name, the rule in words, and who holds the power if it names one
    (or, from a real coin's contract, its own revert reason)."""
    sentence = rule_sentence(error)
    if isinstance(error, SolidityError):
        # A real coin's contract refuses with a sentence of its own: quote it, as the contract wrote it.
        return f"Refused by the rule {error.rule}: {sentence} The contract said: \"{error.reason}\""
    if isinstance(error, Unauthorized):
        sentence += f" Under this regime only the {error.role.name.lower().replace('_', ' ')} holds {error.power.name}."
    elif isinstance(error, PowerNotInRegime):
        sentence += f" Nobody holds {error.power.name} under {error.regime.slug}."
    return f"Refused by the rule {error.rule}: {sentence} ({error})"


def error_words(error: CoinageError) -> str:
    """Any of Coinage's errors as one line for the page."""
    if isinstance(error, ContractRevert):
        return refusal_words(error)
    return str(error)


__all__ = ["error_words", "refusal_words", "rule_sentence"]
