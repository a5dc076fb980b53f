/** `import bytes from "./x.abc"`: esbuild's binary loader gives the file's bytes. */
declare module "*.abc" {
  const bytes: Uint8Array;
  export default bytes;
}
