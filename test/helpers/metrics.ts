/**
 * Reading jetsub's Prometheus endpoint in tests: the address it wrote on stderr, a scrape,
 * and one sample's value out of the exposition text.
 */
import type { CliProcess } from './cli.js';

const LISTENING = /metrics on (http:\/\/\S+\/metrics)\n/;

/** Waits for `metrics on http://…/metrics` on stderr and returns the URL (the real port for port 0). */
export async function waitMetricsUrl(cli: CliProcess, timeoutMs = 10_000): Promise<string> {
  await cli.waitFor(LISTENING, { timeoutMs });
  return LISTENING.exec(cli.stderr)![1]!;
}

export async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
}

/** The sample lines (no HELP/TYPE) whose name is `name`, as written. */
export function sampleLines(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

/** The value of the sample written exactly as `name{labels}`; undefined when there is none. */
export function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Scrapes until `check` holds for the text (or the deadline passes, with the last text in the error). */
export async function scrapeUntil(url: string, check: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text: string;
  for (;;) {
    text = await scrape(url);
    if (check(text)) return text;
    if (Date.now() > deadline) throw new Error(`${url}: not as expected within ${timeoutMs} ms; last scrape:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
