// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Regime, Role, Power, Regimes} from "./Regimes.sol";

/// @notice Everything a deployment decides once.
struct Config {
    string name;
    string symbol;
    Regime regime;
    address centralBank;
    address regulator;
    address court;
    address issuer;
    address attestor;
    /// How long a regulator's freeze lasts without a court's confirmation (due process only).
    uint32 provisionalFreezePeriod;
    /// How old the latest reserve attestation may be when coins are minted.
    uint32 maxAttestationAge;
}

/// @title CoinageAccess
/// @notice Who may use each power: the regime fixed at deployment, the accounts holding each role,
///         and the one authorisation check, which reads the regime table (`Regimes.holderOf` and
///         `Regimes.requiresCase`).
abstract contract CoinageAccess {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    error PowerNotInRegime(Power power, Regime regime);
    error Unauthorized(address caller, Power power, Role role);
    error MissingCaseReference(Power power);
    error MissingRoleHolder(Role role);

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    Regime internal immutable _regime;
    address private immutable _centralBank;
    address private immutable _regulator;
    address private immutable _court;
    address internal immutable _issuer;
    address private immutable _attestor;

    constructor(Config memory config) {
        _regime = config.regime;
        _centralBank = config.centralBank;
        _regulator = config.regulator;
        _court = config.court;
        // The sovereign coin has no private issuer: the central bank issues it.
        _issuer = config.regime == Regime.Sovereign ? config.centralBank : config.issuer;
        _attestor = config.attestor;
        // Refuse a deployment in which some power belongs to a role nobody holds.
        for (uint256 p = 0; p <= uint256(type(Power).max); ++p) {
            Role role = Regimes.holderOf(config.regime, Power(p));
            if (role != Role.Nobody && _addressOf(role) == address(0)) revert MissingRoleHolder(role);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice The regime fixed at deployment.
    function regime() external view returns (Regime) {
        return _regime;
    }

    /// @notice Which role holds `power` in this coin's regime (`Nobody` if the power does not exist).
    function roleFor(Power power) external view returns (Role) {
        return Regimes.holderOf(_regime, power);
    }

    /// @notice Whether using `power` in this coin's regime must cite a case reference.
    function requiresCase(Power power) external view returns (bool) {
        return Regimes.requiresCase(_regime, power);
    }

    /// @notice The account that holds `power`, or the zero address if nobody does.
    function authorityFor(Power power) external view returns (address) {
        return _addressOf(Regimes.holderOf(_regime, power));
    }

    /// @notice The accounts holding each role.
    function roles()
        external
        view
        returns (address centralBank, address regulator, address court, address issuer, address attestor)
    {
        return (_centralBank, _regulator, _court, _issuer, _attestor);
    }

    /*//////////////////////////////////////////////////////////////
                               INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev The one authorisation check: the regime's table names the role, the role names the account.
    function _authorize(Power power, bytes32 caseRef) internal view {
        Role role = Regimes.holderOf(_regime, power);
        if (role == Role.Nobody) revert PowerNotInRegime(power, _regime);
        if (msg.sender != _addressOf(role)) revert Unauthorized(msg.sender, power, role);
        if (caseRef == bytes32(0) && Regimes.requiresCase(_regime, power)) revert MissingCaseReference(power);
    }

    function _addressOf(Role role) internal view returns (address) {
        if (role == Role.CentralBank) return _centralBank;
        if (role == Role.Regulator) return _regulator;
        if (role == Role.Court) return _court;
        if (role == Role.Issuer) return _issuer;
        if (role == Role.Attestor) return _attestor;
        return address(0);
    }
}
