"""EIP-2612 permits: signed approvals, relayed by anybody, bound to owner, nonce, deadline, chain and coin."""

from __future__ import annotations

import pytest
from eth_abi import encode
from eth_account import Account as EthAccount
from eth_account.messages import encode_typed_data
from eth_utils import keccak

from coinage import (
    AccountFrozen,
    ECDSAInvalidSignature,
    ECDSAInvalidSignatureS,
    EnforcedPause,
    ERC20InvalidSpender,
    ERC2612ExpiredSignature,
    ERC2612InvalidSigner,
    Power,
    coins,
)

from conftest import (
    ALL_REGIMES,
    CONTROLLED_REGIMES,
    MAX_UINT256,
    ZERO_ADDRESS,
    authority,
    events,
    refused,
    send_raw,
)

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
HOUR = 3600


def sign_as(
    d, signer, *, owner: str, spender: str, value: int, nonce: int, deadline: int,
    chain_id: int | None = None, verifying_contract: str | None = None,
):
    """An EIP-2612 signature by `signer` over arbitrary permit fields (owner need not be the signer)."""
    message = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": {
            "name": d.coin.name(),
            "version": "1",
            "chainId": d.chain.chain_id if chain_id is None else chain_id,
            "verifyingContract": verifying_contract or d.coin.address,
        },
        "message": {"owner": owner, "spender": spender, "value": value, "nonce": nonce, "deadline": deadline},
    }
    signed = EthAccount.sign_message(encode_typed_data(full_message=message), signer.account.key)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


def submit_raw(d, owner: str, spender: str, value: int, deadline: int, signature, *, by):
    v, r, s = signature
    return send_raw(d, "permit", (owner, spender, value, deadline, v, r, s), by=by)


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_valid_permit_relayed_by_third_party(deployment, regime):
    """A permit signed by the owner and relayed by a third party sets the allowance, bumps the nonce, and emits Approval."""
    d = deployment(regime)
    coin, alice, bob, carol = d.coin, d.cast.alice, d.cast.bob, d.cast.carol
    deadline = d.chain.now + HOUR
    assert coin.nonces(alice) == 0
    signature = coin.sign_permit(alice, bob, coins(25), deadline=deadline)
    tx = coin.permit(alice, bob, coins(25), deadline=deadline, signature=signature, by=carol)
    assert events(tx) == [("Approval", {"owner": alice.address, "spender": bob.address, "value": coins(25)})]
    assert coin.allowance(alice, bob) == coins(25)
    assert coin.nonces(alice) == 1
    assert coin.nonces(carol) == 0
    assert d.timeline.entries[-1].actor == "carol"
    coin.transfer_from(alice, carol, coins(25), by=bob)
    assert coin.allowance(alice, bob) == 0


def test_permit_submitted_by_spender(deployment):
    """The spender itself may submit the owner's permit."""
    d = deployment()
    deadline = d.chain.now + HOUR
    signature = d.coin.sign_permit(d.cast.alice, d.cast.bob, coins(3), deadline=deadline)
    d.coin.permit(d.cast.alice, d.cast.bob, coins(3), deadline=deadline, signature=signature, by=d.cast.bob)
    assert d.coin.allowance(d.cast.alice, d.cast.bob) == coins(3)


def test_sequential_permits_use_sequential_nonces(deployment):
    """Each accepted permit consumes exactly the next nonce of its owner, and only of its owner."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    deadline = d.chain.now + HOUR
    for expected_nonce, value in enumerate((coins(1), coins(2), coins(3))):
        assert coin.nonces(alice) == expected_nonce
        signature = coin.sign_permit(alice, bob, value, deadline=deadline)
        coin.permit(alice, bob, value, deadline=deadline, signature=signature, by=bob)
        assert coin.allowance(alice, bob) == value
    assert coin.nonces(alice) == 3
    assert coin.nonces(bob) == 0


def test_permit_max_allowance(deployment):
    """A permit for 2**256-1 grants the infinite allowance."""
    d = deployment()
    deadline = d.chain.now + HOUR
    signature = d.coin.sign_permit(d.cast.alice, d.cast.bob, MAX_UINT256, deadline=deadline)
    d.coin.permit(d.cast.alice, d.cast.bob, MAX_UINT256, deadline=deadline, signature=signature, by=d.cast.bob)
    assert d.coin.allowance(d.cast.alice, d.cast.bob) == MAX_UINT256


def test_permit_signed_by_wrong_key_refused(deployment):
    """A permit for alice's coins signed by bob is refused with ERC2612InvalidSigner(bob, alice)."""
    d = deployment()
    alice, bob = d.cast.alice, d.cast.bob
    deadline = d.chain.now + HOUR
    signature = sign_as(d, bob, owner=alice.address, spender=bob.address, value=coins(5), nonce=0, deadline=deadline)
    err = refused(d, ERC2612InvalidSigner, d.coin.permit, alice, bob, coins(5), deadline=deadline, signature=signature, by=bob)
    assert err.values == {"signer": bob.address, "owner": alice.address}


def test_permit_deadline_is_inclusive(deployment):
    """A permit is accepted in the block whose timestamp equals its deadline."""
    d = deployment()
    deadline = d.chain.now
    signature = d.coin.sign_permit(d.cast.alice, d.cast.bob, coins(5), deadline=deadline)
    d.coin.permit(d.cast.alice, d.cast.bob, coins(5), deadline=deadline, signature=signature, by=d.cast.bob)
    assert d.coin.allowance(d.cast.alice, d.cast.bob) == coins(5)


def test_expired_permit_refused(deployment):
    """A permit submitted after its deadline is refused with ERC2612ExpiredSignature(deadline), and the nonce is not used."""
    d = deployment()
    deadline = d.chain.now + HOUR
    signature = d.coin.sign_permit(d.cast.alice, d.cast.bob, coins(5), deadline=deadline)
    d.chain.advance_time(HOUR + 1)
    err = refused(
        d, ERC2612ExpiredSignature, d.coin.permit, d.cast.alice, d.cast.bob, coins(5), deadline=deadline, signature=signature, by=d.cast.bob
    )
    assert err.values == {"deadline": deadline}
    assert d.coin.nonces(d.cast.alice) == 0


def test_replayed_permit_refused(deployment):
    """A permit cannot be used twice: its nonce is spent, so the replay is refused with ERC2612InvalidSigner."""
    d = deployment()
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    deadline = d.chain.now + HOUR
    signature = coin.sign_permit(alice, bob, coins(5), deadline=deadline)
    coin.permit(alice, bob, coins(5), deadline=deadline, signature=signature, by=bob)
    coin.transfer_from(alice, bob, coins(5), by=bob)
    err = refused(d, ERC2612InvalidSigner, coin.permit, alice, bob, coins(5), deadline=deadline, signature=signature, by=bob)
    assert err.owner == alice.address
    assert err.signer != alice.address
    assert coin.allowance(alice, bob) == 0
    assert coin.nonces(alice) == 1


def test_permit_with_future_nonce_refused(deployment):
    """A permit signed for a nonce other than the current one is refused."""
    d = deployment()
    deadline = d.chain.now + HOUR
    signature = d.coin.sign_permit(d.cast.alice, d.cast.bob, coins(5), deadline=deadline, nonce=1)
    err = refused(d, ERC2612InvalidSigner, d.coin.permit, d.cast.alice, d.cast.bob, coins(5), deadline=deadline, signature=signature, by=d.cast.bob)
    assert err.owner == d.cast.alice.address
    assert err.signer != d.cast.alice.address


def test_permit_for_other_chain_refused(deployment):
    """A permit signed for another chain id (mainnet) is refused on this chain."""
    d = deployment()
    assert d.chain.chain_id != 1
    deadline = d.chain.now + HOUR
    signature = d.coin.sign_permit(d.cast.alice, d.cast.bob, coins(5), deadline=deadline, chain_id=1)
    err = refused(d, ERC2612InvalidSigner, d.coin.permit, d.cast.alice, d.cast.bob, coins(5), deadline=deadline, signature=signature, by=d.cast.bob)
    assert err.owner == d.cast.alice.address
    assert err.signer != d.cast.alice.address


def test_permit_for_other_contract_refused(deployment):
    """A permit signed for another verifying contract (another coin's address) is refused on this coin."""
    d = deployment()
    alice, bob = d.cast.alice, d.cast.bob
    deadline = d.chain.now + HOUR
    signature = sign_as(
        d, alice, owner=alice.address, spender=bob.address, value=coins(5), nonce=0, deadline=deadline,
        verifying_contract=d.cast.dave.address,
    )
    err = refused(d, ERC2612InvalidSigner, d.coin.permit, alice, bob, coins(5), deadline=deadline, signature=signature, by=bob)
    assert err.owner == alice.address
    assert err.signer != alice.address


@pytest.mark.parametrize("field", ["value", "spender", "deadline"])
def test_permit_with_altered_field_refused(deployment, field):
    """Changing any signed field (value, spender, deadline) after signing invalidates the permit."""
    d = deployment()
    coin, alice, bob, carol = d.coin, d.cast.alice, d.cast.bob, d.cast.carol
    deadline = d.chain.now + HOUR
    signature = coin.sign_permit(alice, bob, coins(5), deadline=deadline)
    spender, value, when = bob, coins(5), deadline
    if field == "value":
        value += 1
    elif field == "spender":
        spender = carol
    else:
        when += 1
    err = refused(d, ERC2612InvalidSigner, coin.permit, alice, spender, value, deadline=when, signature=signature, by=carol)
    assert err.owner == alice.address
    assert err.signer != alice.address


def test_permit_for_zero_owner_refused(deployment):
    """Nobody can approve on behalf of the zero address: a permit naming it as owner fails signature checks."""
    d = deployment()
    alice, bob = d.cast.alice, d.cast.bob
    deadline = d.chain.now + HOUR
    signature = sign_as(d, alice, owner=ZERO_ADDRESS, spender=bob.address, value=coins(5), nonce=0, deadline=deadline)
    err = refused(d, ERC2612InvalidSigner, submit_raw, d, ZERO_ADDRESS, bob.address, coins(5), deadline, signature, by=bob)
    assert err.values == {"signer": alice.address, "owner": ZERO_ADDRESS}


def test_permit_for_zero_spender_refused(deployment):
    """A validly signed permit for the zero address as spender is refused with ERC20InvalidSpender."""
    d = deployment()
    alice = d.cast.alice
    deadline = d.chain.now + HOUR
    signature = sign_as(d, alice, owner=alice.address, spender=ZERO_ADDRESS, value=coins(5), nonce=0, deadline=deadline)
    err = refused(d, ERC20InvalidSpender, submit_raw, d, alice.address, ZERO_ADDRESS, coins(5), deadline, signature, by=alice)
    assert err.values == {"spender": ZERO_ADDRESS}
    assert d.coin.nonces(alice) == 0


def test_permit_with_garbage_signature_refused(deployment):
    """A signature that recovers no address is refused with ECDSAInvalidSignature."""
    d = deployment()
    deadline = d.chain.now + HOUR
    zero = b"\0" * 32
    refused(d, ECDSAInvalidSignature, d.coin.permit, d.cast.alice, d.cast.bob, coins(5), deadline=deadline, signature=(27, zero, zero), by=d.cast.bob)


def test_permit_with_malleable_signature_refused(deployment):
    """The high-s twin of a valid signature is refused with ECDSAInvalidSignatureS."""
    d = deployment()
    deadline = d.chain.now + HOUR
    v, r, s = d.coin.sign_permit(d.cast.alice, d.cast.bob, coins(5), deadline=deadline)
    high_s = SECP256K1_N - int.from_bytes(s, "big")
    twin = (55 - v, r, high_s.to_bytes(32, "big"))
    err = refused(d, ECDSAInvalidSignatureS, d.coin.permit, d.cast.alice, d.cast.bob, coins(5), deadline=deadline, signature=twin, by=d.cast.bob)
    assert err.values == {"s": high_s.to_bytes(32, "big")}


@pytest.mark.parametrize("regime", CONTROLLED_REGIMES, ids=lambda r: r.slug)
@pytest.mark.parametrize("frozen", ["owner", "spender"])
def test_permit_involving_frozen_account_refused(deployment, regime, frozen):
    """A permit whose owner or spender is frozen is refused with AccountFrozen and its nonce stays unused."""
    d = deployment(regime)
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    target = alice if frozen == "owner" else bob
    deadline = d.chain.now + HOUR
    signature = coin.sign_permit(alice, bob, coins(5), deadline=deadline)
    coin.freeze(target, case="PF-1", by=authority(d, Power.FREEZE))
    err = refused(d, AccountFrozen, coin.permit, alice, bob, coins(5), deadline=deadline, signature=signature, by=d.cast.carol)
    assert err.values == {"account": target.address, "until": coin.frozen_until(target)}
    assert coin.nonces(alice) == 0


@pytest.mark.parametrize("regime", CONTROLLED_REGIMES, ids=lambda r: r.slug)
def test_permit_while_paused_refused(deployment, regime):
    """While the coin is paused a permit is refused with EnforcedPause and its nonce stays unused."""
    d = deployment(regime)
    coin, alice, bob = d.coin, d.cast.alice, d.cast.bob
    deadline = d.chain.now + HOUR
    signature = coin.sign_permit(alice, bob, coins(5), deadline=deadline)
    coin.pause(case="PP-1", by=authority(d, Power.PAUSE))
    refused(d, EnforcedPause, coin.permit, alice, bob, coins(5), deadline=deadline, signature=signature, by=bob)
    assert coin.nonces(alice) == 0


@pytest.mark.parametrize("regime", ALL_REGIMES, ids=lambda r: r.slug)
def test_domain_separator_is_eip712(deployment, regime):
    """DOMAIN_SEPARATOR is the EIP-712 hash of the coin's name, version "1", the chain id and the coin's address."""
    d = deployment(regime)
    type_hash = keccak(text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    expected = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [type_hash, keccak(text=d.coin.name()), keccak(text="1"), d.chain.chain_id, d.coin.address],
        )
    )
    assert d.coin.domain_separator() == expected
