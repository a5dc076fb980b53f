/**
 * Prometheus metrics of one server (prom-client, a registry of its own so several servers in one process, as in
 * tests, never share counters).
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";

/** The counters and gauges `/metrics` shows. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly joins = new Counter({ name: "flashmesh_group_joins_total", help: "Group joins accepted", registers: [this.registry] });
  readonly relays = new Counter({ name: "flashmesh_relays_total", help: "relay() calls delivered", registers: [this.registry] });
  readonly rejected = new Counter({
    name: "flashmesh_rejected_messages_total",
    help: "Client messages refused, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly disconnectedForAbuse = new Counter({
    name: "flashmesh_abusive_disconnects_total",
    help: "Connections closed for repeated refused messages",
    registers: [this.registry],
  });

  readonly slowReaders = new Counter({
    name: "flashmesh_slow_reader_disconnects_total",
    help: "Connections closed because their unsent data passed the hard watermark",
    registers: [this.registry],
  });
  readonly failedMessages = new Counter({
    name: "flashmesh_failed_messages_total",
    help: "Client messages whose handling threw (the sender's connection is closed)",
    registers: [this.registry],
  });
  readonly refusedConnections = new Counter({
    name: "flashmesh_refused_connections_total",
    help: "WebSocket upgrades refused, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  readonly busMessages = new Counter({
    name: "flashmesh_cluster_messages_total",
    help: "Messages from other nodes (Redis), by kind",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly busRejected = new Counter({
    name: "flashmesh_cluster_rejected_messages_total",
    help: "Malformed messages from Redis, ignored",
    registers: [this.registry],
  });

  constructor(sample: { clients: () => number; groups: () => number }) {
    new Gauge({ name: "flashmesh_clients", help: "Connected clients", registers: [this.registry], collect() { this.set(sample.clients()); } });
    new Gauge({ name: "flashmesh_groups", help: "Groups with at least one member", registers: [this.registry], collect() { this.set(sample.groups()); } });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
