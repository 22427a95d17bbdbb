// A JavaScript client of a Coinage coin, with ethers v6 and the shipped artifact only.
//
//   RPC_URL=http://127.0.0.1:8545 COIN=0x… KEY=0x… TO=0x… node examples/ethers_client.cjs
//
// It reads the coin, transfers 7 coins from KEY's account to TO, reads back the case reference of
// every freeze with decodeBytes32String, names the coin's regime and tells freezes that last until
// lifted with the shipped enums.json, and prints what it saw as one JSON line.
const fs = require("fs");
const path = require("path");
const { ContractFactory, JsonRpcProvider, Wallet, decodeBytes32String, encodeBytes32String, parseUnits } = require("ethers");

async function main() {
  const artifacts = path.join(__dirname, "..", "src", "coinage", "artifacts");
  const artifact = JSON.parse(fs.readFileSync(process.env.ARTIFACT || path.join(artifacts, "Coinage.json"), "utf8"));
  const { enums, constants } = JSON.parse(fs.readFileSync(path.join(artifacts, "enums.json"), "utf8"));
  const FOREVER = BigInt(constants.FOREVER.value);
  const provider = new JsonRpcProvider(process.env.RPC_URL);
  const wallet = new Wallet(process.env.KEY, provider);
  const coin = ContractFactory.fromSolidity(artifact, wallet).attach(process.env.COIN);

  const decimals = await coin.decimals();
  const tx = await coin.transfer(process.env.TO, parseUnits("7", decimals));
  const receipt = await tx.wait();

  const freezes = await coin.queryFilter(coin.filters.Frozen(), 0);
  let longCase = null;
  try {
    encodeBytes32String("C".repeat(32));
  } catch (error) {
    longCase = error.shortMessage || error.message;
  }
  console.log(JSON.stringify({
    symbol: await coin.symbol(),
    transferHash: receipt.hash,
    status: receipt.status,
    balanceOfTo: (await coin.balanceOf(process.env.TO)).toString(),
    regime: enums.Regime.members[Number(await coin.regime())],
    freezeCases: freezes.map((event) => decodeBytes32String(event.args.caseRef)),
    frozenUntilLifted: freezes.map((event) => event.args.until === FOREVER),
    roundTrip: decodeBytes32String(encodeBytes32String("HK-2025-017/court-order-0000001")),
    longCase,
  }));
}

main().catch((error) => {
  console.error(error.shortMessage || error.message);
  process.exit(1);
});
