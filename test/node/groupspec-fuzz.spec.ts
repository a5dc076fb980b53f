/**
 * Fuzz: at least 100,000 random and mutated strings per run through decodeGroupspec and groupIdOf. Each must either
 * decode (and then re-encode to a string that decodes to the same options, and have a group ID: no error of any kind
 * once it decoded) or throw a GroupspecError; nothing else, and no hang (the run is bounded by its count). At least
 * 1% must decode (the floor), and every failure names the seed.
 */
import { decodeGroupspec, encodeGroupspec, GroupspecError, GroupSpecifier, groupIdOf } from "../../as3-api/index.js";
import vectors from "../../fixtures/vectors/groupspec.json" with { type: "json" };
import { createRandom, type Random } from "../support/random.js";

const RUNS = 100_000;
const HEX = "0123456789abcdef";

function randomHex(random: Random, pairs: number): string {
  let out = "";
  for (let i = 0; i < 2 * pairs; i++) out += HEX[random.int(16)];
  return out;
}

function corpus(random: Random): string[] {
  const seeds = vectors.groupSpecifier.map((vector) => ("withAuthorizations" in vector ? vector.withAuthorizations : vector.withoutAuthorizations)!);
  for (let i = 0; i < 20; i++) {
    const spec = new GroupSpecifier(`g${i}`, random.pick([10, 18]));
    spec.postingEnabled = random.chance(0.5);
    spec.routingEnabled = random.chance(0.5);
    if (random.chance(0.3)) spec.setPostingPassword("pw", random.chance(0.5) ? "salt" : null);
    if (random.chance(0.3)) spec.makeUnique();
    if (random.chance(0.3)) spec.addIPMulticastAddress(random.chance(0.5) ? "224.0.0.1:1000" : "[ff03::1]:1000");
    if (random.chance(0.3)) spec.addBootstrapPeer(randomHex(random, 32));
    seeds.push(spec.toString());
  }
  return seeds;
}

function mutate(random: Random, text: string): string {
  let out = text;
  const rounds = 1 + random.int(4);
  for (let r = 0; r < rounds; r++) {
    const at = 2 + random.int(Math.max(1, out.length - 1));
    switch (random.int(8)) {
      case 0: out = out.slice(0, at) + HEX[random.int(16)] + out.slice(at + 1); break; // change a digit
      case 1: out = out.slice(0, at) + randomHex(random, 1 + random.int(3)) + out.slice(at); break; // insert bytes
      case 2: out = out.slice(0, at) + out.slice(at + 2 * (1 + random.int(3))); break; // delete bytes
      case 3: out = out.slice(0, at); break; // truncate
      case 4: out = out.slice(0, at) + out.slice(2, 2 + random.int(out.length)) + out.slice(at); break; // duplicate a slice
      case 5: out = out.slice(0, at) + random.pick(["00", "80", "ff", "7f", "0e", "81", "0b", "0a"]) + out.slice(at + 2); break; // interesting byte
      case 6: out = out.slice(0, at) + String.fromCharCode(random.int(0x3000)) + out.slice(at + 1); break; // any character
      default: out = out.slice(0, at) + out.slice(at).toUpperCase(); break; // case
    }
  }
  return out;
}

function randomString(random: Random): string {
  const alphabet = random.pick(["G:0123456789abcdef", "0123456789abcdefABCDEF:GXz \u0000\u00e9", HEX]);
  let out = random.chance(0.7) ? "G:" : "";
  const length = random.int(random.chance(0.05) ? 2000 : 80);
  for (let i = 0; i < length; i++) out += alphabet[random.int(alphabet.length)];
  return out;
}

describe("decodeGroupspec fuzz", () => {
  it(`survives ${RUNS} random and mutated inputs`, () => {
    const random = createRandom();
    const seeds = corpus(random);
    const problems: string[] = [];
    let decoded = 0;
    for (let i = 0; i < RUNS && problems.length < 5; i++) {
      const input = random.chance(0.3) ? randomString(random) : mutate(random, random.pick(seeds));
      let options: ReturnType<typeof decodeGroupspec> | null = null;
      try {
        options = decodeGroupspec(input);
      } catch (error) {
        if (!(error instanceof GroupspecError)) problems.push(`${JSON.stringify(input)} threw ${String(error)}`);
      }
      if (options !== null) {
        // An input that decoded is a groupspec: re-encoding and its group ID must work, with no error at all.
        decoded++;
        try {
          const encoded = encodeGroupspec(options);
          if (JSON.stringify(decodeGroupspec(encoded)) !== JSON.stringify(options)) problems.push(`re-decode differs for ${JSON.stringify(input)}`);
          if (!/^[0-9a-f]{64}$/.test(groupIdOf(input))) problems.push(`groupIdOf(${JSON.stringify(input)}) is not 64 hex digits`);
        } catch (error) {
          problems.push(`${JSON.stringify(input)} decoded, then threw ${String(error)}`);
        }
      }
      if (random.chance(0.01)) {
        try {
          groupIdOf(input);
        } catch (error) {
          if (!(error instanceof GroupspecError)) problems.push(`groupIdOf(${JSON.stringify(input)}) threw ${String(error)}`);
        }
      }
    }
    expect(problems).withContext(`seed ${random.seed} (replay with FLASHMESH_SEED=${random.seed})`).toEqual([]);
    // Mutations must reach the decoder's accepting paths too, or the run proves little.
    expect(decoded).withContext(`seed ${random.seed}`).toBeGreaterThan(RUNS / 100);
  });
});
