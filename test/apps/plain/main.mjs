// No hooks at all: every connection accepted, no client methods.
export const description = "plain";
