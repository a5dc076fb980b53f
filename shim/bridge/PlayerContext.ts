/**
 * One rewritten SWF's side of the bridge: its token, SWF version, the page-side objects its proxies own (by
 * handle), and the player element events go back to. The element is found by the ExternalInterface callback the
 * SWF's Bridge class registered (`__flashmesh_<token>`), so a context works for SWFs loaded by URL, by data, or by
 * another SWF, without knowing in advance which element will run them.
 */

/**
 * Page-side objects the SWF did not construct but must see as proxies (a subscriber NetStream handed to
 * `onPeerConnect`): the bridge's class descriptors know which they are (operations.ts).
 */
export interface TwinAdopter {
  /** Registers and wires `object` when its class is a bridge class; its handle, or undefined for other objects. */
  adopt(context: PlayerContext, object: object): number | undefined;
  /** How the SWF makes the proxy of such a twin: its class name and the arguments of its `__fmAdopt`; null when it cannot. */
  adoption(context: PlayerContext, object: object): { readonly name: string; readonly args: readonly unknown[] } | null;
}

/** What a Ruffle player element offers flashmesh. */
interface PlayerElement extends HTMLElement {
  ruffle?: (version?: number) => { callExternalInterface(name: string, ...args: unknown[]): unknown };
  [callback: string]: unknown;
}

export class PlayerContext {
  readonly objects = new Map<number, object>();
  readonly #handles = new Map<object, number>();
  #nextHandle = 1;
  #element: PlayerElement | null = null;
  /** Called when the context ends (player removed): closes the connections. */
  readonly #disposers: (() => void)[] = [];
  disposed = false;
  #warned = false;
  /** Set by the bridge: makes proxies' twins of page-made objects (none without it). */
  twins: TwinAdopter | null = null;

  constructor(
    readonly token: string,
    readonly swfVersion: number,
    /** A source for the element, when the loader knows it (load({ data }) on an element). */
    element: HTMLElement | null = null,
    /** Told of every object registered (the bridge's onObject listeners). */
    readonly registered: (object: object) => void = () => undefined,
  ) {
    this.#element = element as PlayerElement | null;
  }

  get callbackName(): string {
    return `__flashmesh_${this.token}`;
  }

  /** Registers `object`, returning its handle (the same handle when registered twice). */
  register(object: object): number {
    const existing = this.#handles.get(object);
    if (existing !== undefined) return existing;
    const handle = this.#nextHandle++;
    this.objects.set(handle, object);
    this.#handles.set(object, handle);
    this.registered(object);
    return handle;
  }

  handleOf(object: object): number | undefined {
    return this.#handles.get(object);
  }

  onDispose(disposer: () => void): void {
    this.#disposers.push(disposer);
  }

  /** The player element running this SWF, if it is still in the document. */
  element(): PlayerElement | null {
    const name = this.callbackName;
    if (this.#element !== null && this.#element.isConnected && typeof this.#element[name] === "function") return this.#element;
    if (typeof document === "undefined") return null;
    for (const candidate of document.querySelectorAll<PlayerElement>("*")) {
      if (candidate.tagName.startsWith("RUFFLE-") && typeof candidate[name] === "function") {
        this.#element = candidate;
        return candidate;
      }
    }
    return null;
  }

  /**
   * Calls the SWF's Bridge.receive(kind, handle, a, b): "status" (a netStatus event), "client" (a NetConnection
   * client callback), "responder", "message" (a NetStream message, AMF3), "event" (a Camera's or Microphone's
   * StatusEvent or ActivityEvent). False when the player is gone.
   */
  deliver(kind: "status" | "client" | "responder" | "message" | "event", handle: number, a: unknown, b: unknown = null): boolean {
    const callback = this.#callback();
    if (callback === null) return false;
    callback(kind, handle, a, b);
    return true;
  }

  /**
   * Asks the SWF synchronously (Bridge.receive answers): "peerConnect" (a publisher's `client.onPeerConnect(subscriber)`),
   * "call" (a server-side application's call of a NetConnection.client method, `a` its name, `b` its arguments: the
   * method's value). Its answer, or undefined when the player is gone.
   */
  ask(kind: "peerConnect" | "call", handle: number, a: unknown, b: unknown = null): unknown {
    const callback = this.#callback();
    return callback === null ? undefined : callback(kind, handle, a, b);
  }

  #callback(): ((...args: unknown[]) => unknown) | null {
    const element = this.element();
    if (element === null) {
      if (!this.#warned && !this.disposed) console.warn(`[flashmesh] no player element answers to ${this.callbackName}: events for it are dropped`);
      this.#warned = true;
      return null;
    }
    const callback = element[this.callbackName] as (...args: unknown[]) => unknown;
    return (...args) => callback.call(element, ...args);
  }

  /** Whether a player that once ran this SWF has left the document. */
  get orphaned(): boolean {
    return this.#element !== null && !this.#element.isConnected;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const disposer of this.#disposers.splice(0)) {
      try {
        disposer();
      } catch (error) {
        console.warn("[flashmesh] cleaning up a removed player:", error);
      }
    }
    this.objects.clear();
  }
}
