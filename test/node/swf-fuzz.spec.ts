/**
 * Fuzzing the SWF layer: mutated fixture SWFs and ABC blocks. readSwf/readAbc either read or throw SwfError (no
 * other exception, no hang); rewriteSwf never throws and returns its input when it did not rewrite.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readAbc } from "../../shim/swf/abc.js";
import { SwfError } from "../../shim/swf/bytes.js";
import { readDoAbc, readSwf, TagCode } from "../../shim/swf/container.js";
import { rewriteSwf } from "../../shim/swf/rewrite.js";
import { createRandom } from "../support/random.js";

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(join(process.cwd(), path)));
const PROXIES = read("shim/proxies/flashmesh-proxies.abc");
const SAMPLES = ["fixtures/compression/connect-and-join.fws.swf", "fixtures/compression/no-p2p.zws.swf", "fixtures/posting-chat/case.swf"].map(read);
const ABC = readDoAbc(readSwf(SAMPLES[0]!).tags.find((tag) => tag.code === TagCode.doAbc)!).abc;

function mutate(random: ReturnType<typeof createRandom>, input: Uint8Array): Uint8Array {
  const bytes = input.slice(0, random.chance(0.2) ? random.int(input.length) : input.length);
  const flips = 1 + random.int(8);
  for (let i = 0; i < flips && bytes.length > 0; i++) bytes[random.int(bytes.length)] = random.int(256);
  return bytes;
}

describe("SWF layer fuzz", () => {
  it("reads or rejects 1,500 mutated SWFs with SwfError, and rewriteSwf never throws", () => {
    const random = createRandom();
    for (let i = 0; i < 1500; i++) {
      const input = mutate(random, random.pick(SAMPLES));
      try {
        readSwf(input);
      } catch (error) {
        expect(error instanceof SwfError).withContext(`seed ${random.seed}, case ${i}: ${String(error)}`).toBeTrue();
      }
      const outcome = rewriteSwf(input, PROXIES, "flashmesh-token-fuzz");
      if (!outcome.rewritten) expect(outcome.bytes).toBe(input);
    }
  });

  it("reads or rejects 3,000 mutated ABC blocks with SwfError", () => {
    const random = createRandom();
    for (let i = 0; i < 3000; i++) {
      const input = mutate(random, ABC);
      try {
        readAbc(input);
      } catch (error) {
        expect(error instanceof SwfError).withContext(`seed ${random.seed}, case ${i}: ${String(error)}`).toBeTrue();
      }
    }
  });
});
