// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title BlocklistERC20
/// @notice The common way to add control to an ERC-20, for comparison: OpenZeppelin's pausable token
///         plus a separate blocklist mapping checked on both sides of every transfer.
contract BlocklistERC20 is ERC20Pausable {
    error Blocked(address account);

    address private immutable _controller;
    mapping(address account => bool) public blocked;

    constructor(address[] memory holders, uint256 amount) ERC20("Blocklist", "BLOCK") {
        _controller = msg.sender;
        for (uint256 i = 0; i < holders.length; ++i) {
            _mint(holders[i], amount);
        }
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function setBlocked(address account, bool value) external {
        require(msg.sender == _controller, Blocked(msg.sender));
        blocked[account] = value;
    }

    function pause() external {
        require(msg.sender == _controller, Blocked(msg.sender));
        _pause();
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert Blocked(from);
        if (blocked[to]) revert Blocked(to);
        super._update(from, to, value);
    }
}
