// Runs a Kuzu-dialect script from kg export in an in-memory Kuzu database and prints the
// node and relationship counts as JSON (with --titles, every node's title too).
//   KUZU_MODULE=.../node_modules/kuzu node kuzu_run.js SCRIPT [--titles]
"use strict";
const fs = require("fs");
const kuzu = require(process.env.KUZU_MODULE || "kuzu");

async function main() {
  const db = new kuzu.Database(":memory:");
  const conn = new kuzu.Connection(db);
  await conn.query(fs.readFileSync(process.argv[2], "utf8"));
  const one = async (q) => (await (await conn.query(q)).getAll())[0];
  const out = {
    nodes: Number((await one("MATCH (n) RETURN count(n) AS c")).c),
    relationships: Number((await one("MATCH ()-[r]->() RETURN count(r) AS c")).c),
  };
  if (process.argv.includes("--titles")) {
    out.titles = (await (await conn.query("MATCH (n) RETURN n.title AS t")).getAll()).map((r) => r.t);
  }
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
