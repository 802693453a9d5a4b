/**
 * A fake Resend API on loopback, for integration tests (point RESEND_BASE_URL at `url`) and for the
 * browser tests (tests/mocks/fake-resend-server.ts runs it on a fixed port). It implements
 * POST /emails and POST /emails/batch with Resend's answer shapes, honours Idempotency-Key the way
 * Resend does (same key and body: the first answer again and no second delivery; same key, other
 * body: 409 invalid_idempotent_request; same key while the first is in flight: 409
 * concurrent_idempotent_requests), and rejects malformed addresses and any in the `.invalid` domain with 422.
 * `script()` queues canned answers (errors, delays) for the next requests.
 * No test-runner imports: Playwright and plain Node use it too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createHash, createHmac, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  at: number;
};
export type Delivery = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string | undefined;
  text: string | undefined;
  replyTo: unknown;
  headers: Record<string, string> | undefined;
  attachments: unknown;
  idempotencyKey: string | null;
  at: number;
};
/**
 * A canned answer for the next POST. A 2xx entry without a body is processed normally (the email
 * is accepted and delivered) and the answer is sent after `delayMs`: that is a timeout after the
 * provider accepted. An error entry delivers nothing.
 */
export type ScriptedResponse = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

export type FakeResend = {
  url: string;
  port: number;
  requests: RecordedRequest[];
  deliveries: Delivery[];
  script(responses: ScriptedResponse[]): void;
  /** Forgets requests, deliveries, idempotency keys and pending script entries. */
  reset(): void;
  close(): Promise<void>;
};

/** Addresses in the reserved `.invalid` top-level domain (RFC 2606) are refused, like a malformed one. */
const BAD_ADDRESS = /@[^@\s<>]+\.invalid>?$/i;
const ADDRESS = /<?([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>?$/;

function addressOk(to: string) {
  return ADDRESS.test(to.trim()) && !BAD_ADDRESS.test(to.trim());
}

function errorBody(statusCode: number, name: string, message: string) {
  return { statusCode, name, message };
}

export async function startFakeResend(opts: { port?: number; host?: string } = {}): Promise<FakeResend> {
  const requests: RecordedRequest[] = [];
  const deliveries: Delivery[] = [];
  const pending: ScriptedResponse[] = [];
  const idem = new Map<string, { hash: string; status: number; body: unknown; done: boolean }>();

  function deliver(email: Record<string, any>, key: string | null): Delivery {
    const d: Delivery = {
      id: randomUUID(),
      from: email.from,
      to: Array.isArray(email.to) ? email.to : [email.to],
      subject: email.subject,
      html: email.html,
      text: email.text,
      replyTo: email.reply_to,
      headers: email.headers,
      attachments: email.attachments,
      idempotencyKey: key,
      at: Date.now(),
    };
    deliveries.push(d);
    return d;
  }

  function validate(email: Record<string, any>): string | null {
    if (!email || typeof email !== "object") return "Invalid body";
    if (!email.from) return "Missing `from` field.";
    if (!email.subject) return "Missing `subject` field.";
    const to = Array.isArray(email.to) ? email.to : [email.to];
    if (!to.length || to.length > 50) return "Invalid `to` field.";
    for (const t of to)
      if (typeof t !== "string" || !addressOk(t))
        return `Invalid \`to\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`;
    return null;
  }

  /** The normal behaviour of the two endpoints. */
  function process(
    path: string,
    body: any,
    headers: Record<string, string>,
    key: string | null,
  ): { status: number; body: unknown } {
    if (path === "/emails") {
      const problem = validate(body);
      if (problem) return { status: 422, body: errorBody(422, "validation_error", problem) };
      return { status: 200, body: { id: deliver(body, key).id } };
    }
    if (!Array.isArray(body))
      return { status: 422, body: errorBody(422, "validation_error", "The body must be an array") };
    if (body.length > 100)
      return { status: 422, body: errorBody(422, "validation_error", "Too many emails in one batch (max 100)") };
    const permissive = headers["x-batch-validation"] === "permissive";
    const problems = body.map((e) => (e?.attachments ? "Attachments are not supported in batch" : validate(e)));
    if (!permissive) {
      const i = problems.findIndex((p) => p);
      if (i >= 0) return { status: 422, body: errorBody(422, "validation_error", `emails[${i}]: ${problems[i]}`) };
    }
    const data: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    body.forEach((e, i) => {
      if (problems[i]) errors.push({ index: i, message: problems[i]! });
      else data.push({ id: deliver(e, key).id });
    });
    return { status: 200, body: permissive ? { data, errors } : { data } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0];
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
    );
    const send = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...extra });
      res.end(JSON.stringify(body));
    };

    // Inspection and control endpoints for browser tests.
    if (req.method === "GET" && path === "/__deliveries") return send(200, deliveries);
    if (req.method === "GET" && path === "/__requests") return send(200, requests);
    if (req.method === "POST" && path === "/__reset") {
      reset();
      return send(200, { ok: true });
    }
    if (req.method === "POST" && path === "/__script") {
      pending.push(...(JSON.parse(raw || "[]") as ScriptedResponse[]));
      return send(200, { ok: true });
    }

    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    requests.push({ method: req.method ?? "", path, headers, body, at: Date.now() });

    if (req.method === "GET" && path.startsWith("/emails/")) {
      const d = deliveries.find((x) => x.id === path.slice("/emails/".length));
      return d
        ? send(200, { object: "email", ...d, last_event: "delivered" })
        : send(404, errorBody(404, "not_found", "Email not found"));
    }
    if (req.method !== "POST" || (path !== "/emails" && path !== "/emails/batch")) {
      return send(404, errorBody(404, "not_found", "The requested endpoint does not exist."));
    }
    if (!/^Bearer \S+/.test(headers.authorization ?? ""))
      return send(401, errorBody(401, "missing_api_key", "Missing API key in the authorization header."));

    const scripted = pending.shift();
    const delay = scripted?.delayMs ?? 0;
    if (scripted && (scripted.status < 200 || scripted.status >= 300)) {
      if (delay) await sleep(delay);
      return send(
        scripted.status,
        scripted.body ?? errorBody(scripted.status, "application_error", "scripted error"),
        scripted.headers,
      );
    }

    const key = headers["idempotency-key"] || null;
    const hash = createHash("sha256")
      .update(path + "\n" + raw)
      .digest("hex");
    let answer: { status: number; body: unknown };
    if (key) {
      const seen = idem.get(`${path} ${key}`);
      if (seen && !seen.done)
        answer = {
          status: 409,
          body: errorBody(
            409,
            "concurrent_idempotent_requests",
            "Same idempotency key used while the original request is still in progress.",
          ),
        };
      else if (seen && seen.hash !== hash)
        answer = {
          status: 409,
          body: errorBody(
            409,
            "invalid_idempotent_request",
            "Same idempotency key used with a different request payload.",
          ),
        };
      else if (seen) answer = { status: seen.status, body: seen.body };
      else {
        const entry = { hash, status: 0, body: null as unknown, done: false };
        idem.set(`${path} ${key}`, entry);
        answer = process(path, body, headers, key);
        Object.assign(entry, answer, { done: true });
      }
    } else {
      answer = process(path, body, headers, key);
    }
    if (delay) await sleep(delay);
    send(answer.status, scripted?.body ?? answer.body, scripted?.headers ?? {});
  }

  function reset() {
    requests.length = 0;
    deliveries.length = 0;
    pending.length = 0;
    idem.clear();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify(errorBody(500, "internal_server_error", String(e))));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}`,
    port,
    requests,
    deliveries,
    script: (responses) => {
      pending.push(...responses);
    },
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Signs a webhook body the way Resend (Svix / Standard Webhooks) does, for tests of the webhook
 * endpoint: HMAC-SHA256 over "id.timestamp.body" with the base64 secret after "whsec_".
 */
export function signResendWebhook(opts: {
  secret: string;
  id: string;
  payload: string;
  timestamp?: number;
}): Record<string, string> {
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from(opts.secret.replace(/^whsec_/, ""), "base64");
  const sig = createHmac("sha256", key).update(`${opts.id}.${ts}.${opts.payload}`).digest("base64");
  return { "svix-id": opts.id, "svix-timestamp": ts, "svix-signature": `v1,${sig}` };
}
