// A method that keeps memory until the thread's heap limit stops the application.
const kept = [];
export function onConnect() {
  return true;
}
export const clientMethods = {
  leak() {
    for (;;) kept.push(new Array(100_000).fill(kept.length));
  },
  ping() {
    return "pong";
  },
};
