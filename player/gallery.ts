/**
 * The demo gallery: the server's demos (`/demos.json`, the fixtures) grouped by the feature they show, each with
 * its one-line description and a link to its source. New features' demos join by naming their `feature` in
 * case.json; an unknown feature gets its own group at the end.
 */

/** One demo as `/demos.json` lists it (server/player.ts). */
export interface Demo {
  readonly name: string;
  readonly description: string;
  readonly feature: string;
  readonly players: number;
  readonly swf: string;
  readonly source: string | null;
  /** Its players' parts, each an address whose query string is that part's FlashVars (server/player.ts). */
  readonly roles: readonly { readonly label: string; readonly swf: string }[];
}

/** The gallery's groups, in order: feature, heading, what it is about. */
const FEATURES: readonly (readonly [string, string, string])[] = [
  ["posting", "Posting", "NetGroup.post: a message to every member of the group."],
  ["routing", "Routing", "sendToNearest and sendToNeighbor: a message to one member, hop by hop along the ring."],
  ["serverless", "Serverless", 'NetConnection.connect("rtmfp:"): members find each other without a server.'],
  ["streams", "Streams", "P2P NetStream: data, audio and video from one member to the group."],
  ["media", "Audio and video", "Camera, microphone and Video: a camera preview and video over P2P NetStreams, shown where the SWF puts them."],
  ["replication", "Object replication", "NetGroup's object replication: pieces of a file shared among members."],
  ["server-apps", "Server-side applications", "NetConnection.call to an application of flashmesh serve --apps, and its calls back (needs --apps test/apps)."],
  ["connecting", "Connecting and joining", "NetConnection to the rendezvous, NetGroup membership, neighbours."],
  ["compatibility", "Compatibility", "How real-world SWFs fare: Flex output, subclasses, ExternalInterface, local mode, errors, SWFs without P2P."],
];

/**
 * Fills `host` with the demos grouped by feature; `open` is called with the demo a person picks, and the address of
 * the part they chose for a demo whose players differ (a publisher, a viewer: one tab each).
 */
export function renderGallery(host: HTMLElement, demos: readonly Demo[], open: (demo: Demo, swf?: string) => void): void {
  const known = new Set(FEATURES.map(([feature]) => feature));
  const others = [...new Set(demos.map((demo) => demo.feature).filter((feature) => !known.has(feature)))];
  const groups = [...FEATURES, ...others.map((feature) => [feature, feature === "tests" ? "Other tests" : feature, ""] as const)];
  const sections: HTMLElement[] = [];
  for (const [feature, heading, about] of groups) {
    const members = demos.filter((demo) => demo.feature === feature);
    if (members.length === 0) continue;
    const section = document.createElement("section");
    section.className = "demo-group";
    const title = document.createElement("h3");
    title.textContent = heading;
    const blurb = document.createElement("p");
    blurb.className = "hint";
    blurb.textContent = about;
    const list = document.createElement("ul");
    for (const demo of members) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = demo.name;
      button.dataset["demo"] = demo.name;
      button.addEventListener("click", () => open(demo));
      const description = document.createElement("span");
      description.textContent = ` ${demo.description} `;
      item.append(button, description);
      if (demo.roles.length > 0) {
        const parts = document.createElement("span");
        parts.className = "demo-roles";
        parts.append("play as: ");
        demo.roles.forEach((role, i) => {
          const part = document.createElement("button");
          part.type = "button";
          part.className = "demo-role";
          part.textContent = role.label;
          part.title = `Open ${demo.name} as ${role.label} (FlashVars ${role.swf.slice(role.swf.indexOf("?") + 1)}); open the other parts in other tabs`;
          part.addEventListener("click", () => open(demo, role.swf));
          parts.append(...(i === 0 ? [] : [" · "]), part);
        });
        item.append(parts, " ");
      }
      if (demo.source !== null) {
        const link = document.createElement("a");
        link.href = demo.source;
        link.textContent = "source";
        item.append(link);
      }
      list.append(item);
    }
    section.append(title, blurb, list);
    sections.push(section);
  }
  host.replaceChildren(...sections);
  if (sections.length === 0) host.textContent = "No demos on this server.";
}
