// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Coinage} from "./Coinage.sol";
import {Config} from "./CoinageAccess.sol";
import {HolderRecord} from "./HolderRecord.sol";
import {TierCaps, WalletTier, WalletTiers} from "./WalletTiers.sol";

/// @title SovereignCoinage
/// @notice The coin of the sovereign regime: the central bank issues it and holds every power, and
///         each wallet is held to the limits of its tier (after the e-CNY's wallet classes): a
///         balance cap, a per-payment cap and a daily outflow cap, fixed at deployment.
/// @dev Only the two transfer hooks differ from Coinage. Keeping the limits here, not behind a
///      regime check in Coinage, means the other four regimes pay no gas for rules they lack. The
///      caps are immutables, so reading them costs what a constant does.
contract SovereignCoinage is Coinage {
    uint256 private immutable _anonymousBalance;
    uint256 private immutable _anonymousPayment;
    uint256 private immutable _anonymousDaily;
    uint256 private immutable _verifiedBalance;
    uint256 private immutable _verifiedPayment;
    uint256 private immutable _verifiedDaily;

    constructor(Config memory config, TierCaps memory caps) Coinage(config) {
        (_anonymousBalance, _anonymousPayment, _anonymousDaily) =
            (caps.anonymousBalance, caps.anonymousPayment, caps.anonymousDaily);
        (_verifiedBalance, _verifiedPayment, _verifiedDaily) =
            (caps.verifiedBalance, caps.verifiedPayment, caps.verifiedDaily);
        // The central bank's own wallet has no limits: it is where new money starts.
        address centralBank = config.centralBank;
        _setWalletTier(centralBank, WalletTier.Unlimited);
    }

    /// @notice The limits of a wallet tier on this coin, in base units.
    function tierLimits(WalletTier tier)
        public
        view
        override
        returns (uint256 balanceCap, uint256 paymentCap, uint256 dailyCap)
    {
        return WalletTiers.select(
            tier, _anonymousBalance, _anonymousPayment, _anonymousDaily, _verifiedBalance, _verifiedPayment, _verifiedDaily
        );
    }

    /// @dev Count the payment against the sender's per-payment and daily limits.
    function _beforeDebit(address from, HolderRecord sender, uint256 value)
        internal
        view
        override
        returns (HolderRecord)
    {
        WalletTier tier = sender.tier();
        if (tier == WalletTier.Unlimited) return sender;
        (, uint256 paymentCap, uint256 dailyCap) = tierLimits(tier);
        if (value > paymentCap) revert TierPaymentCapExceeded(from, paymentCap, value);
        uint256 today = _today();
        uint256 spent = sender.spentOn(today) + value;
        if (spent > dailyCap) revert TierDailyCapExceeded(from, dailyCap, spent);
        return sender.withSpending(today, spent); // spent <= dailyCap < 2^48 (deploy_coin checks the caps)
    }

    /// @dev Refuse a payment that would lift the recipient above its tier's balance cap.
    function _beforeCredit(address to, HolderRecord recipient, uint256 value) internal view override {
        (uint256 balanceCap,,) = tierLimits(recipient.tier());
        uint256 balanceAfter = recipient.balance() + value;
        if (balanceAfter > balanceCap) revert TierBalanceCapExceeded(to, balanceCap, balanceAfter);
    }

    function _enforcesWalletLimits() internal pure override returns (bool) {
        return true;
    }
}
