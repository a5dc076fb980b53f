/**
 * Preloaded into a real `flashmesh serve` (`node --expose-gc --import ./build/bench/gc-preload.mjs bin/flashmesh.mjs
 * serve …`) by memory benchmarks that need the CLI's own flags: SIGUSR2 then collects garbage and prints live memory
 * (bench/support/gcOnSignal.ts).
 */
import { collectGarbageOnSignal } from "./support/gcOnSignal.js";

collectGarbageOnSignal();
