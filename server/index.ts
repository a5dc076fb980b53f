/**
 * `import { createFlashmeshApp, startServer } from "flashmesh/server"`: the server as a library, for mounting in an
 * existing Express app or starting from code. See docs/self-hosting.md.
 */
export { createFlashmeshApp, startServer, type FlashmeshApp, type FlashmeshServer } from "./app.js";
export { createLogger, type Logger, type LogFormat, type LogLevel } from "./log.js";
export { DEFAULT_LIMITS, DEFAULT_OPTIONS, type ServerLimits, type ServerOptions, type ServerOptionsInput } from "./options.js";
export { iceServersFor, turnCredential } from "./ice.js";
export { Cluster } from "./cluster.js";
