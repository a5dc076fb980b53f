// The example chat (examples/apps/chat), served beside the specs' applications.
export * from "../../../examples/apps/chat/main.mjs";
