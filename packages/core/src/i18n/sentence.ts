/** The name closing a sentence: "Acme Inc." keeps its one full stop, "Acme" gets one. */
export function sentence(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}
