/**
 * bench:rewrite — the rewrite pass on a 2 MB SWF: the Flex fixture (mxmlc: two DoABC tags, ~500 KB of ABC) grown to
 * 2 MB compressed with a DefineBinaryData tag of incompressible bytes, as large archived SWFs carry assets. Measures
 * rewriteSwf on it (it references NetConnection/NetGroup, so it is rewritten) and on the same SWF without those
 * references (passed through, as every non-P2P SWF on a page is). Goal: at least 100 MB/s of input.
 * Last line: a JSON object.
 */
import { readFileSync } from "node:fs";
import { ByteWriter } from "../shim/swf/bytes.js";
import { readSwf, writeSwf, type SwfTag } from "../shim/swf/container.js";
import { REDIRECTS } from "../shim/bridge/classes/index.js";
import { rewriteSwf } from "../shim/swf/rewrite.js";

const TARGET_BYTES = 2 * 1024 * 1024;
const ITERATIONS = 30;
const proxies = new Uint8Array(readFileSync("shim/proxies/flashmesh-proxies.abc"));

/** The fixture with a DefineBinaryData (87) tag that brings it to about 2 MB compressed. */
function grow(path: string): Uint8Array {
  const swf = readSwf(new Uint8Array(readFileSync(path)));
  const compressedNow = readFileSync(path).length;
  const data = new Uint8Array(TARGET_BYTES - compressedNow);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    data[i] = seed >>> 24;
  }
  const body = new ByteWriter().u16(999).u32(0).bytes(data).finish();
  const asset: SwfTag = { code: 87, body, longForm: true };
  swf.tags.splice(swf.tags.length - 2, 0, asset);
  return writeSwf(swf);
}

function measure(input: Uint8Array): { p50Ms: number; mbPerSecond: number; rewritten: boolean } {
  let rewritten = false;
  for (let i = 0; i < 3; i++) rewritten = rewriteSwf(input, proxies, "flashmesh-token-bench", REDIRECTS).rewritten;
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    rewriteSwf(input, proxies, "flashmesh-token-bench", REDIRECTS);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)]!;
  return { p50Ms: Number(p50.toFixed(2)), mbPerSecond: Number((input.length / 1e6 / (p50 / 1000)).toFixed(1)), rewritten };
}

const p2p = grow("fixtures/flex-connect/case.swf");
const plain = grow("fixtures/no-p2p/case.swf");
const rewrite = measure(p2p);
const passThrough = measure(plain);
console.log(`rewrite of a ${(p2p.length / 1e6).toFixed(2)} MB SWF (P2P): p50 ${rewrite.p50Ms} ms, ${rewrite.mbPerSecond} MB/s`);
console.log(`pass-through of a ${(plain.length / 1e6).toFixed(2)} MB SWF (no P2P): p50 ${passThrough.p50Ms} ms, ${passThrough.mbPerSecond} MB/s`);
console.log(JSON.stringify({ benchmark: "rewrite", inputBytes: p2p.length, rewrite, passThrough, goalMbPerSecond: 100, met: rewrite.mbPerSecond >= 100 && passThrough.mbPerSecond >= 100 }));
