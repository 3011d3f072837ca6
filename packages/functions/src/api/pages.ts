type Pages = typeof import("@rapport/web/pages/index");

let loaded: Promise<Pages> | undefined;

/** The server-rendered pages, loaded on first use: the JSON API's cold start does not pay for them. */
export function pages(): Promise<Pages> {
  loaded ??= import("@rapport/web/pages/index");
  return loaded;
}
