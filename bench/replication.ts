/**
 * bench:replication — one seeder, a file cut into objects, N members fetching it in Flash's file-share pattern (want
 * everything, re-share each result). Two halves, each against a one-transfer baseline measured in the same run:
 * - `simulated` (bench/replication/simulated.ts): `--members` members (default 1,000) on the memory network in
 *   simulated time (goal: full replication ≤ 4× one transfer);
 * - `webrtc` (bench/replication/webrtc.ts): `--pages` pages (default 16 fetchers and the seeder) in headless
 *   Chromium over real WebRTC through a real `flashmesh serve` (goal ≤ 2× one transfer).
 * Both: seeder upload ÷ file (goal ≤ 1.5), RAREST_FIRST against LOWEST_FIRST, memory per member. Every member's
 * answers leave through an upload queue of `--upload-kbps` KB/s. Last line: a JSON object.
 *
 * Usage: npm run bench:replication [-- --half simulated|webrtc|both --members 1000 --pages 16 --objects 1024
 *        --object-kb 64 --upload-kbps 1024 --seed 1
 *        --strategies rarestFirst,lowestFirst]   (the simulated half defaults to --objects 64: see docs)
 */
import type { ReplicationStrategy } from "../as3-api/engine/index.js";
import { runSimulated } from "./replication/simulated.js";
import { runWebRTC } from "./replication/webrtc.js";

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1]!;
};
const half = argument("half", "both");
if (!["simulated", "webrtc", "both"].includes(half)) {
  console.error(`bench:replication: --half takes simulated, webrtc or both, not "${half}"`);
  process.exit(1);
}
const objectBytes = Math.min(256, Math.max(1, Number(argument("object-kb", "64")))) * 1024;
const uploadKBps = Math.max(0, Number(argument("upload-kbps", "1024")));
const strategies = argument("strategies", "rarestFirst,lowestFirst").split(",") as ReplicationStrategy[];
if (strategies.length === 0 || !strategies.every((strategy) => strategy === "rarestFirst" || strategy === "lowestFirst")) {
  console.error("bench:replication: --strategies takes rarestFirst and/or lowestFirst, comma-separated");
  process.exit(1);
}
const figures: Record<string, unknown> = { benchmark: "replication" };
if (half !== "simulated") {
  // 16 fetchers and the seeder; the file is 64 MB by default (1,024 objects of 64 KB), as the issue asks.
  const pages = Math.min(24, Math.max(1, Number(argument("pages", "16"))));
  const objects = Math.min(4096, Math.max(1, Number(argument("objects", "1024"))));
  figures["webrtc"] = await runWebRTC({ members: pages + 1, objects, objectBytes, uploadKBps, strategies });
  console.log(JSON.stringify({ webrtc: figures["webrtc"] }));
}
if (half !== "webrtc") {
  const members = Math.min(2000, Math.max(2, Number(argument("members", "1000"))));
  // Objects travel as small stand-ins here, so the file's size only sets the run's length: 64 by default.
  const objects = Math.min(4096, Math.max(1, Number(argument("objects", "64"))));
  figures["simulated"] = runSimulated({ members, objects, objectBytes, uploadKBps: Math.max(1, uploadKBps), seed: Number(argument("seed", "1")), strategies });
}
console.log(JSON.stringify(figures));
