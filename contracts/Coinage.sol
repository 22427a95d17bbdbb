// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

import {Regime, Role, Power, Regimes} from "./Regimes.sol";
import {WalletTier, WalletTiers} from "./WalletTiers.sol";
import {HolderRecord} from "./HolderRecord.sol";

/// @title Coinage
/// @notice A fiat-backed stablecoin whose control powers (freeze, pause, seizure, licensing) belong to
///         whoever the deployment's regime names. Minting is bounded by attested reserves; holders
///         redeem at par; seized funds are escrowed, never burned.
/// @dev The pause rule and the freeze rule are each stated once (`whenNotPaused`, `_requireNotFrozen`).
///      Every balance movement a holder starts goes through `_update`, which applies both to each
///      side (and, through two hooks, the sovereign coin's wallet limits); approvals apply them in
///      `_approve`. Control actions (seize, release) move funds with `_move`, which enforces nothing,
///      because they are the exercise of the powers those rules protect.
contract Coinage is IERC20, IERC20Metadata, IERC20Permit, IERC20Errors, EIP712, Nonces {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

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

    struct Redemption {
        address holder;
        uint128 amount;
        bool paid;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    error PowerNotInRegime(Power power, Regime regime);
    error Unauthorized(address caller, Power power, Role role);
    error MissingCaseReference(Power power);
    error MissingRoleHolder(Role role);
    error WrongContractForRegime(Regime regime);
    error EscrowAccount(address account);
    error AccountFrozen(address account, uint256 until);
    error AccountNotFrozen(address account);
    error AlreadyFrozen(address account, uint256 until);
    error InvalidFreezeExpiry(uint256 until, uint256 now_);
    error EnforcedPause();
    error ExpectedPause();
    error IssuerNotLicensed(address issuer);
    error LicenceUnchanged(bool licensed);
    error MinterAllowanceExceeded(uint256 allowance, uint256 needed);
    error NoAttestation();
    error AttestationStale(uint256 attestedAt, uint256 maxAge, uint256 now_);
    error ReservesExceeded(uint256 reserves, uint256 supplyAfter);
    error SupplyOverflow(uint256 supplyAfter);
    error ZeroAmount();
    error UnknownRedemption(uint256 id);
    error RedemptionAlreadyPaid(uint256 id);
    error InsufficientEscrow(bytes32 caseRef, uint256 escrowed, uint256 needed);
    error TierBalanceCapExceeded(address account, uint256 cap, uint256 balanceAfter);
    error TierPaymentCapExceeded(address account, uint256 cap, uint256 amount);
    error TierDailyCapExceeded(address account, uint256 cap, uint256 spentAfter);
    error ERC2612ExpiredSignature(uint256 deadline);
    error ERC2612InvalidSigner(address signer, address owner);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    event ReservesAttested(uint256 reserves, bytes32 indexed reportRef, address indexed attestor);
    event MinterAllowanceSet(address indexed issuer, uint256 allowance, address indexed authority);
    event RedemptionRequested(uint256 indexed id, address indexed holder, uint256 amount);
    event RedemptionPaid(uint256 indexed id, address indexed holder, uint256 amount, bytes32 fiatRef);
    event LicenceRevoked(address indexed issuer, bytes32 caseRef, address indexed authority);
    event LicenceReinstated(address indexed issuer, bytes32 caseRef, address indexed authority);
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

    uint40 private constant FOREVER = type(uint40).max;
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    Regime private immutable _regime;
    address private immutable _centralBank;
    address private immutable _regulator;
    address private immutable _court;
    address private immutable _issuer;
    address private immutable _attestor;
    uint32 private immutable _provisionalFreezePeriod;
    uint32 private immutable _maxAttestationAge;

    string private _name;
    string private _symbol;

    /// @dev Balance, freeze and wallet state of each account, one storage word each (see HolderRecord).
    mapping(address account => HolderRecord) private _holders;
    mapping(address owner => mapping(address spender => uint256)) private _allowances;
    uint256 private _totalSupply;

    /// @dev Read by every transfer. It shares its slot with `_licensed` (solc packs the two bools),
    ///      which costs nothing: a transfer reads the slot once, cold, and writes neither.
    bool private _paused;

    bool private _licensed;

    uint256 private _minterAllowance;
    uint256 private _attestedReserves;
    uint256 private _attestedAt;
    bytes32 private _reportRef;

    mapping(bytes32 caseRef => uint256) private _escrow;
    Redemption[] private _redemptions;
    uint256 private _outstandingRedemptions;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(Config memory config) EIP712(config.name, "1") {
        _name = config.name;
        _symbol = config.symbol;
        _regime = config.regime;
        _centralBank = config.centralBank;
        _regulator = config.regulator;
        _court = config.court;
        // The sovereign coin has no private issuer: the central bank issues it.
        _issuer = config.regime == Regime.Sovereign ? config.centralBank : config.issuer;
        _attestor = config.attestor;
        _provisionalFreezePeriod = config.provisionalFreezePeriod;
        _maxAttestationAge = config.maxAttestationAge;
        _licensed = true;

        // Refuse a deployment in which some power belongs to a role nobody holds.
        for (uint256 p = 0; p <= uint256(type(Power).max); ++p) {
            Role role = Regimes.holderOf(config.regime, Power(p));
            if (role != Role.Nobody && _addressOf(role) == address(0)) revert MissingRoleHolder(role);
        }
        // Wallet limits live in SovereignCoinage, so that no other coin pays gas to skip them.
        if ((config.regime == Regime.Sovereign) != _enforcesWalletLimits()) revert WrongContractForRegime(config.regime);
        // The coin's own account is the seizure escrow. Frozen from birth, it can receive nothing
        // but seizures and send nothing but releases, at no cost to ordinary transfers.
        _holders[address(this)] = HolderRecord.wrap(0).withFrozenUntil(FOREVER);
    }

    /*//////////////////////////////////////////////////////////////
                                ERC-20
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IERC20Metadata
    function name() external view returns (string memory) {
        return _name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        return _symbol;
    }

    /// @inheritdoc IERC20Metadata
    function decimals() external pure returns (uint8) {
        return 6;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        return _totalSupply;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) external view returns (uint256) {
        return _holders[account].balance();
    }

    /// @inheritdoc IERC20
    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    /// @inheritdoc IERC20
    function transfer(address to, uint256 value) external returns (bool) {
        // The sender is msg.sender, never the zero address, so only the recipient needs checking.
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _update(msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    /// @dev A frozen spender cannot spend an allowance, even one granted before the freeze.
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        _requireNotFrozen(msg.sender);
        _spendAllowance(from, msg.sender, value);
        _transfer(from, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    /*//////////////////////////////////////////////////////////////
                                EIP-2612
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IERC20Permit
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
    {
        if (block.timestamp > deadline) revert ERC2612ExpiredSignature(deadline);
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline));
        address signer = ECDSA.recover(_hashTypedDataV4(structHash), v, r, s);
        if (signer != owner) revert ERC2612InvalidSigner(signer, owner);
        _approve(owner, spender, value);
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(IERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc IERC20Permit
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
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
                           FREEZE AND SEIZURE
    //////////////////////////////////////////////////////////////*/

    /// @notice Freeze `account` until `until` (0: until lifted). Under due process the freeze is
    ///         provisional and lapses after the provisional period unless a court confirms it.
    /// @dev Never shortens a freeze already in force, so no path can quietly unfreeze an account; under
    ///      due process never renews one either.
    function freeze(address account, uint256 until, bytes32 caseRef) external {
        _authorize(Power.Freeze, caseRef);
        uint256 effective = until == 0 ? FOREVER : until;
        if (_regime == Regime.DueProcess) {
            uint256 lapse = block.timestamp + _provisionalFreezePeriod;
            if (effective > lapse) effective = lapse;
        }
        if (effective <= block.timestamp || effective > FOREVER) revert InvalidFreezeExpiry(until, block.timestamp);
        HolderRecord record = _holders[account];
        uint256 current = record.frozenUntil();
        // Under due process a provisional freeze cannot be renewed before it lapses: only the
        // court can keep an account frozen beyond the provisional period.
        bool renewal = _regime == Regime.DueProcess && record.isFrozenAt(block.timestamp);
        if (current >= effective || renewal) revert AlreadyFrozen(account, current);
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
    function unfreeze(address account, bytes32 caseRef) external {
        _authorize(Power.Unfreeze, caseRef);
        _requireNotEscrow(account);
        if (!_isFrozen(account)) revert AccountNotFrozen(account);
        _holders[account] = _holders[account].withFrozenUntil(0);
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

    /// @notice The regime fixed at deployment.
    function regime() external view returns (Regime) {
        return _regime;
    }

    /// @notice Which role holds `power` in this coin's regime (`Nobody` if the power does not exist).
    function roleFor(Power power) external view returns (Role) {
        return Regimes.holderOf(_regime, power);
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

    /// @notice How long a provisional freeze lasts and how old an attestation may be, in seconds.
    function periods() external view returns (uint256 provisionalFreezePeriod, uint256 maxAttestationAge) {
        return (_provisionalFreezePeriod, _maxAttestationAge);
    }

    /// @notice Whether `account` is frozen now. A lapsed freeze needs no transaction to end.
    function isFrozen(address account) external view returns (bool) {
        return _isFrozen(account);
    }

    /// @notice When the freeze on `account` ends (0: never frozen; 2^40-1: until lifted).
    function frozenUntil(address account) external view returns (uint256) {
        return _holders[account].frozenUntil();
    }

    /// @notice The wallet tier of `account` and what it has sent today (sovereign coin only).
    function walletOf(address account) external view returns (WalletTier tier, uint256 spentToday) {
        HolderRecord record = _holders[account];
        return (record.tier(), record.spentOn(_today()));
    }

    /// @notice The limits of a wallet tier, in base units.
    function tierLimits(WalletTier tier) external pure returns (uint256 balanceCap, uint256 paymentCap, uint256 dailyCap) {
        return WalletTiers.limits(tier);
    }

    /// @notice Whether the coin is paused: no transfers, approvals, mints or redemptions.
    function paused() external view returns (bool) {
        return _paused;
    }

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

    /// @notice Coins escrowed under `caseRef` and not yet released.
    function escrowOf(bytes32 caseRef) external view returns (uint256) {
        return _escrow[caseRef];
    }

    /// @notice All coins held in escrow, over every case.
    function totalEscrow() external view returns (uint256) {
        return _holders[address(this)].balance();
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

    /*//////////////////////////////////////////////////////////////
                                INTERNALS
    //////////////////////////////////////////////////////////////*/

    /// @dev The one authorisation check: the regime's table names the role, the role names the account.
    function _authorize(Power power, bytes32 caseRef) private view {
        Role role = Regimes.holderOf(_regime, power);
        if (role == Role.Nobody) revert PowerNotInRegime(power, _regime);
        if (msg.sender != _addressOf(role)) revert Unauthorized(msg.sender, power, role);
        // Due process: no action without a case on the public record (issuance duties excepted).
        if (
            _regime == Regime.DueProcess && caseRef == bytes32(0) && power != Power.Mint
                && power != Power.ConfigureMinter && power != Power.PayRedemption
        ) revert MissingCaseReference(power);
    }

    function _addressOf(Role role) private view returns (address) {
        if (role == Role.CentralBank) return _centralBank;
        if (role == Role.Regulator) return _regulator;
        if (role == Role.Court) return _court;
        if (role == Role.Issuer) return _issuer;
        if (role == Role.Attestor) return _attestor;
        return address(0);
    }

    function _transfer(address from, address to, uint256 value) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        // The coin's own balance is the seizure escrow; only a seizure may add to it.
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _update(from, to, value);
    }

    /// @dev The single hook every holder-initiated movement passes: transfers, mints (from zero)
    ///      and redemptions (to zero). It enforces the pause and freezes on both sides; the escrow
    ///      is frozen, so nothing reaches it this way.
    function _update(address from, address to, uint256 value) private whenNotPaused {
        if (from == address(0)) {
            _totalSupply += value;
        } else {
            HolderRecord sender = _holders[from];
            _requireNotFrozen(from, sender);
            uint256 fromBalance = sender.balance();
            if (fromBalance < value) revert ERC20InsufficientBalance(from, fromBalance, value);
            _holders[from] = _beforeDebit(from, sender, value).debit(value); // value <= fromBalance
        }
        if (to == address(0)) {
            unchecked {
                _totalSupply -= value; // value was in the sender's balance, which is part of the supply
            }
        } else {
            HolderRecord recipient = _holders[to];
            _requireNotFrozen(to, recipient);
            _beforeCredit(to, recipient, value);
            _holders[to] = recipient.credit(value); // bounded by the supply, which mint keeps within 128 bits
        }
        emit Transfer(from, to, value);
    }

    /// @dev Hook: checks on an account about to send `value`; returns its record, updated if the
    ///      check keeps count of something. Empty here; SovereignCoinage enforces wallet limits.
    function _beforeDebit(address, HolderRecord sender, uint256) internal view virtual returns (HolderRecord) {
        return sender;
    }

    /// @dev Hook: checks on an account about to receive `value`. Empty here.
    function _beforeCredit(address, HolderRecord, uint256) internal view virtual {}

    /// @dev Whether this contract enforces wallet tiers; only SovereignCoinage does.
    function _enforcesWalletLimits() internal pure virtual returns (bool) {
        return false;
    }

    /// @dev A movement ordered by an authority: no pause, freeze or tier applies to it.
    function _move(address from, address to, uint256 value) private {
        HolderRecord sender = _holders[from];
        uint256 fromBalance = sender.balance();
        if (fromBalance < value) revert ERC20InsufficientBalance(from, fromBalance, value);
        _holders[from] = sender.debit(value);
        _holders[to] = _holders[to].credit(value); // bounded by the supply, which mint keeps within 128 bits
        emit Transfer(from, to, value);
    }

    function _approve(address owner, address spender, uint256 value) private whenNotPaused {
        if (owner == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _requireNotFrozen(owner);
        _requireNotFrozen(spender);
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    /// @dev An infinite allowance is never decremented (EIP-20 convention, as OpenZeppelin).
    function _spendAllowance(address owner, address spender, uint256 value) private {
        uint256 current = _allowances[owner][spender];
        if (current != type(uint256).max) {
            if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
            unchecked {
                _allowances[owner][spender] = current - value; // value <= current, checked above
            }
        }
    }

    /// @dev The pause rule, in one place: while paused, no holder moves or approves coins. A modifier
    ///      rather than a function, so that the compiler inlines it into every transfer.
    modifier whenNotPaused() {
        if (_paused) revert EnforcedPause();
        _;
    }

    /// @dev Pausing a paused coin is refused by the same rule (as OpenZeppelin's Pausable does).
    function _pause() private whenNotPaused {
        _paused = true;
    }

    /// @dev The freeze rule, in one place: a frozen account neither sends, receives, approves nor spends.
    function _requireNotFrozen(address account, HolderRecord record) private view {
        if (record.isFrozenAt(block.timestamp)) revert AccountFrozen(account, record.frozenUntil());
    }

    function _requireNotFrozen(address account) private view {
        _requireNotFrozen(account, _holders[account]);
    }

    function _setWalletTier(address account, WalletTier tier) internal {
        _holders[account] = _holders[account].withTier(tier);
    }

    /// @dev The escrow's permanent freeze is what keeps it apart from ordinary accounts.
    function _requireNotEscrow(address account) private view {
        if (account == address(this)) revert EscrowAccount(account);
    }

    function _isFrozen(address account) private view returns (bool) {
        return _holders[account].isFrozenAt(block.timestamp);
    }

    function _today() internal view returns (uint256) {
        return block.timestamp / 1 days;
    }
}
