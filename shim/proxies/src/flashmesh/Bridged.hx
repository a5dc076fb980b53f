package flashmesh;

/**
 * A proxy with a page-side twin: what `Bridge.marshal` sends as `{__fm: handle}`. Every proxy class implements it
 * (through its `Twin`), so the bridge needs no list of classes.
 */
interface Bridged {
	function __fmHandle():Int;
}
