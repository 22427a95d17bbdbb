// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice The five ways a coin can be governed. Chosen once, at deployment, and readable on chain.
enum Regime {
    Permissionless, // nobody can freeze, pause or seize
    IssuerControlled, // the issuer holds every control power (the USDT/USDC model)
    RegulatorControlled, // a licensing regulator holds them (the Hong Kong model)
    DueProcess, // the regulator proposes, a court confirms; every action carries a case reference
    Sovereign // the central bank issues and controls (the e-CNY model)
}

/// @notice The parties the coin knows by role. `Nobody` means the power does not exist in a regime.
enum Role {
    Nobody,
    CentralBank,
    Regulator,
    Court,
    Issuer,
    Attestor
}

/// @notice Every privileged action of the coin.
enum Power {
    Mint,
    ConfigureMinter,
    PayRedemption,
    Attest,
    Licence,
    Freeze,
    ConfirmFreeze,
    Unfreeze,
    Seize,
    Release,
    Pause,
    SetTier
}

/// @title Regimes
/// @notice The single table saying which role holds which power under which regime, and which powers
///         must cite a case reference there.
/// @dev Every authorisation check in the coin reads these functions and nothing else, so the
///      documentation of powers can be generated from them and can never drift from the code.
library Regimes {
    /// @notice Whether using `power` under `regime` must cite a case on the public record.
    /// @dev Due process only, and not for the issuance duties (minting, the minter allowance, paying
    ///      redemptions): they carry out deposits and redemptions, not decisions about a holder.
    function requiresCase(Regime regime, Power power) internal pure returns (bool) {
        return regime == Regime.DueProcess && power != Power.Mint && power != Power.ConfigureMinter
            && power != Power.PayRedemption;
    }

    function holderOf(Regime regime, Power power) internal pure returns (Role) {
        // Attesting reserves is an auditor's duty whatever the regime.
        if (power == Power.Attest) return Role.Attestor;

        if (regime == Regime.Sovereign) {
            // One authority issues and controls; there is nobody above it to confirm a freeze.
            return power == Power.ConfirmFreeze ? Role.Nobody : Role.CentralBank;
        }

        // Wallet tiers exist only for the sovereign coin.
        if (power == Power.SetTier) return Role.Nobody;

        // Issuing and paying out redemptions belong to the private issuer in every other regime.
        if (power == Power.Mint || power == Power.PayRedemption) return Role.Issuer;

        if (regime == Regime.Permissionless) {
            // The issuer may still cap its own minting; nobody holds any control power.
            return power == Power.ConfigureMinter ? Role.Issuer : Role.Nobody;
        }

        if (regime == Regime.IssuerControlled) {
            // No licensing authority and no second party: the issuer acts alone.
            if (power == Power.Licence || power == Power.ConfirmFreeze) return Role.Nobody;
            return Role.Issuer;
        }

        if (regime == Regime.RegulatorControlled) {
            return power == Power.ConfirmFreeze ? Role.Nobody : Role.Regulator;
        }

        // Due process: the regulator proposes freezes, pauses and licenses; only a court confirms a
        // freeze, lifts it, seizes, or releases seized funds.
        if (
            power == Power.ConfirmFreeze || power == Power.Unfreeze || power == Power.Seize
                || power == Power.Release
        ) return Role.Court;
        return Role.Regulator;
    }
}
