// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice Wallet tiers of the sovereign coin, after the e-CNY's published wallet classes.
enum WalletTier {
    Anonymous, // phone-number wallet: small balances, small payments
    Verified, // identity-verified wallet
    Unlimited // institutions and the central bank itself
}

/// @notice The caps of the two limited tiers, in base units (the unlimited tier has none). The sovereign
///         coin takes them at deployment, so a policy can be studied at other figures.
struct TierCaps {
    uint256 anonymousBalance;
    uint256 anonymousPayment;
    uint256 anonymousDaily;
    uint256 verifiedBalance;
    uint256 verifiedPayment;
    uint256 verifiedDaily;
}

/// @title WalletTiers
/// @notice Limits per tier, in base units of a 6-decimal coin.
library WalletTiers {
    uint256 internal constant COIN = 1e6;

    /// @notice The e-CNY's published wallet-class figures: the default caps.
    function defaults() internal pure returns (TierCaps memory) {
        return TierCaps(10_000 * COIN, 2_000 * COIN, 5_000 * COIN, 500_000 * COIN, 50_000 * COIN, 100_000 * COIN);
    }

    /// @return balanceCap the most a wallet may hold
    /// @return paymentCap the most a wallet may send in one payment
    /// @return dailyCap the most a wallet may send in one UTC day
    function limits(TierCaps memory caps, WalletTier tier)
        internal
        pure
        returns (uint256 balanceCap, uint256 paymentCap, uint256 dailyCap)
    {
        return select(
            tier,
            caps.anonymousBalance,
            caps.anonymousPayment,
            caps.anonymousDaily,
            caps.verifiedBalance,
            caps.verifiedPayment,
            caps.verifiedDaily
        );
    }

    /// @dev The limits of `tier` from the six caps as plain values, so that a coin keeping them as
    ///      immutables pays for no memory struct on every transfer.
    function select(
        WalletTier tier,
        uint256 anonymousBalance,
        uint256 anonymousPayment,
        uint256 anonymousDaily,
        uint256 verifiedBalance,
        uint256 verifiedPayment,
        uint256 verifiedDaily
    ) internal pure returns (uint256 balanceCap, uint256 paymentCap, uint256 dailyCap) {
        if (tier == WalletTier.Anonymous) return (anonymousBalance, anonymousPayment, anonymousDaily);
        if (tier == WalletTier.Verified) return (verifiedBalance, verifiedPayment, verifiedDaily);
        return (type(uint256).max, type(uint256).max, type(uint256).max);
    }
}
