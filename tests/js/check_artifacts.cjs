// Loads every shipped artifact with ethers' ContractFactory.fromSolidity and checks the code at
// COIN against the Coinage artifact's deployedBytecode, immutables masked. Prints one JSON line.
//   RPC_URL=… COIN=0x… node tests/js/check_artifacts.cjs
const fs = require("fs");
const path = require("path");
const { ContractFactory, JsonRpcProvider, getBytes } = require("ethers");

function masked(code, immutableReferences) {
  const bytes = getBytes(code);
  for (const references of Object.values(immutableReferences)) {
    for (const { start, length } of references) bytes.fill(0, start, start + length);
  }
  return Buffer.from(bytes).toString("hex");
}

async function main() {
  const dir = path.join(__dirname, "..", "..", "src", "coinage", "artifacts");
  const loaded = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "enums.json").sort()) {
    const artifact = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    const factory = ContractFactory.fromSolidity(artifact);
    loaded[artifact.contractName] = { format: artifact._format, hasBytecode: factory.bytecode.length > 2 };
  }
  const coinage = JSON.parse(fs.readFileSync(path.join(dir, "Coinage.json"), "utf8"));
  const onChain = await new JsonRpcProvider(process.env.RPC_URL).getCode(process.env.COIN);
  console.log(JSON.stringify({
    loaded,
    codeMatches: masked(onChain, coinage.immutableReferences) === masked(coinage.deployedBytecode, coinage.immutableReferences),
    codeMatchesUnmasked: onChain === coinage.deployedBytecode,
  }));
}

main().catch((error) => { console.error(error.shortMessage || error.message); process.exit(1); });
