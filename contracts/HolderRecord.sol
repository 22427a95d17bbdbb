// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {WalletTier} from "./WalletTiers.sol";

/// @notice A holder's whole record in one 256-bit storage word, so that a transfer reads and writes
///         one slot per party, exactly as a plain ERC-20 does, while still knowing about freezes and
///         wallet limits (the trick USDC uses for its blacklist bit, taken further):
///
///         bits   0..127  balance
///         bits 128..135  wallet tier (sovereign coin only)
///         bits 136..167  the UTC day `spent today` refers to
///         bits 168..215  spent today
///         bits 216..255  frozen until (a timestamp; 0 = never frozen, 2^40-1 = until lifted);
///                        topmost, so that reading it on every transfer is a single shift
type HolderRecord is uint256;

/// @notice A value too wide for the holder-record field it was meant for.
error HolderRecordFieldOverflow(uint256 value, uint256 max);

using HolderRecords for HolderRecord global;

/// @title HolderRecords
/// @notice Reading and rewriting the fields of a `HolderRecord`, with plain shifts and masks.
library HolderRecords {
    uint256 private constant BALANCE_MASK = type(uint128).max;
    uint256 private constant TIER_SHIFT = 128;
    uint256 private constant DAY_SHIFT = 136;
    uint256 private constant SPENT_SHIFT = 168;
    uint256 private constant FROZEN_SHIFT = 216;

    function balance(HolderRecord record) internal pure returns (uint256) {
        return HolderRecord.unwrap(record) & BALANCE_MASK;
    }

    function frozenUntil(HolderRecord record) internal pure returns (uint256) {
        return HolderRecord.unwrap(record) >> FROZEN_SHIFT;
    }

    /// @notice Whether the record is frozen at time `now_`: the one statement of when a freeze holds.
    ///         A freeze ends at its `frozenUntil` second without any transaction to lift it.
    function isFrozenAt(HolderRecord record, uint256 now_) internal pure returns (bool) {
        return now_ < HolderRecord.unwrap(record) >> FROZEN_SHIFT;
    }

    function tier(HolderRecord record) internal pure returns (WalletTier) {
        return WalletTier(uint8(HolderRecord.unwrap(record) >> TIER_SHIFT));
    }

    /// @return spent what the holder has sent on `today` (0 if its counter refers to an earlier day)
    function spentOn(HolderRecord record, uint256 today) internal pure returns (uint256 spent) {
        uint256 word = HolderRecord.unwrap(record);
        return uint32(word >> DAY_SHIFT) == today ? uint48(word >> SPENT_SHIFT) : 0;
    }

    /// @dev Unchecked, because it is on every transfer's path: the caller must first refuse
    ///      `value > balance(record)` (`Coinage._update` and `_move` do, with ERC20InsufficientBalance),
    ///      or the subtraction would borrow from the fields above the balance.
    function debit(HolderRecord record, uint256 value) internal pure returns (HolderRecord) {
        unchecked {
            return HolderRecord.wrap(HolderRecord.unwrap(record) - value);
        }
    }

    /// @dev Unchecked, because it is on every transfer's path: the caller must guarantee
    ///      `balance(record) + value < 2^128` (the coin caps its supply there), or the addition would
    ///      carry into the fields above the balance.
    function credit(HolderRecord record, uint256 value) internal pure returns (HolderRecord) {
        unchecked {
            return HolderRecord.wrap(HolderRecord.unwrap(record) + value);
        }
    }

    function withFrozenUntil(HolderRecord record, uint256 until) internal pure returns (HolderRecord) {
        return _set(record, FROZEN_SHIFT, type(uint40).max, until);
    }

    function withTier(HolderRecord record, WalletTier tier_) internal pure returns (HolderRecord) {
        return _set(record, TIER_SHIFT, type(uint8).max, uint256(tier_));
    }

    /// @dev Reverts with HolderRecordFieldOverflow unless `today` fits 32 bits and `spent` 48.
    function withSpending(HolderRecord record, uint256 today, uint256 spent) internal pure returns (HolderRecord) {
        return _set(_set(record, DAY_SHIFT, type(uint32).max, today), SPENT_SHIFT, type(uint48).max, spent);
    }

    /// @dev Refuses a value wider than its field rather than cutting it to fit, which would silently
    ///      change another field's meaning (a freeze date, a tier) instead of failing.
    function _set(HolderRecord record, uint256 shift, uint256 mask, uint256 value)
        private
        pure
        returns (HolderRecord)
    {
        if (value > mask) revert HolderRecordFieldOverflow(value, mask);
        uint256 word = HolderRecord.unwrap(record) & ~(mask << shift);
        return HolderRecord.wrap(word | (value << shift));
    }
}
