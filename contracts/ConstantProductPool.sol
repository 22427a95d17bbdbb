// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title ConstantProductPool
/// @notice A market between a coin and a reference dollar that prices by x * y = k, as Uniswap v2
/// does, written for Coinage because Uniswap v2's code is GPL-3.0 and pinned to solc 0.5.16.
/// The coin's own rules (freezes, the pause) apply to every transfer in and out of the pool.
/// @dev Liquidity shares are a plain mapping, not a token: providers in the model never trade them.
contract ConstantProductPool {
    using SafeERC20 for IERC20;

    /// @notice Fees are in basis points of the amount paid in.
    uint256 public constant FEE_DENOMINATOR = 10_000;

    IERC20 public immutable coin;
    IERC20 public immutable dollar;
    uint256 public immutable feeBps;

    uint256 public reserveCoin;
    uint256 public reserveDollar;
    uint256 public totalShares;
    mapping(address provider => uint256) public sharesOf;

    error FeeTooHigh(uint256 feeBps);
    error SameToken(address token);
    error ZeroAmount();
    error NotAPoolToken(address token);
    error InsufficientOutput(uint256 amountOut, uint256 minimumOut);
    error InsufficientShares(address provider, uint256 shares, uint256 needed);
    error EmptyPool();

    event LiquidityAdded(address indexed provider, uint256 coinAmount, uint256 dollarAmount, uint256 shares);
    event LiquidityRemoved(address indexed provider, uint256 coinAmount, uint256 dollarAmount, uint256 shares);
    event Swapped(address indexed trader, address indexed tokenIn, uint256 amountIn, uint256 amountOut);

    constructor(IERC20 coin_, IERC20 dollar_, uint256 feeBps_) {
        if (address(coin_) == address(dollar_)) revert SameToken(address(coin_));
        if (feeBps_ >= FEE_DENOMINATOR) revert FeeTooHigh(feeBps_);
        coin = coin_;
        dollar = dollar_;
        feeBps = feeBps_;
    }

    // --- liquidity --------------------------------------------------------------------------------

    /// @notice Deposit up to `coinAmount` and `dollarAmount` at the pool's current ratio (any ratio into an
    /// empty pool) for a share of it; the pool takes only what the ratio needs.
    function addLiquidity(uint256 coinAmount, uint256 dollarAmount) external returns (uint256 shares) {
        if (coinAmount == 0 || dollarAmount == 0) revert ZeroAmount();
        uint256 rc = reserveCoin;
        uint256 rd = reserveDollar;
        if (totalShares == 0) {
            shares = Math.sqrt(coinAmount * dollarAmount);
        } else if (coinAmount * rd <= dollarAmount * rc) {
            dollarAmount = Math.mulDiv(coinAmount, rd, rc, Math.Rounding.Ceil);
            shares = Math.mulDiv(coinAmount, totalShares, rc);
        } else {
            coinAmount = Math.mulDiv(dollarAmount, rc, rd, Math.Rounding.Ceil);
            shares = Math.mulDiv(dollarAmount, totalShares, rd);
        }
        if (shares == 0) revert ZeroAmount();
        reserveCoin = rc + coinAmount;
        reserveDollar = rd + dollarAmount;
        totalShares += shares;
        sharesOf[msg.sender] += shares;
        emit LiquidityAdded(msg.sender, coinAmount, dollarAmount, shares);
        coin.safeTransferFrom(msg.sender, address(this), coinAmount);
        dollar.safeTransferFrom(msg.sender, address(this), dollarAmount);
    }

    /// @notice Withdraw `shares` for their part of both reserves.
    function removeLiquidity(uint256 shares) external returns (uint256 coinAmount, uint256 dollarAmount) {
        uint256 held = sharesOf[msg.sender];
        if (shares == 0) revert ZeroAmount();
        if (shares > held) revert InsufficientShares(msg.sender, held, shares);
        coinAmount = Math.mulDiv(shares, reserveCoin, totalShares);
        dollarAmount = Math.mulDiv(shares, reserveDollar, totalShares);
        // cannot underflow: shares <= held <= totalShares, and each amount is at most its reserve
        unchecked {
            sharesOf[msg.sender] = held - shares;
            totalShares -= shares;
            reserveCoin -= coinAmount;
            reserveDollar -= dollarAmount;
        }
        emit LiquidityRemoved(msg.sender, coinAmount, dollarAmount, shares);
        coin.safeTransfer(msg.sender, coinAmount);
        dollar.safeTransfer(msg.sender, dollarAmount);
    }

    // --- trading ----------------------------------------------------------------------------------

    /// @notice What `amountIn` of `tokenIn` buys now: out = reserveOut * in' / (reserveIn + in'), where
    /// in' is the amount after the fee, so that reserveIn * reserveOut never falls.
    function quote(address tokenIn, uint256 amountIn) public view returns (uint256 amountOut) {
        (uint256 reserveIn, uint256 reserveOut) = _reserves(tokenIn);
        if (reserveIn == 0 || reserveOut == 0) revert EmptyPool();
        uint256 afterFee = amountIn * (FEE_DENOMINATOR - feeBps);
        amountOut = Math.mulDiv(reserveOut, afterFee, reserveIn * FEE_DENOMINATOR + afterFee);
    }

    /// @notice Pay `amountIn` of `tokenIn` (the coin or the dollar) for at least `minimumOut` of the other.
    function swap(address tokenIn, uint256 amountIn, uint256 minimumOut) external returns (uint256 amountOut) {
        if (amountIn == 0) revert ZeroAmount();
        amountOut = quote(tokenIn, amountIn);
        if (amountOut == 0 || amountOut < minimumOut) revert InsufficientOutput(amountOut, minimumOut);
        bool coinIn = tokenIn == address(coin);
        if (coinIn) {
            reserveCoin += amountIn;
            reserveDollar -= amountOut;
        } else {
            reserveDollar += amountIn;
            reserveCoin -= amountOut;
        }
        emit Swapped(msg.sender, tokenIn, amountIn, amountOut);
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        (coinIn ? dollar : coin).safeTransfer(msg.sender, amountOut);
    }

    function _reserves(address tokenIn) private view returns (uint256 reserveIn, uint256 reserveOut) {
        if (tokenIn == address(coin)) return (reserveCoin, reserveDollar);
        if (tokenIn == address(dollar)) return (reserveDollar, reserveCoin);
        revert NotAPoolToken(tokenIn);
    }
}
