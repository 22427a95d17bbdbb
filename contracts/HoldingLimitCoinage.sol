// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Coinage} from "./Coinage.sol";
import {Config} from "./CoinageAccess.sol";
import {HolderRecord} from "./HolderRecord.sol";

/// @title HoldingLimitCoinage
/// @notice A Coinage coin that no holder may hold more of than a fixed limit, as the Bank of England
///         proposes for systemic sterling stablecoins (GBP 20,000 per individual) and the ECB floats
///         for the digital euro (about EUR 3,000). A mint or payment that would lift its recipient
///         above the limit is refused; authorities' movements (seizure, release) are not payments and
///         are not held to it.
/// @dev Only the credit hook differs from Coinage, so coins without a limit pay nothing for it. The
///      limit is an immutable: reading it costs what a constant does.
contract HoldingLimitCoinage is Coinage {
    /// @notice The most any holder may hold, in base units.
    uint256 public immutable holdingLimit;

    /// @notice A mint or payment would lift `account` to `balanceAfter`, above `limit`.
    error HoldingLimitExceeded(address account, uint256 limit, uint256 balanceAfter);

    constructor(Config memory config, uint256 limit) Coinage(config) {
        if (limit == 0) revert ZeroAmount();
        holdingLimit = limit;
    }

    /// @dev Refuse a credit that would lift the recipient above the holding limit.
    function _beforeCredit(address to, HolderRecord recipient, uint256 value) internal view override {
        uint256 balanceAfter = recipient.balance() + value;
        if (balanceAfter > holdingLimit) revert HoldingLimitExceeded(to, holdingLimit, balanceAfter);
    }
}
