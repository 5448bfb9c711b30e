// Types for eslint-layers.js (plain JS because eslint.config.js loads it without a build step).
export interface Layer {
  readonly name: string;
  readonly folders: readonly string[];
  readonly peers?: readonly string[];
  readonly beside?: readonly string[];
}
export declare const LAYERS: readonly Layer[];
export declare function forbiddenFor(name: string): Layer[];
export declare function patternsOf(layer: Layer): string[];
