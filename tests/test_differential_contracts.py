"""Both engines are exact for any contract, not only Coinage's: block hashes, empty accounts, ether,
CREATE2 and self-destruct (EIP-6780), init-code gas (EIP-3860), proxies and calls that create.

Every transaction and call goes through `LockstepChain`, which fails at the first receipt, call
result, refusal or balance that differs between revm and py-evm; where py-evm itself departs from the
specification (EIP-3860's intrinsic gas) the tests assert the specification. The contracts are
tests/fixtures/Probes.sol, compiled with the pinned solc (tests/probes.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from eth_utils import keccak, to_checksum_address
from web3 import Web3
from web3.exceptions import ContractLogicError, Web3RPCError

from coinage.chain import Account, CallReverted, EmbeddedChain, RpcChain, web3_for
from coinage.chain.node import start_anvil
from coinage.chain._revm import RevmChain
from coinage.errors import TransactionRefused
from probes import Compiled, probes
from test_differential import LockstepChain

# py-evm warns on every SELFDESTRUCT; these tests run it on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:SELFDESTRUCT opcode present:DeprecationWarning")

ETHER = 10**18
EMPTY_CODE_HASH = keccak(b"")


@pytest.fixture
def chain() -> LockstepChain:
    return LockstepChain()


def _deploy(chain: LockstepChain, sender: Account, name: str, *args: object, value: int = 0) -> str:
    receipt = chain.transact(sender, None, probes()[name].creation(*args), value=value)
    assert receipt.succeeded and receipt.contract_address
    return receipt.contract_address


def _read(chain: LockstepChain, contract: str, name: str, function: str, *args: object) -> object:
    interface = probes()[name].interface
    return interface.decode_result(function, chain.call(contract, interface.encode_call(function, args)))[0]


def _calldata(name: str, function: str, *args: object) -> bytes:
    return probes()[name].interface.encode_call(function, args)


def _intrinsic_gas(init_code: bytes) -> int:
    """A contract creation's intrinsic gas as the specification counts it (with EIP-3860's words)."""
    zeros = init_code.count(0)
    return 21_000 + 32_000 + 4 * zeros + 16 * (len(init_code) - zeros) + 2 * ((len(init_code) + 31) // 32)


# --- BLOCKHASH -----------------------------------------------------------------------------------


def test_blockhash_agrees_on_both_engines_and_with_web3s_blocks(chain: LockstepChain) -> None:
    """BLOCKHASH gives the same hash on revm and py-evm as web3's get_block(n).hash, for the last 256 blocks; 0 outside them."""
    deployer = chain.account("deployer")
    probe = _deploy(chain, deployer, "Probe")
    for _ in range(270):
        chain.mine()
    current = chain.block_number
    views = [web3_for(engine).eth for engine in (chain.fast, chain.reference)]
    for number in (0, 1, current - 257, current - 256, current - 100, current - 2, current - 1, current, current + 1):
        seen = _read(chain, probe, "Probe", "blockHashOf", number)
        if current - 256 <= number < current:
            assert all(seen == bytes(view.get_block(number).hash) for view in views), number
            assert seen != bytes(32)
        else:
            assert seen == bytes(32), number


def test_web3s_blocks_chain_by_the_same_hashes_on_both_engines() -> None:
    """Each block's parentHash is the hash of the block before it, and both engines name every block alike."""
    engines = (RevmChain(), EmbeddedChain())
    for engine in engines:
        for _ in range(3):
            engine.transact(engine.account("alice"), engine.account("bob").address, b"")
    blocks = [[web3_for(engine).eth.get_block(n) for n in range(4)] for engine in engines]
    assert [b.hash for b in blocks[0]] == [b.hash for b in blocks[1]]
    assert all(blocks[0][n].parentHash == blocks[0][n - 1].hash for n in range(1, 4))


# --- accounts that have only sent calls ----------------------------------------------------------


def test_an_account_that_has_only_sent_calls_is_not_empty(chain: LockstepChain) -> None:
    """After one call transaction an account's EXTCODEHASH is keccak(""), and ether sent to it costs no new-account gas."""
    deployer, caller = chain.account("deployer"), chain.account("caller")
    probe = _deploy(chain, deployer, "Probe")
    never_used = chain.account("never-used").address
    assert _read(chain, probe, "Probe", "codeHashOf", caller.address) == bytes(32)
    chain.transact(caller, probe, _calldata("Probe", "codeHashOf", never_used))
    assert _read(chain, probe, "Probe", "codeHashOf", caller.address) == EMPTY_CODE_HASH
    assert _read(chain, probe, "Probe", "codeHashOf", never_used) == bytes(32)
    chain.set_balance(deployer.address, ETHER)
    to_existing = chain.transact(deployer, probe, _calldata("Probe", "forward", caller.address), value=1)
    to_new = chain.transact(deployer, probe, _calldata("Probe", "forward", never_used), value=1)
    assert to_existing.succeeded and to_new.succeeded
    assert to_new.gas_used - to_existing.gas_used == 25_000  # CALL's new-account cost, for the empty one only
    assert chain.balance_of(caller.address) == chain.balance_of(never_used) == 1


# --- CREATE2 and self-destruct (EIP-6780) --------------------------------------------------------


def test_a_contract_created_and_destroyed_in_one_transaction_leaves_nothing(chain: LockstepChain) -> None:
    """EIP-6780: created and self-destructed in one transaction, nothing is written back, so the same CREATE2 salt is free."""
    deployer = chain.account("deployer")
    chain.set_balance(deployer.address, ETHER)
    factory = _deploy(chain, deployer, "Factory")
    salt = b"\x07" * 32
    where = _read(chain, factory, "Factory", "addressOf", salt)
    assert chain.transact(deployer, factory, _calldata("Factory", "createAndDestroy", salt), value=500).succeeded
    assert chain.code_at(str(where)) == b"" and chain.balance_of(str(where)) == 0
    assert chain.balance_of(deployer.address) == ETHER  # the ether came back to the sender
    again = chain.transact(deployer, factory, _calldata("Factory", "create", salt))
    assert again.succeeded, "the salt collided with a contract that should be gone"
    assert _read(chain, str(where), "Ephemeral", "stored") == 7
    collision = chain.transact(deployer, factory, _calldata("Factory", "create", salt))
    assert not collision.succeeded  # now it is there, and CREATE2 may not overwrite it


def test_a_self_destruct_after_creation_keeps_the_account(chain: LockstepChain) -> None:
    """EIP-6780: a contract self-destructing in a later transaction keeps its code and storage, and gives away its ether."""
    deployer, heir = chain.account("deployer"), chain.account("heir")
    chain.set_balance(deployer.address, ETHER)
    ephemeral = _deploy(chain, deployer, "Ephemeral", value=900)
    assert chain.balance_of(ephemeral) == 900
    assert chain.transact(deployer, ephemeral, _calldata("Ephemeral", "destroy", heir.address)).succeeded
    assert chain.code_at(ephemeral) != b"" and _read(chain, ephemeral, "Ephemeral", "stored") == 7
    assert chain.balance_of(ephemeral) == 0 and chain.balance_of(heir.address) == 900


def test_a_call_that_creates_and_destroys_changes_nothing(chain: LockstepChain) -> None:
    """eth_call of a function that creates and self-destructs answers on both engines, and the batch's next transaction runs as ever."""
    deployer = chain.account("deployer")
    factory = _deploy(chain, deployer, "Factory")
    salt = b"\x09" * 32
    where = _read(chain, factory, "Factory", "addressOf", salt)
    with chain.batch():
        chain.transact(deployer, factory, _calldata("Factory", "create", b"\x01" * 32))
        answer = chain.call(factory, _calldata("Factory", "createAndDestroy", salt), sender=deployer.address)
        assert probes()["Factory"].interface.decode_result("createAndDestroy", answer) == (where,)
        assert chain.transact(deployer, factory, _calldata("Factory", "create", salt)).succeeded
    assert _read(chain, factory, "Factory", "codeSizeOf", where) > 0


# --- EIP-3860: a creation's intrinsic gas counts its init-code words --------------------------------


def test_a_creation_below_its_intrinsic_gas_is_refused_on_both_engines(chain: LockstepChain) -> None:
    """A creation one gas below its intrinsic cost (EIP-3860 words included) is refused: no receipt, no block, no nonce used."""
    deployer = chain.account("deployer")
    init_code = probes()["Ephemeral"].creation()
    block = chain.block_number
    with pytest.raises(TransactionRefused):
        chain.transact(deployer, None, init_code, gas=_intrinsic_gas(init_code) - 1)
    assert chain.block_number == block
    first = chain.transact(deployer, None, init_code)
    expected = to_checksum_address(keccak(b"\xd6\x94" + bytes.fromhex(deployer.address[2:]) + b"\x80")[12:])
    assert first.contract_address == expected  # nonce 0: the refused creation used nothing
    at_cost = chain.transact(deployer, None, init_code, gas=_intrinsic_gas(init_code))
    assert not at_cost.succeeded  # valid, then out of gas running the constructor: mined, as on both engines


# --- proxies and DELEGATECALL --------------------------------------------------------------------


def test_a_proxy_runs_its_implementation_in_its_own_storage(chain: LockstepChain) -> None:
    """Calls through an EIP-1967 proxy delegate to the implementation: state, events, ether and custom errors are the proxy's."""
    owner, stranger = chain.account("owner"), chain.account("stranger")
    chain.set_balance(owner.address, ETHER)
    implementation = _deploy(chain, owner, "Counter")
    proxy = _deploy(chain, owner, "Proxy", implementation, _calldata("Counter", "initialize", owner.address))
    receipt = chain.transact(owner, proxy, _calldata("Counter", "increment", 5), value=40)
    assert receipt.succeeded and receipt.logs[0].address == proxy
    assert _read(chain, proxy, "Counter", "count") == 5 and _read(chain, proxy, "Counter", "owner") == owner.address
    assert _read(chain, implementation, "Counter", "count") == 0
    assert chain.balance_of(proxy) == 40 and chain.balance_of(implementation) == 0
    refused = chain.transact(stranger, proxy, _calldata("Counter", "increment", 1))
    assert not refused.succeeded
    assert refused.revert_data == keccak(text="NotOwner(address)")[:4] + bytes(12) + bytes.fromhex(stranger.address[2:])


# --- ether through web3 --------------------------------------------------------------------------


def _through_web3(engine: RevmChain | EmbeddedChain) -> tuple[object, ...]:
    """Fund, send ether and read balances through web3 on one engine; what it saw, to compare."""
    payer, payee = engine.account("payer"), engine.account("payee")
    w3 = web3_for(engine, [payer])
    w3.provider.make_request("anvil_setBalance", [payer.address, hex(10 * ETHER)])  # type: ignore[arg-type]
    probe_code = probes()["Probe"]
    created = w3.eth.wait_for_transaction_receipt(w3.eth.send_transaction({"from": payer.address, "data": probe_code.creation()}))
    probe = w3.eth.contract(address=created["contractAddress"], abi=probe_code.interface.abi)
    plain = w3.eth.send_transaction({"from": payer.address, "to": payee.address, "value": 3 * ETHER})
    forwarded = probe.functions.forward(payee.address).transact({"from": payer.address, "value": 1_000})
    received = w3.eth.send_transaction({"from": payer.address, "to": probe.address, "value": 77})
    logs = probe.events.Received().process_receipt(w3.eth.get_transaction_receipt(received))
    probe.functions.forward(payee.address).call({"from": payer.address, "value": 5})  # a call's ether is not kept
    with pytest.raises(ContractLogicError):  # a view is not payable: Solidity refuses the ether
        probe.functions.balanceOf(probe.address).call({"from": payer.address, "value": 5})
    with pytest.raises(Web3RPCError, match="refused"):
        w3.eth.send_transaction({"from": payer.address, "to": payee.address, "value": 100 * ETHER})
    return (
        w3.eth.get_balance(payer.address), w3.eth.get_balance(payee.address), w3.eth.get_balance(probe.address),
        w3.eth.get_transaction(plain)["value"], w3.eth.get_transaction(forwarded)["value"],
        [(log["args"]["from"], log["args"]["value"]) for log in logs],
    )


def test_ether_moves_and_reads_alike_through_web3_on_both_engines() -> None:
    """Balances, value transfers (plain, through a contract, to a receive function) and a refused overspend read the same through web3 on both engines."""
    fast, reference = _through_web3(RevmChain()), _through_web3(EmbeddedChain())
    assert fast == reference
    payer, payee, probe, plain, forwarded, logs = fast
    assert (payee, probe, plain, forwarded) == (3 * ETHER + 1_000, 77, 3 * ETHER, 1_000)
    assert payer == 10 * ETHER - 3 * ETHER - 1_000 - 77  # gas is free on the embedded chain
    assert len(logs) == 1 and logs[0][1] == 77  # type: ignore[index]


# --- randomized: general contracts, receipt by receipt ---------------------------------------------


def _random_step(
    rng: random.Random, chain: LockstepChain, world: dict[str, str], people: list[Account], *, batching: bool = False
) -> None:
    """One random transaction or call among the probes, ether, CREATE2 and the proxy."""
    sender = rng.choice(people)
    target = rng.choice(people).address
    salt = bytes([rng.randrange(4)]) * 32
    steps: list[Callable[[], object]] = [
        lambda: chain.transact(sender, target, b"", value=rng.choice([0, 1, 10**9])),
        lambda: chain.transact(sender, world["probe"], _calldata("Probe", "forward", target), value=rng.randrange(3)),
        lambda: chain.transact(sender, world["factory"], _calldata("Factory", "createAndDestroy", salt), value=rng.randrange(2)),
        lambda: chain.transact(sender, world["factory"], _calldata("Factory", "create", salt)),
        lambda: chain.transact(sender, world["proxy"], _calldata("Counter", "increment", rng.randrange(5)), value=rng.randrange(2)),
        lambda: chain.transact(sender, _read_address(chain, world, salt), _calldata("Ephemeral", "destroy", target)),
        lambda: chain.call(world["probe"], _calldata("Probe", "blockHashOf", chain.block_number - rng.randrange(1, 4))),
        lambda: chain.call(world["probe"], _calldata("Probe", "codeHashOf", rng.choice([target, _read_address(chain, world, salt)]))),
        lambda: chain.call(world["factory"], _calldata("Factory", "createAndDestroy", salt), sender=sender.address),
        lambda: chain.balance_of(target),
    ]
    if not batching:
        steps.append(lambda: chain.advance_time(rng.choice([1, 12, 3600])))
    try:
        rng.choice(steps)()
    except (CallReverted, TransactionRefused):
        pass  # the same on both engines, or LockstepChain has failed already


def _read_address(chain: LockstepChain, world: dict[str, str], salt: bytes) -> str:
    return str(_read(chain, world["factory"], "Factory", "addressOf", salt))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_transactions_on_general_contracts_agree_receipt_by_receipt(seed: int) -> None:
    """Random ether transfers, CREATE2 creations and self-destructs, proxy calls and block-hash reads give the same receipts on both engines."""
    rng = random.Random(seed)
    chain = LockstepChain()
    people = [chain.account(f"person-{n}") for n in range(4)]
    for person in people[:3]:  # the fourth holds no ether: its value transfers are refused alike
        chain.set_balance(person.address, 5 * ETHER)
    owner = people[0]
    counter = _deploy(chain, owner, "Counter")
    world = {
        "probe": _deploy(chain, owner, "Probe"),
        "factory": _deploy(chain, owner, "Factory"),
        "proxy": _deploy(chain, owner, "Proxy", counter, _calldata("Counter", "initialize", owner.address)),
    }
    for step in range(120):
        if step % 30 == 0:
            with chain.batch():
                for _ in range(5):
                    _random_step(rng, chain, world, people, batching=True)
        else:
            _random_step(rng, chain, world, people)
    assert chain.receipts > 60 and chain.calls > 10
    for person in people:
        chain.balance_of(person.address)


def test_the_probes_compile_with_the_pinned_solc() -> None:
    """The test contracts exist with code, so the tests above ran real contracts."""
    compiled = probes()
    assert set(compiled) == {"Probe", "Ephemeral", "Factory", "Counter", "Proxy"}
    assert all(isinstance(c, Compiled) and len(c.bytecode) > 100 for c in compiled.values())
    assert Web3.is_checksum_address(to_checksum_address("0x" + "ab" * 20))


# --- a third EVM: Anvil ------------------------------------------------------------------------------


def _general_contract_receipts(chain: RevmChain | EmbeddedChain | RpcChain) -> list[tuple[object, ...]]:
    """Ether, a proxy, CREATE2 and self-destruct on one chain: what each receipt and balance showed."""
    owner, stranger = chain.account("owner"), chain.account("stranger")  # given ether for gas where it costs
    fresh = Account.from_name("fresh").address  # never given anything: an empty account on every chain
    chain.set_balance(owner.address, ETHER)
    seen: list[tuple[object, ...]] = []

    def send(to: str | None, data: bytes, value: int = 0) -> str | None:
        receipt = chain.transact(owner, to, data, value=value)
        seen.append((receipt.gas_used, receipt.succeeded, receipt.logs, receipt.revert_data, receipt.contract_address))
        return receipt.contract_address

    counter = send(None, probes()["Counter"].creation())
    proxy = send(None, probes()["Proxy"].creation(counter, _calldata("Counter", "initialize", owner.address)))
    probe = send(None, probes()["Probe"].creation())
    factory = send(None, probes()["Factory"].creation())
    assert counter and proxy and probe and factory
    send(proxy, _calldata("Counter", "increment", 3), value=11)
    send(probe, _calldata("Probe", "forward", fresh), value=5)  # to an empty account: 25,000 gas more
    send(probe, _calldata("Probe", "forward", fresh), value=5)
    send(factory, _calldata("Factory", "createAndDestroy", b"\x02" * 32), value=7)
    send(factory, _calldata("Factory", "create", b"\x02" * 32))
    send(factory, _calldata("Factory", "create", b"\x02" * 32))  # collides now
    refused = chain.transact(stranger, proxy, _calldata("Counter", "increment", 1))
    seen.append((refused.succeeded, refused.revert_data))
    seen.append(tuple(chain.balance_of(a) for a in (proxy, counter, fresh, factory)))  # senders pay gas on Anvil
    return seen


def test_ether_proxies_and_create2_give_anvils_receipts() -> None:
    """Anvil, a third EVM, gives the same gas, status, logs, revert data and balances as both engines on these paths."""
    with start_anvil() as url:
        on_anvil = _general_contract_receipts(RpcChain(url))
    assert _general_contract_receipts(RevmChain()) == on_anvil
    assert _general_contract_receipts(EmbeddedChain()) == on_anvil
