import type { ValuesOf, Variables } from '#core/config/parse';

/**
 * One section of the configuration: a group of variables that belong together (Supabase,
 * storage, webhooks …) and how their parsed values become the typed part of the config the
 * code reads (`config.supabase`, `config.storage` …). The reference (docs/configuration.md)
 * has one table per section, in this order, with this title and introduction.
 */
export interface Section<V extends Variables, O> {
  title: string;
  /** What the section is for (Markdown), above its table in the reference. */
  about: string;
  variables: V;
  /** Runs only on a configuration without problems, so required values are present. */
  build: (values: ValuesOf<V>) => O;
}

/** Declares a section (only for inference: the values `build` gets are typed from `variables`). */
export function section<V extends Variables, O>(definition: Section<V, O>): Section<V, O> {
  return definition;
}
