// The example file-share registry (examples/apps/fileshare), served beside the specs' applications.
export * from "../../../examples/apps/fileshare/main.mjs";
