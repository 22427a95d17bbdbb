// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Coinage} from "./Coinage.sol";
import {Config} from "./CoinageAccess.sol";
import {HolderRecord} from "./HolderRecord.sol";
import {WalletTier, WalletTiers} from "./WalletTiers.sol";

/// @title SovereignCoinage
/// @notice The coin of the sovereign regime: the central bank issues it and holds every power, and
///         each wallet is held to the limits of its tier (after the e-CNY's wallet classes): a
///         balance cap, a per-payment cap and a daily outflow cap.
/// @dev Only the two transfer hooks differ from Coinage. Keeping the limits here, not behind a
///      regime check in Coinage, means the other four regimes pay no gas for rules they lack.
contract SovereignCoinage is Coinage {
    constructor(Config memory config) Coinage(config) {
        // The central bank's own wallet has no limits: it is where new money starts.
        address centralBank = config.centralBank;
        _setWalletTier(centralBank, WalletTier.Unlimited);
    }

    /// @dev Count the payment against the sender's per-payment and daily limits.
    function _beforeDebit(address from, HolderRecord sender, uint256 value)
        internal
        view
        override
        returns (HolderRecord)
    {
        (, uint256 paymentCap, uint256 dailyCap) = WalletTiers.limits(sender.tier());
        if (paymentCap == type(uint256).max) return sender;
        if (value > paymentCap) revert TierPaymentCapExceeded(from, paymentCap, value);
        uint256 today = _today();
        uint256 spent = sender.spentOn(today) + value;
        if (spent > dailyCap) revert TierDailyCapExceeded(from, dailyCap, spent);
        return sender.withSpending(today, spent); // spent <= dailyCap, far below 2^48
    }

    /// @dev Refuse a payment that would lift the recipient above its tier's balance cap.
    function _beforeCredit(address to, HolderRecord recipient, uint256 value) internal pure override {
        (uint256 balanceCap,,) = WalletTiers.limits(recipient.tier());
        uint256 balanceAfter = recipient.balance() + value;
        if (balanceAfter > balanceCap) revert TierBalanceCapExceeded(to, balanceCap, balanceAfter);
    }

    function _enforcesWalletLimits() internal pure override returns (bool) {
        return true;
    }
}
