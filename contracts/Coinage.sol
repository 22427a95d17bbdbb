// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Regime} from "./Regimes.sol";
import {CoinageAccess, Config} from "./CoinageAccess.sol";
import {CoinageToken} from "./CoinageToken.sol";
import {CoinageIssuance} from "./CoinageIssuance.sol";
import {CoinageControls} from "./CoinageControls.sol";

/// @title Coinage
/// @notice A fiat-backed stablecoin whose control powers (freeze, pause, seizure, licensing) belong to
///         whoever the deployment's regime names. Minting is bounded by attested reserves; holders
///         redeem at par; seized funds are escrowed, never burned.
/// @dev Composed of one concern per file: `CoinageToken` (ERC-20, permit, and the pause and freeze
///      rules in `_update`), `CoinageAccess` (the regime table and the one authorisation check),
///      `CoinageIssuance` (reserves, licence, minting and redemption) and `CoinageControls` (freeze,
///      seizure, pause, tiers). The sovereign coin's wallet limits are in `SovereignCoinage`.
contract Coinage is CoinageIssuance, CoinageControls {
    error WrongContractForRegime(Regime regime);

    constructor(Config memory config)
        CoinageAccess(config)
        CoinageToken(config.name, config.symbol)
        CoinageIssuance(config)
        CoinageControls(config)
    {
        // Wallet limits live in SovereignCoinage, so that no other coin pays gas to skip them.
        if ((config.regime == Regime.Sovereign) != _enforcesWalletLimits()) revert WrongContractForRegime(config.regime);
    }

    /// @notice How long a provisional freeze lasts and how old an attestation may be, in seconds.
    function periods() external view returns (uint256 provisionalFreezePeriod, uint256 maxAttestationAge) {
        return (_provisionalFreezePeriod, _maxAttestationAge);
    }

    /// @dev Whether this contract enforces wallet tiers; only SovereignCoinage does.
    function _enforcesWalletLimits() internal pure virtual returns (bool) {
        return false;
    }
}
