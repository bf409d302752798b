import { z } from "zod";
import { callerFromRequest } from "@/lib/auth/access";
import { bearerTokenMatches } from "@/lib/auth/bearer-token";
import { clientKey, createRateLimiter } from "@/lib/auth/rate-limit";
import { readEnv } from "@/lib/env";
import { ingestConfiguredFeeds } from "@/lib/ingest/ingest-configured";
import { errorMessage } from "@/lib/log/error-message";
import { logEvent } from "@/lib/log/log-event";

// Only configured feeds may be named: the endpoint never fetches an address a caller supplies.
const ingestRequestSchema = z.object({ feeds: z.array(z.string()).min(1).optional() }).strict();

function problem(status: number, error: string, headers?: HeadersInit): Response {
  return Response.json({ error }, { status, headers });
}

// Ten calls a minute per client: plenty for a person or a cron job, useless for guessing tokens.
// The client key comes from X-Forwarded-For, which a caller can forge, so a limit shared by all
// callers bounds what rotating that header can buy.
const perClient = createRateLimiter({ limit: 10, windowMs: 60_000 });
const allClients = createRateLimiter({ limit: 60, windowMs: 60_000 });

/** POST /api/ingest — run an ingest of the configured feeds now. Needs `Authorization: Bearer $INGEST_TOKEN`. */
export async function POST(request: Request): Promise<Response> {
  const clientRate = perClient.take(clientKey(request.headers));
  const rate = clientRate.allowed ? allClients.take("all") : clientRate;
  if (!rate.allowed)
    return problem(429, `Too many requests: try again in ${rate.retryAfterSeconds} s.`, {
      "retry-after": String(rate.retryAfterSeconds),
    });
  try {
    return await handleIngestRequest(request);
  } catch (error) {
    // The caller learns that it failed, never how: details go to the log and the run record.
    logEvent("api.ingest.error", { error: errorMessage(error) }, "error");
    return problem(500, "The ingest could not run; see the server log.");
  }
}

/**
 * INGEST_TOKEN, as before sign-in existed, or a personal token with the `ingest` scope. No session:
 * a browser's cookie must never trigger an ingest.
 */
async function ingestAllowed(request: Request): Promise<Response | null> {
  const env = readEnv();
  if (env.INGEST_TOKEN && bearerTokenMatches(request.headers.get("authorization"), env.INGEST_TOKEN)) return null;
  if (/^Bearer\s+tbp_/i.test(request.headers.get("authorization") ?? "")) {
    const caller = await callerFromRequest(request.headers, new URL(request.url));
    if (caller.kind === "token") {
      if (caller.scopes.includes("ingest")) return null;
      return problem(403, "This token has no ingest scope.");
    }
    if (caller.kind === "anonymous")
      return problem(401, "The token is not valid.", { "www-authenticate": 'Bearer realm="ingest"' });
  }
  if (!env.INGEST_TOKEN)
    return problem(
      403,
      "The ingest endpoint is disabled: set INGEST_TOKEN, or use a personal token with the ingest scope.",
    );
  return problem(401, "Missing or wrong bearer token.", { "www-authenticate": 'Bearer realm="ingest"' });
}

async function handleIngestRequest(request: Request): Promise<Response> {
  const env = readEnv();
  const refusal = await ingestAllowed(request);
  if (refusal) return refusal;

  const text = await request.text();
  let body: unknown = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      return problem(400, 'The request body must be JSON, such as {"feeds": ["https://…/feed.xml"]}, or empty.');
    }
  }
  const parsed = ingestRequestSchema.safeParse(body);
  if (!parsed.success)
    return problem(
      400,
      `Invalid request: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ")}`,
    );

  const requested = parsed.data.feeds ?? env.FEED_URLS;
  const unknown = requested.filter((url) => !env.FEED_URLS.includes(url));
  if (unknown.length) return problem(400, `Not a configured feed (FEED_URLS): ${unknown.join(", ")}`);

  const results = await ingestConfiguredFeeds("api", requested);
  return Response.json({ ok: results.every((result) => result.status !== "failed"), results });
}
