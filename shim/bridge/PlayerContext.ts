/**
 * One rewritten SWF's side of the bridge: its token, SWF version, the page-side objects its proxies own (by
 * handle), and the player element events go back to. The element is found by the ExternalInterface callback the
 * SWF's Bridge class registered (`__flashmesh_<token>`), so a context works for SWFs loaded by URL, by data, or by
 * another SWF, without knowing in advance which element will run them.
 */

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

  /** Calls the SWF's Bridge.receive(kind, handle, a, b). False when the player is gone. */
  deliver(kind: "status" | "client" | "responder", handle: number, a: unknown, b: unknown = null): boolean {
    const element = this.element();
    if (element === null) {
      if (!this.#warned && !this.disposed) console.warn(`[flashmesh] no player element answers to ${this.callbackName}: events for it are dropped`);
      this.#warned = true;
      return false;
    }
    const callback = element[this.callbackName] as (...args: unknown[]) => unknown;
    callback.call(element, kind, handle, a, b);
    return true;
  }

  /**
   * Calls the SWF's Bridge.receive(kind, handle, a, b) and returns what it returned (a server-side application's
   * call of a NetConnection.client method wants the method's value); undefined when the player is gone.
   */
  ask(kind: "call", handle: number, a: unknown, b: unknown): unknown {
    const element = this.element();
    if (element === null) return undefined;
    return (element[this.callbackName] as (...args: unknown[]) => unknown).call(element, kind, handle, a, b);
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
