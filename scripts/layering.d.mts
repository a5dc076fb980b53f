/** Folders whose sources are checked. */
export const CHECKED_FOLDERS: readonly string[];
/** Each source prefix and what its files may import (`typesOnly`: `import type` alone). */
export const LAYERS: readonly { readonly from: string; readonly may: readonly string[]; readonly typesOnly?: readonly string[] }[];
/** The one module allowed to import each of these packages. */
export const PACKAGE_OWNERS: Readonly<Record<string, string>>;
/** The checked source files of `root`, relative, with "/" separators. */
export function sourceFiles(root: string): string[];
/** The imports of a module's text. */
export function importsOf(text: string): { specifier: string; typeOnly: boolean; line: number }[];
/** Every import in `root`'s sources that breaks the plan, as readable lines (empty when the house is in order). */
export function layeringViolations(root: string): string[];
