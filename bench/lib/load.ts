/** autocannon runs and how their figures are printed. */
import autocannon, { type Result } from "autocannon";

export type LoadFigures = {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  bytesPerReq: number;
};

export async function load(
  label: string,
  opts: { url: string; headers?: Record<string, string>; connections: number; duration: number },
): Promise<LoadFigures> {
  const r: Result = await autocannon({
    url: opts.url,
    headers: opts.headers,
    connections: opts.connections,
    duration: opts.duration,
    timeout: 30,
  });
  const requests = r.requests.total;
  return {
    label,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests,
    non2xx: r.non2xx,
    errors: r.errors,
    bytesPerReq: requests ? r.throughput.total / requests : 0,
  };
}

export function printLoadTable(rows: LoadFigures[]) {
  console.log(
    `${"".padEnd(34)} ${"req/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"requests".padStart(9)} ${"non-2xx".padStart(8)} ${"errors".padStart(7)} ${"kB/resp".padStart(8)}`,
  );
  for (const f of rows) {
    console.log(
      `${f.label.padEnd(34)} ${f.rps.toFixed(1).padStart(8)} ${String(f.p50).padStart(7)} ${String(f.p99).padStart(7)} ${String(f.requests).padStart(9)} ${String(f.non2xx).padStart(8)} ${String(f.errors).padStart(7)} ${(f.bytesPerReq / 1024).toFixed(1).padStart(8)}`,
    );
  }
}
