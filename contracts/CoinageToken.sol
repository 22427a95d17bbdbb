// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

import {HolderRecord} from "./HolderRecord.sol";

/// @title CoinageToken
/// @notice The coin as an ERC-20 with EIP-2612 permits, and the two rules every holder's movement
///         obeys: no movement while the coin is paused, none from or to a frozen account.
/// @dev The pause rule and the freeze rule are each stated once (`whenNotPaused`, `_requireNotFrozen`).
///      Every balance movement a holder starts goes through `_update`, which applies both to each
///      side (and, through two hooks, the sovereign coin's wallet limits); approvals apply them in
///      `_approve`. Control actions (seize, release) move funds with `_move`, which enforces nothing,
///      because they are the exercise of the powers those rules protect.
abstract contract CoinageToken is IERC20, IERC20Metadata, IERC20Permit, IERC20Errors, EIP712, Nonces {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    error AccountFrozen(address account, uint256 until);
    error EnforcedPause();
    error ZeroAmount();
    error ERC2612ExpiredSignature(uint256 deadline);
    error ERC2612InvalidSigner(address signer, address owner);

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev `frozenUntil` of a freeze that lasts until lifted: the largest value its 40 bits hold.
    uint40 internal constant FOREVER = type(uint40).max;
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    string private _name;
    string private _symbol;

    /// @dev Balance, freeze and wallet state of each account, one storage word each (see HolderRecord).
    mapping(address account => HolderRecord) internal _holders;
    mapping(address owner => mapping(address spender => uint256)) private _allowances;
    uint256 internal _totalSupply;

    /// @dev Read by every transfer. It shares its slot with `_licensed` (solc packs the two bools),
    ///      which costs nothing: a transfer reads the slot once, cold, and writes neither.
    bool internal _paused;

    constructor(string memory name_, string memory symbol_) EIP712(name_, "1") {
        _name = name_;
        _symbol = symbol_;
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
                               THE RULES
    //////////////////////////////////////////////////////////////*/

    /// @dev The pause rule, in one place: while paused, no holder moves or approves coins. A modifier
    ///      rather than a function, so that the compiler inlines it into every transfer.
    modifier whenNotPaused() {
        if (_paused) revert EnforcedPause();
        _;
    }

    /// @dev The freeze rule, in one place: a frozen account neither sends, receives, approves nor spends.
    function _requireNotFrozen(address account, HolderRecord record) internal view {
        if (record.isFrozenAt(block.timestamp)) revert AccountFrozen(account, record.frozenUntil());
    }

    function _requireNotFrozen(address account) internal view {
        _requireNotFrozen(account, _holders[account]);
    }

    function _isFrozen(address account) internal view returns (bool) {
        return _holders[account].isFrozenAt(block.timestamp);
    }

    /*//////////////////////////////////////////////////////////////
                               MOVEMENTS
    //////////////////////////////////////////////////////////////*/

    function _transfer(address from, address to, uint256 value) internal {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        // The coin's own balance is the seizure escrow; only a seizure may add to it.
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _update(from, to, value);
    }

    /// @dev The single hook every holder-initiated movement passes: transfers, mints (from zero)
    ///      and redemptions (to zero). It enforces the pause and freezes on both sides; the escrow
    ///      is frozen, so nothing reaches it this way.
    function _update(address from, address to, uint256 value) internal whenNotPaused {
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

    /// @dev A movement ordered by an authority: no pause, freeze or tier applies to it.
    function _move(address from, address to, uint256 value) internal {
        HolderRecord sender = _holders[from];
        uint256 fromBalance = sender.balance();
        if (fromBalance < value) revert ERC20InsufficientBalance(from, fromBalance, value);
        _holders[from] = sender.debit(value);
        _holders[to] = _holders[to].credit(value); // bounded by the supply, which mint keeps within 128 bits
        emit Transfer(from, to, value);
    }

    function _approve(address owner, address spender, uint256 value) internal whenNotPaused {
        if (owner == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _requireNotFrozen(owner);
        _requireNotFrozen(spender);
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    /// @dev An infinite allowance is never decremented (EIP-20 convention, as OpenZeppelin). Spending a
    ///      finite allowance rewrites it, so it refuses the zero owner as approving does, with
    ///      ERC20InvalidApprover: OpenZeppelin spends through `_approve` and integrators match on the
    ///      error it gives for `transferFrom(address(0), to, 0)`.
    function _spendAllowance(address owner, address spender, uint256 value) internal {
        uint256 current = _allowances[owner][spender];
        if (current != type(uint256).max) {
            if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
            if (owner == address(0)) revert ERC20InvalidApprover(address(0));
            unchecked {
                _allowances[owner][spender] = current - value; // value <= current, checked above
            }
        }
    }

    function _today() internal view returns (uint256) {
        return block.timestamp / 1 days;
    }
}
