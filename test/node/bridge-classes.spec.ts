/**
 * The bridge's class descriptors (shim/bridge/classes) against what they describe: every redirected class has its
 * proxy in the committed injected ABC, every method a descriptor lets a SWF reach exists on the TypeScript class (or
 * is the descriptor's own), and the operations table and redirect list are built from the same list.
 */
import { readFileSync } from "node:fs";
import { BRIDGE_CLASSES, REDIRECTED_CLASSES, REDIRECTS } from "../../shim/bridge/classes/index.js";
import { STATIC_OPERATIONS } from "../../shim/bridge/operations.js";
import { readAbc } from "../../shim/swf/abc.js";
import { definedClasses } from "../../shim/swf/redirect.js";

describe("the bridge's class descriptors", () => {
  it("have a proxy class in the injected ABC for every redirected class", () => {
    const defined = definedClasses(readAbc(new Uint8Array(readFileSync("shim/proxies/flashmesh-proxies.abc"))));
    for (const name of REDIRECTED_CLASSES) expect(defined).withContext(name).toContain(`flashmesh::${name}`);
  });

  it("list only methods the TypeScript class has, or that the descriptor implements itself", () => {
    for (const descriptor of BRIDGE_CLASSES) {
      if (descriptor.type === null) continue;
      const prototype = descriptor.type.prototype as Record<string, unknown>;
      for (const method of descriptor.methods ?? []) {
        const own = descriptor.special !== undefined && Object.hasOwn(descriptor.special, method);
        expect(own || typeof prototype[method] === "function").withContext(`${descriptor.name}.${method}`).toBeTrue();
      }
      for (const name of descriptor.setters ?? []) expect(descriptor.getters ?? []).withContext(`${descriptor.name}: set ${name} without get`).toContain(name);
    }
  });

  it("build the redirect list and the constructors and statics from one list", () => {
    const qualified = (descriptor: (typeof BRIDGE_CLASSES)[number]): string => `${descriptor.package}::${descriptor.name}`;
    expect(REDIRECTS.classes).toEqual(BRIDGE_CLASSES.filter((descriptor) => descriptor.follows !== true).map(qualified));
    // Followers (Video) move only in SWFs the others made flashmesh's.
    expect([...REDIRECTS.followers.keys()]).toEqual(BRIDGE_CLASSES.filter((descriptor) => descriptor.follows === true).map(qualified));
    expect([...REDIRECTS.followers.keys()]).toContain("flash.media::Video");
    expect(REDIRECTS.memberRenames.get("attachCamera")).toBe("__fmAttachCamera");
    expect(REDIRECTS.memberRenames.get("attachAudio")).toBe("__fmAttachAudio");
    for (const descriptor of BRIDGE_CLASSES) {
      expect(STATIC_OPERATIONS.has(`new ${descriptor.name}`)).withContext(descriptor.name).toBe(descriptor.construct !== undefined);
      for (const name of Object.keys(descriptor.statics ?? {})) expect(STATIC_OPERATIONS.has(`${descriptor.name}.${name}`)).toBeTrue();
    }
    expect(REDIRECTS.nameStrings.get("flash.net.NetStream")).toBe("flashmesh.NetStream");
  });
});
