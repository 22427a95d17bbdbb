// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Power} from "./Regimes.sol";
import {CoinageAccess, Config} from "./CoinageAccess.sol";
import {CoinageToken} from "./CoinageToken.sol";

/// @title CoinageIssuance
/// @notice Coins against fiat: the attested reserves that cap the supply, the issuer's licence and
///         minter allowance, and redemption at par with its queue of fiat payouts.
abstract contract CoinageIssuance is CoinageAccess, CoinageToken {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    struct Redemption {
        address holder;
        uint128 amount;
        bool paid;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    error IssuerNotLicensed(address issuer);
    error LicenceUnchanged(bool licensed);
    error MinterAllowanceExceeded(uint256 allowance, uint256 needed);
    error NoAttestation();
    error AttestationStale(uint256 attestedAt, uint256 maxAge, uint256 now_);
    error ReservesExceeded(uint256 reserves, uint256 supplyAfter);
    error SupplyOverflow(uint256 supplyAfter);
    error UnknownRedemption(uint256 id);
    error RedemptionAlreadyPaid(uint256 id);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    event ReservesAttested(uint256 reserves, bytes32 indexed reportRef, address indexed attestor);
    event MinterAllowanceSet(address indexed issuer, uint256 allowance, address indexed authority);
    event RedemptionRequested(uint256 indexed id, address indexed holder, uint256 amount);
    event RedemptionPaid(uint256 indexed id, address indexed holder, uint256 amount, bytes32 fiatRef);
    event LicenceRevoked(address indexed issuer, bytes32 caseRef, address indexed authority);
    event LicenceReinstated(address indexed issuer, bytes32 caseRef, address indexed authority);

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    uint32 internal immutable _maxAttestationAge;

    bool private _licensed;

    uint256 private _minterAllowance;
    uint256 private _attestedReserves;
    uint256 private _attestedAt;
    bytes32 private _reportRef;

    Redemption[] private _redemptions;
    uint256 private _outstandingRedemptions;

    constructor(Config memory config) {
        _maxAttestationAge = config.maxAttestationAge;
        _licensed = true;
    }

    /*//////////////////////////////////////////////////////////////
                         ISSUANCE AND RESERVES
    //////////////////////////////////////////////////////////////*/

    /// @notice Post the issuer's reserve figure, as found by an audit identified by `reportRef`.
    function attest(uint256 reserves, bytes32 reportRef) external {
        _authorize(Power.Attest, reportRef);
        _attestedReserves = reserves;
        _attestedAt = block.timestamp;
        _reportRef = reportRef;
        emit ReservesAttested(reserves, reportRef, msg.sender);
    }

    /// @notice Set how much the issuer may still mint.
    function setMinterAllowance(uint256 allowance_) external {
        _authorize(Power.ConfigureMinter, bytes32(0));
        _minterAllowance = allowance_;
        emit MinterAllowanceSet(_issuer, allowance_, msg.sender);
    }

    /// @notice Issue `amount` new coins to `to`, against fiat already in the reserve account.
    /// @dev Refused unless the issuer is licensed, within its allowance, and the supply after the
    ///      mint stays within reserves attested no longer than `maxAttestationAge` ago.
    function mint(address to, uint256 amount) external {
        _authorize(Power.Mint, bytes32(0));
        if (!_licensed) revert IssuerNotLicensed(_issuer);
        if (amount == 0) revert ZeroAmount();
        if (to == address(0) || to == address(this)) revert ERC20InvalidReceiver(to);
        if (_attestedAt == 0) revert NoAttestation();
        if (block.timestamp - _attestedAt > _maxAttestationAge) {
            revert AttestationStale(_attestedAt, _maxAttestationAge, block.timestamp);
        }
        uint256 allowed = _minterAllowance;
        if (amount > allowed) revert MinterAllowanceExceeded(allowed, amount);
        uint256 supplyAfter = _totalSupply + amount;
        if (supplyAfter > _attestedReserves) revert ReservesExceeded(_attestedReserves, supplyAfter);
        // Balances are 128-bit; capping the supply there keeps every balance in range.
        if (supplyAfter > type(uint128).max) revert SupplyOverflow(supplyAfter);
        unchecked {
            _minterAllowance = allowed - amount; // amount <= allowed, checked above
        }
        _update(address(0), to, amount);
    }

    /// @notice Burn `amount` of the caller's coins and ask the issuer for the same sum in fiat.
    /// @dev Works while the licence is revoked: a stand-down order must not trap holders' money.
    /// @return id the redemption request's number
    function redeem(uint256 amount) external returns (uint256 id) {
        if (amount == 0) revert ZeroAmount();
        _update(msg.sender, address(0), amount);
        id = _redemptions.length;
        // amount fitted the caller's 128-bit balance, so the cast is exact.
        _redemptions.push(Redemption({holder: msg.sender, amount: uint128(amount), paid: false}));
        _outstandingRedemptions += amount;
        emit RedemptionRequested(id, msg.sender, amount);
    }

    /// @notice Record that redemption `id` was paid in fiat, with the bank's payment reference.
    function markRedemptionPaid(uint256 id, bytes32 fiatRef) external {
        _authorize(Power.PayRedemption, bytes32(0));
        if (id >= _redemptions.length) revert UnknownRedemption(id);
        Redemption storage request = _redemptions[id];
        if (request.paid) revert RedemptionAlreadyPaid(id);
        request.paid = true;
        _outstandingRedemptions -= request.amount;
        emit RedemptionPaid(id, request.holder, request.amount, fiatRef);
    }

    /*//////////////////////////////////////////////////////////////
                                LICENCE
    //////////////////////////////////////////////////////////////*/

    /// @notice Withdraw the issuer's licence: minting stops, redemptions continue.
    function revokeLicence(bytes32 caseRef) external {
        _authorize(Power.Licence, caseRef);
        if (!_licensed) revert LicenceUnchanged(false);
        _licensed = false;
        emit LicenceRevoked(_issuer, caseRef, msg.sender);
    }

    /// @notice Give the issuer its licence back.
    function reinstateLicence(bytes32 caseRef) external {
        _authorize(Power.Licence, caseRef);
        if (_licensed) revert LicenceUnchanged(true);
        _licensed = true;
        emit LicenceReinstated(_issuer, caseRef, msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Whether the issuer holds its licence (and so may mint).
    function licensed() external view returns (bool) {
        return _licensed;
    }

    /// @notice How much the issuer may still mint, in base units.
    function minterAllowance() external view returns (uint256) {
        return _minterAllowance;
    }

    /// @notice The latest reserve attestation.
    function attestation() external view returns (uint256 reserves, uint256 attestedAt, bytes32 reportRef) {
        return (_attestedReserves, _attestedAt, _reportRef);
    }

    /// @notice How many redemption requests were ever made; ids run from 0 to this minus one.
    function redemptionCount() external view returns (uint256) {
        return _redemptions.length;
    }

    /// @notice Redemption request `id`: who asked, for how much, and whether the fiat was paid.
    function redemption(uint256 id) external view returns (address holder, uint256 amount, bool paid) {
        if (id >= _redemptions.length) revert UnknownRedemption(id);
        Redemption storage request = _redemptions[id];
        return (request.holder, request.amount, request.paid);
    }

    /// @notice Coins burned for redemption and not yet paid out in fiat.
    function outstandingRedemptions() external view returns (uint256) {
        return _outstandingRedemptions;
    }
}
