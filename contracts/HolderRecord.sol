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

    function tier(HolderRecord record) internal pure returns (WalletTier) {
        return WalletTier(uint8(HolderRecord.unwrap(record) >> TIER_SHIFT));
    }

    /// @return spent what the holder has sent on `today` (0 if its counter refers to an earlier day)
    function spentOn(HolderRecord record, uint256 today) internal pure returns (uint256 spent) {
        uint256 word = HolderRecord.unwrap(record);
        return uint32(word >> DAY_SHIFT) == today ? uint48(word >> SPENT_SHIFT) : 0;
    }

    /// @dev The caller guarantees `value <= balance(record)`, so the subtraction cannot borrow from
    ///      the fields above the balance.
    function debit(HolderRecord record, uint256 value) internal pure returns (HolderRecord) {
        unchecked {
            return HolderRecord.wrap(HolderRecord.unwrap(record) - value);
        }
    }

    /// @dev The caller guarantees `balance(record) + value < 2^128` (the coin caps its supply there),
    ///      so the addition cannot carry into the fields above the balance.
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

    /// @dev `spent` must fit 48 bits; the coin's daily caps are far below that.
    function withSpending(HolderRecord record, uint256 today, uint256 spent) internal pure returns (HolderRecord) {
        return _set(_set(record, DAY_SHIFT, type(uint32).max, today), SPENT_SHIFT, type(uint48).max, spent);
    }

    function _set(HolderRecord record, uint256 shift, uint256 mask, uint256 value)
        private
        pure
        returns (HolderRecord)
    {
        uint256 word = HolderRecord.unwrap(record) & ~(mask << shift);
        return HolderRecord.wrap(word | ((value & mask) << shift));
    }
}
