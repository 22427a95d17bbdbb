// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice Wallet tiers of the sovereign coin, after the e-CNY's published wallet classes.
enum WalletTier {
    Anonymous, // phone-number wallet: small balances, small payments
    Verified, // identity-verified wallet
    Unlimited // institutions and the central bank itself
}

/// @title WalletTiers
/// @notice Limits per tier, in base units of a 6-decimal coin.
library WalletTiers {
    uint256 internal constant COIN = 1e6;

    /// @return balanceCap the most a wallet may hold
    /// @return paymentCap the most a wallet may send in one payment
    /// @return dailyCap the most a wallet may send in one UTC day
    function limits(WalletTier tier)
        internal
        pure
        returns (uint256 balanceCap, uint256 paymentCap, uint256 dailyCap)
    {
        if (tier == WalletTier.Anonymous) return (10_000 * COIN, 2_000 * COIN, 5_000 * COIN);
        if (tier == WalletTier.Verified) return (500_000 * COIN, 50_000 * COIN, 100_000 * COIN);
        return (type(uint256).max, type(uint256).max, type(uint256).max);
    }
}
