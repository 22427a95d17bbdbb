// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title PlainERC20
/// @notice The yardstick for the cost of control: OpenZeppelin's ERC-20 with no control at all.
contract PlainERC20 is ERC20 {
    constructor(address[] memory holders, uint256 amount) ERC20("Plain", "PLAIN") {
        for (uint256 i = 0; i < holders.length; ++i) {
            _mint(holders[i], amount);
        }
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
