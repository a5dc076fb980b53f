/** Posting passwords on the wire (docs/passwords.md): the key, the tag and the post envelope. */
import { GroupSpecifier, decodeGroupspec, groupIdOf } from "../../as3-api/index.js";
import { bytesToHex } from "../../as3-api/wire/bytes.js";
import { passwordMatches, postingKey, postTag, unwrapPost, wrapPost } from "../../as3-api/wire/postAuthorization.js";
import { createRandom } from "../support/random.js";

describe("posting authorization", () => {
  const spec = new GroupSpecifier("pw-group");
  spec.setPostingPassword("secret", "pepper");
  const options = decodeGroupspec(spec.toString());
  const hash = options.postingPasswordHash!;
  const groupId = groupIdOf(spec.toString());

  it("checks a password against the groupspec's salted hash", () => {
    expect(passwordMatches("secret", hash)).toBeTrue();
    expect(passwordMatches("Secret", hash)).toBeFalse();
    expect(passwordMatches("", hash)).toBeFalse();
  });

  it("derives a key that depends on the password and the group, and is not the groupspec's hash", () => {
    const key = bytesToHex(postingKey("secret", hash, groupId));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toBe(hash.hash);
    expect(bytesToHex(postingKey("secret", hash, "00".repeat(32)))).not.toBe(key);
    expect(bytesToHex(postingKey("other", hash, groupId))).not.toBe(key);
  });

  it("tags a post with HMAC-SHA-256 of its messageID bytes under the key (RFC 4231 test case 2)", () => {
    // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?"; the data goes in as a messageID's hex.
    const key = new TextEncoder().encode("Jefe");
    const data = bytesToHex(new TextEncoder().encode("what do ya want for nothing?"));
    expect(bytesToHex(postTag(key, data))).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it("gives different posts and different keys different tags", () => {
    const key = postingKey("secret", hash, groupId);
    const id = "ab".repeat(32);
    const tag = bytesToHex(postTag(key, id));
    expect(tag).toMatch(/^[0-9a-f]{64}$/);
    expect(bytesToHex(postTag(key, "ac" + "ab".repeat(31)))).not.toBe(tag);
    expect(bytesToHex(postTag(postingKey("other", hash, groupId), id))).not.toBe(tag);
  });

  it("wraps and unwraps post envelopes, with and without a tag", () => {
    const message = Uint8Array.of(6, 5, 104, 105);
    const tag = new Uint8Array(32).fill(7);
    expect(unwrapPost(wrapPost(message, null))).toEqual({ message, tag: null });
    expect(unwrapPost(wrapPost(message, tag))).toEqual({ message, tag });
    expect(unwrapPost(Uint8Array.of(1, 2, 3))).toBeNull(); // tagged but too short
    expect(unwrapPost(Uint8Array.of(2))).toBeNull(); // unknown flags
    expect(unwrapPost(new Uint8Array(0))).toBeNull();
  });

  it("never throws on random envelopes (fuzz, 20,000 inputs)", () => {
    const random = createRandom();
    for (let i = 0; i < 20_000; i++) {
      const bytes = random.bytes(random.int(48));
      if (random.chance(0.5) && bytes.length > 0) bytes[0] = random.int(3);
      const envelope = unwrapPost(bytes);
      if (envelope !== null) expect(envelope.message.length + (envelope.tag?.length ?? 0) + 1).withContext(`seed ${random.seed}`).toBe(bytes.length);
    }
  });
});
