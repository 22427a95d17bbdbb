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
    /// @notice A tier cap of zero, or wider than the holder-record field that counts against it (a
    ///         balance cap beyond the balance's 128 bits; a payment or daily cap beyond the 48 bits of
    ///         the day's spending): `max` is the largest the field holds.
    error TierCapOutOfRange(WalletTier tier, uint256 cap, uint256 max);
    /// @notice A payment cap above the same tier's daily cap, which no payment could ever reach.
    error TierPaymentCapAboveDailyCap(WalletTier tier, uint256 paymentCap, uint256 dailyCap);

    uint256 private constant BALANCE_FIELD_MAX = type(uint128).max;
    uint256 private constant SPENDING_FIELD_MAX = type(uint48).max;

    uint256 private immutable _anonymousBalance;
    uint256 private immutable _anonymousPayment;
    uint256 private immutable _anonymousDaily;
    uint256 private immutable _verifiedBalance;
    uint256 private immutable _verifiedPayment;
    uint256 private immutable _verifiedDaily;

    /// @dev Refuses caps the coin could not keep (see `_checkTier`) rather than trusting its deployer.
    constructor(Config memory config, TierCaps memory caps) Coinage(config) {
        _checkTier(WalletTier.Anonymous, caps.anonymousBalance, caps.anonymousPayment, caps.anonymousDaily);
        _checkTier(WalletTier.Verified, caps.verifiedBalance, caps.verifiedPayment, caps.verifiedDaily);
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

    /// @dev A tier's caps are consistent when each is positive and fits the field that counts against
    ///      it, and the payment cap is at most the daily cap. A daily cap above the balance cap is
    ///      consistent (a wallet may receive and send again within a day), and so is a payment cap
    ///      above the balance cap (the balance is then the tighter limit).
    function _checkTier(WalletTier tier, uint256 balanceCap, uint256 paymentCap, uint256 dailyCap) private pure {
        if (balanceCap == 0 || balanceCap > BALANCE_FIELD_MAX) revert TierCapOutOfRange(tier, balanceCap, BALANCE_FIELD_MAX);
        if (paymentCap == 0 || paymentCap > SPENDING_FIELD_MAX) revert TierCapOutOfRange(tier, paymentCap, SPENDING_FIELD_MAX);
        if (dailyCap == 0 || dailyCap > SPENDING_FIELD_MAX) revert TierCapOutOfRange(tier, dailyCap, SPENDING_FIELD_MAX);
        if (paymentCap > dailyCap) revert TierPaymentCapAboveDailyCap(tier, paymentCap, dailyCap);
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
        return sender.withSpending(today, spent); // spent <= dailyCap < 2^48 (the constructor checks it)
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
