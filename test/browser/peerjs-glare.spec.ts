/**
 * Two peers that dial each other at the same moment (as two members that learn of each other from the same
 * rendezvous answer do) get two WebRTC connections, and the transport keeps one: the one the lower peer ID opened
 * (transport/peerjs.ts). Each side may have handed its engine the other connection first and sent frames on it. Those
 * frames must still arrive: a link's `send` that said true is a frame the other side gets, whichever connection
 * carried it. Real WebRTC, against the run's `flashmesh serve`.
 */
import type { Link, LinkHandler } from "../../as3-api/transport/links.js";
import { openPeerJSTransport, type PeerJSTransport } from "../../as3-api/transport/peerjs.js";
import { until } from "../support/until.js";
import { serverUrl } from "./support/environment.js";

/** What one side's handler saw. */
interface Side {
  readonly transport: PeerJSTransport;
  /** Frames `send` accepted, in order: "<sender>:<number>". */
  readonly sent: string[];
  readonly received: string[];
  linksOpened: number;
  linksClosed: number;
  /** The link the handler heard of last: the one frames go on now. */
  link: Link | null;
}

const FRAMES_PER_LINK = 40;

function watch(transport: PeerJSTransport, name: string): Side {
  const side: Side = { transport, sent: [], received: [], linksOpened: 0, linksClosed: 0, link: null };
  const handler: LinkHandler = {
    linkOpened(link: Link) {
      side.linksOpened++;
      side.link = link;
      // Frames right away, as the engine sends its JOIN the moment a link opens.
      for (let i = 0; i < FRAMES_PER_LINK; i++) {
        const frame = `${name}:${side.sent.length}`;
        if (link.send(new TextEncoder().encode(frame))) side.sent.push(frame);
      }
    },
    frame(_link, bytes) {
      side.received.push(new TextDecoder().decode(bytes));
    },
    linkClosed() {
      side.linksClosed++;
    },
    connectFailed() {},
  };
  transport.setHandler(handler);
  return side;
}

describe("PeerJS links when two peers dial each other at once", () => {
  const transports: PeerJSTransport[] = [];
  afterEach(() => {
    for (const transport of transports.splice(0)) transport.close();
  });

  it("lose no frame: every frame either side's link accepted arrives at the other, once, whichever connection carried it; the losing connection closes without the engine hearing of it, and the link it kept still works", async () => {
    const url = serverUrl();
    const pairs: (readonly [Side, Side])[] = [];
    // Five rounds, and more (up to ten) until some side was handed the losing connection first and had to switch: about
    // two rounds in three do here, so the case is met without a fixed, rarely failing number of tries.
    const switched = (): boolean => pairs.some((pair) => pair.some((side) => side.linksOpened > 1));
    for (let round = 0; round < 10 && (round < 5 || !switched()); round++) {
      const open = (): Promise<PeerJSTransport> => openPeerJSTransport({ host: url.hostname, port: Number(url.port), app: "glare-suite/" });
      const a = await open();
      const b = await open();
      transports.push(a, b);
      const [sideA, sideB] = [watch(a, "a"), watch(b, "b")] as const;
      pairs.push([sideA, sideB]);
      a.connect(b.peerId);
      b.connect(a.peerId);
      await until(() => sideA.linksOpened > 0 && sideB.linksOpened > 0, 20_000, `round ${round}: a link on both sides`);
      // The second connection of crossed dials opens within moments.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await until(() => sideB.received.length >= sideA.sent.length && sideA.received.length >= sideB.sent.length, 10_000, `round ${round}: every frame (a sent ${sideA.sent.length}, b got ${sideB.received.length}; b sent ${sideB.sent.length}, a got ${sideA.received.length})`);
      expect([...sideB.received].sort()).withContext(`round ${round}: what b got`).toEqual([...sideA.sent].sort());
      expect([...sideA.received].sort()).withContext(`round ${round}: what a got`).toEqual([...sideB.sent].sort());
    }
    // The case this spec is about happened: some side was handed a second link (dials crossed, and the one it took
    // first lost); without it the spec would test nothing.
    expect(switched()).withContext("a side that switched links").toBeTrue();

    // Past the losing connections' retirement: the engine heard of no closed link, and the links kept carry frames.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    for (const [round, [sideA, sideB]] of pairs.entries()) {
      expect([sideA.linksClosed, sideB.linksClosed]).withContext(`round ${round}: links closed`).toEqual([0, 0]);
      expect(sideA.link!.send(new TextEncoder().encode("a:late"))).toBeTrue();
      expect(sideB.link!.send(new TextEncoder().encode("b:late"))).toBeTrue();
    }
    await until(() => pairs.every(([sideA, sideB]) => sideA.received.includes("b:late") && sideB.received.includes("a:late")), 10_000, "a frame on every kept link");
  }, 150_000);
});
