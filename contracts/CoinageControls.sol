// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Regime, Power} from "./Regimes.sol";
import {WalletTier, WalletTiers} from "./WalletTiers.sol";
import {HolderRecord} from "./HolderRecord.sol";
import {CoinageAccess, Config} from "./CoinageAccess.sol";
import {CoinageToken} from "./CoinageToken.sol";

/// @title CoinageControls
/// @notice The control powers: freezing (provisional under due process), seizure into a case escrow
///         and release from it, the pause, and placing wallets in tiers. Each is exercised by whoever
///         the regime table names, and only through `_authorize`.
abstract contract CoinageControls is CoinageAccess, CoinageToken {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    error EscrowAccount(address account);
    error AccountNotFrozen(address account);
    error AlreadyFrozen(address account, uint256 until);
    /// @notice Due process: a provisional freeze may not follow the account's last freeze until a
    ///         provisional period after that freeze ended; `until` is when it may.
    error FreezeCoolingOff(address account, uint256 until);
    error InvalidFreezeExpiry(uint256 until, uint256 now_);
    error ExpectedPause();
    error InsufficientEscrow(bytes32 caseRef, uint256 escrowed, uint256 needed);
    error TierBalanceCapExceeded(address account, uint256 cap, uint256 balanceAfter);
    error TierPaymentCapExceeded(address account, uint256 cap, uint256 amount);
    error TierDailyCapExceeded(address account, uint256 cap, uint256 spentAfter);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    event Frozen(address indexed account, uint256 until, bytes32 caseRef, address indexed authority);
    event FreezeConfirmed(address indexed account, uint256 until, bytes32 caseRef, address indexed authority);
    event Unfrozen(address indexed account, bytes32 caseRef, address indexed authority);
    event Seized(address indexed account, uint256 amount, bytes32 caseRef, address indexed authority);
    event Released(address indexed recipient, uint256 amount, bytes32 caseRef, address indexed authority);
    event Paused(bytes32 caseRef, address indexed authority);
    event Unpaused(bytes32 caseRef, address indexed authority);
    event TierSet(address indexed account, WalletTier tier, bytes32 caseRef, address indexed authority);

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    uint32 internal immutable _provisionalFreezePeriod;

    mapping(bytes32 caseRef => uint256) private _escrow;

    constructor(Config memory config) {
        _provisionalFreezePeriod = config.provisionalFreezePeriod;
        // The coin's own account is the seizure escrow. Frozen from birth, it can receive nothing
        // but seizures and send nothing but releases, at no cost to ordinary transfers.
        _holders[address(this)] = HolderRecord.wrap(0).withFrozenUntil(FOREVER);
    }

    /*//////////////////////////////////////////////////////////////
                           FREEZE AND SEIZURE
    //////////////////////////////////////////////////////////////*/

    /// @notice Freeze `account` until `until` (0: until lifted). Under due process the freeze is
    ///         provisional: it lapses after the provisional period unless a court confirms it, and
    ///         the account cannot be frozen again until a further provisional period has passed
    ///         since that freeze ended (lapsed, lifted, or a confirmed freeze run out).
    /// @dev Never shortens a freeze already in force, so no path can quietly unfreeze an account.
    ///      Under due process the rule is "only a court keeps an account frozen beyond the provisional
    ///      period", and it must hold for every sequence of calls, not only for a renewal: refusing
    ///      renewals alone let a regulator freeze again at the second a freeze lapsed, under a new
    ///      case, and chain provisional freezes for as long as it liked. With the cooling-off, a
    ///      provisional freeze lasts at most P (the provisional period) and is followed by at least P
    ///      in which the holder can move its coins, so without a court confirmation an account is
    ///      never frozen for more than P in a row, nor for more than P in any span of 2P. The end of
    ///      the last freeze is the record's `frozenUntil` (a lift writes its own time there), so the
    ///      rule costs no storage and nothing on a transfer.
    function freeze(address account, uint256 until, bytes32 caseRef) external {
        _authorize(Power.Freeze, caseRef);
        uint256 effective = until == 0 ? FOREVER : until;
        bool dueProcess = _regime == Regime.DueProcess;
        if (dueProcess) {
            uint256 lapse = block.timestamp + _provisionalFreezePeriod;
            if (effective > lapse) effective = lapse;
        }
        if (effective <= block.timestamp || effective > FOREVER) revert InvalidFreezeExpiry(until, block.timestamp);
        HolderRecord record = _holders[account];
        uint256 current = record.frozenUntil();
        if (dueProcess) {
            // No renewal of a freeze in force, and no new one during the cooling-off after it.
            if (record.isFrozenAt(block.timestamp)) revert AlreadyFrozen(account, current);
            uint256 coolsOff = current + _provisionalFreezePeriod;
            if (current != 0 && block.timestamp < coolsOff) revert FreezeCoolingOff(account, coolsOff);
        }
        if (current >= effective) revert AlreadyFrozen(account, current);
        _holders[account] = record.withFrozenUntil(effective);
        emit Frozen(account, effective, caseRef, msg.sender);
    }

    /// @notice Confirm a provisional freeze, until `until` (0: until lifted). Due process only.
    function confirmFreeze(address account, uint256 until, bytes32 caseRef) external {
        _authorize(Power.ConfirmFreeze, caseRef);
        _requireNotEscrow(account);
        if (!_isFrozen(account)) revert AccountNotFrozen(account);
        uint256 effective = until == 0 ? FOREVER : until;
        if (effective <= block.timestamp || effective > FOREVER) revert InvalidFreezeExpiry(until, block.timestamp);
        _holders[account] = _holders[account].withFrozenUntil(effective);
        emit FreezeConfirmed(account, effective, caseRef, msg.sender);
    }

    /// @notice Lift the freeze on `account`.
    /// @dev The freeze now ends: `frozenUntil` becomes this block's time, not 0, so that under due
    ///      process the cooling-off before another provisional freeze runs from the lift too.
    function unfreeze(address account, bytes32 caseRef) external {
        _authorize(Power.Unfreeze, caseRef);
        _requireNotEscrow(account);
        if (!_isFrozen(account)) revert AccountNotFrozen(account);
        _holders[account] = _holders[account].withFrozenUntil(block.timestamp);
        emit Unfrozen(account, caseRef, msg.sender);
    }

    /// @notice Move `amount` from a frozen account into the coin's escrow under `caseRef`.
    /// @dev Escrowed coins stay in the supply (held by this contract), so nothing is destroyed.
    function seize(address account, uint256 amount, bytes32 caseRef) external {
        _authorize(Power.Seize, caseRef);
        _requireNotEscrow(account);
        if (!_isFrozen(account)) revert AccountNotFrozen(account);
        if (amount == 0) revert ZeroAmount();
        _move(account, address(this), amount);
        _escrow[caseRef] += amount;
        emit Seized(account, amount, caseRef, msg.sender);
    }

    /// @notice Pay `amount` of the funds escrowed under `caseRef` to `recipient` (restitution).
    function release(bytes32 caseRef, address recipient, uint256 amount) external {
        _authorize(Power.Release, caseRef);
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0) || recipient == address(this)) revert ERC20InvalidReceiver(recipient);
        _requireNotFrozen(recipient);
        uint256 escrowed = _escrow[caseRef];
        if (amount > escrowed) revert InsufficientEscrow(caseRef, escrowed, amount);
        unchecked {
            _escrow[caseRef] = escrowed - amount; // amount <= escrowed, checked above
        }
        _move(address(this), recipient, amount);
        emit Released(recipient, amount, caseRef, msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                              PAUSE, TIERS
    //////////////////////////////////////////////////////////////*/

    /// @notice Stop transfers, approvals, minting and redemption. Control actions still work.
    function pause(bytes32 caseRef) external {
        _authorize(Power.Pause, caseRef);
        _pause();
        emit Paused(caseRef, msg.sender);
    }

    /// @notice Resume normal operation.
    function unpause(bytes32 caseRef) external {
        _authorize(Power.Pause, caseRef);
        if (!_paused) revert ExpectedPause();
        _paused = false;
        emit Unpaused(caseRef, msg.sender);
    }

    /// @notice Place `account` in a wallet tier (sovereign coin only).
    function setTier(address account, WalletTier tier, bytes32 caseRef) external {
        _authorize(Power.SetTier, caseRef);
        _setWalletTier(account, tier);
        emit TierSet(account, tier, caseRef, msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Whether `account` is frozen now. A lapsed freeze needs no transaction to end.
    function isFrozen(address account) external view returns (bool) {
        return _isFrozen(account);
    }

    /// @notice When the latest freeze on `account` ends or ended (0: never frozen; 2^40-1: until
    ///         lifted; a lifted freeze ended at the time of its lift).
    function frozenUntil(address account) external view returns (uint256) {
        return _holders[account].frozenUntil();
    }

    /// @notice The wallet tier of `account` and what it has sent today (sovereign coin only).
    function walletOf(address account) external view returns (WalletTier tier, uint256 spentToday) {
        HolderRecord record = _holders[account];
        return (record.tier(), record.spentOn(_today()));
    }

    /// @notice The limits of a wallet tier, in base units.
    function tierLimits(WalletTier tier) public view virtual returns (uint256 balanceCap, uint256 paymentCap, uint256 dailyCap) {
        return WalletTiers.limits(WalletTiers.defaults(), tier);
    }

    /// @notice Whether the coin is paused: no transfers, approvals, mints or redemptions.
    function paused() external view returns (bool) {
        return _paused;
    }

    /// @notice Coins escrowed under `caseRef` and not yet released.
    function escrowOf(bytes32 caseRef) external view returns (uint256) {
        return _escrow[caseRef];
    }

    /// @notice All coins held in escrow, over every case.
    function totalEscrow() external view returns (uint256) {
        return _holders[address(this)].balance();
    }

    /*//////////////////////////////////////////////////////////////
                               INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev Pausing a paused coin is refused by the same rule (as OpenZeppelin's Pausable does).
    function _pause() internal whenNotPaused {
        _paused = true;
    }

    function _setWalletTier(address account, WalletTier tier) internal {
        _holders[account] = _holders[account].withTier(tier);
    }

    /// @dev The escrow's permanent freeze is what keeps it apart from ordinary accounts.
    function _requireNotEscrow(address account) internal view {
        if (account == address(this)) revert EscrowAccount(account);
    }
}
