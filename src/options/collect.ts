/** commander's argParser for a repeatable flag: each value appended to the ones before. */
export function collect(value: string, previous: unknown): string[] {
  return [...(Array.isArray(previous) ? previous : []), value];
}
